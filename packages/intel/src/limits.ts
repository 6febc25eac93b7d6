/**
 * Size limits on indicator values.
 * @module
 */

/**
 * The longest indicator value accepted, of any type, counted in Unicode code points. Long enough for real
 * URLs and user agents, short enough to keep a value inside a database index entry and an error message sane.
 */
export const MAX_INDICATOR_VALUE_LENGTH = 2048;
