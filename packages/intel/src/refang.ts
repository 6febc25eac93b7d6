/**
 * Undoes the usual "defanging" that threat reports apply to indicators so nobody clicks them.
 * @module
 */

// Order matters: the scheme forms first, then separators. Each bracket style ([], (), {}) is accepted.
const REFANGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:hxxp|hxtp|htxp|h\[tt\]p|h\[xx\]p|hXXp)(s?)(?=\[?:)/gi, 'http$1'],
  [/\bfxp(s?)(?=\[?:)/gi, 'ftp$1'],
  [/\[:\/\/\]|\[:\]\/\/|\(:\/\/\)|\{:\/\/\}/g, '://'],
  [/\[:\]|\(:\)/g, ':'],
  [/\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})\s?/gi, '.'],
  [/\s?(?:\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\})\s?/gi, '@'],
];

const MAYBE_DEFANGED = /[[({:]/;

/**
 * Rewrites defanged forms to the real thing: `hxxp://`, `hxxps://`, `fxp://`, `[://]`, `[:]`, `[.]`, `(.)`,
 * `{.}`, `[dot]`, `[@]`, `[at]` (and the other bracket styles).
 *
 * ```ts
 * refang('hxxps://evil[.]example[.]com/a'); // 'https://evil.example.com/a'
 * ```
 */
export function refang(text: string): string {
  // Every form above has a bracket, or a colon after the scheme: most values (hashes, addresses, plain
  // domains) have neither and skip the six regular expressions (this runs on every lookup by value).
  if (!MAYBE_DEFANGED.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of REFANGS) out = out.replace(pattern, replacement);
  return out;
}

/** Whether `refang` would change the text: a strong hint that the author meant it as an indicator. */
export function isDefanged(text: string): boolean {
  return refang(text) !== text;
}
