/**
 * Size limits of the filter language. Filters come from API clients, so every resource a compile can
 * consume is bounded here.
 * @module
 */

/** Longest filter source accepted, in UTF-16 code units. */
export const MAX_FILTER_LENGTH = 10_000;

/** Deepest nesting of parentheses and `not` accepted; the compiled predicate recurses this deep. */
export const MAX_NESTING_DEPTH = 64;

/** Longest regular expression accepted by `matches`; long patterns are where backtracking hides. */
export const MAX_REGEX_LENGTH = 1_000;
