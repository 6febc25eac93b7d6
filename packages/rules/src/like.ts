/**
 * SQL `LIKE` patterns: `%` is any run of characters, `_` exactly one (UTF-16 code unit), everything else
 * literal and case-sensitive, and the pattern must match the whole value. `\%`, `\_` and `\\` stand for
 * the literal character.
 * @module
 */

/** A compiled LIKE pattern. */
export type LikeMatcher = (value: string) => boolean;

// A segment is the text between two `%`; ANY marks a `_` inside it.
const ANY = -1;
type Segment = number[];

/**
 * Compiles a LIKE pattern once. Common shapes (`abc`, `abc%`, `%abc`, `%abc%`) become plain string
 * methods; the rest use a wildcard matcher that never backtracks further than one segment, so hostile
 * patterns such as `%a%a%a%a%b` stay polynomial rather than exponential.
 *
 * ```ts
 * compileLike('/tmp/go-build%')('/tmp/go-build123/exe/main'); // true
 * ```
 */
export function compileLike(pattern: string): LikeMatcher {
  const segments: Segment[] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x5c /* \ */ && i + 1 < pattern.length) {
      const next = pattern.charCodeAt(i + 1);
      if (next === 0x25 || next === 0x5f || next === 0x5c) {
        segments[segments.length - 1]!.push(next);
        i++;
        continue;
      }
    }
    if (c === 0x25 /* % */) segments.push([]);
    else segments[segments.length - 1]!.push(c === 0x5f /* _ */ ? ANY : c);
  }

  const hasAny = segments.some((s) => s.includes(ANY));
  if (!hasAny) {
    const texts = segments.map((s) => String.fromCharCode(...s));
    if (texts.length === 1) {
      const exact = texts[0]!;
      return (v) => v === exact;
    }
    const first = texts[0]!;
    const last = texts[texts.length - 1]!;
    const middle = texts.slice(1, -1).filter((t) => t !== '');
    if (middle.length === 0) {
      if (last === '') return first === '' ? () => true : (v) => v.startsWith(first);
      if (first === '') return (v) => v.endsWith(last);
      const min = first.length + last.length;
      return (v) => v.length >= min && v.startsWith(first) && v.endsWith(last);
    }
    if (middle.length === 1 && first === '' && last === '') {
      const inner = middle[0]!;
      return (v) => v.includes(inner);
    }
  }
  return (v) => matchSegments(segments, v);
}

function matchSegments(segments: readonly Segment[], value: string): boolean {
  const first = segments[0]!;
  if (segments.length === 1) return first.length === value.length && matchAt(first, value, 0);
  const last = segments[segments.length - 1]!;
  if (first.length + last.length > value.length) return false;
  if (!matchAt(first, value, 0)) return false;
  const end = value.length - last.length;
  if (!matchAt(last, value, end)) return false;
  // Leftmost placement of each middle segment is optimal: a later match only leaves less room.
  let pos = first.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const seg = segments[s]!;
    let found = -1;
    for (let i = pos; i + seg.length <= end; i++) {
      if (matchAt(seg, value, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}

function matchAt(segment: Segment, value: string, at: number): boolean {
  for (let j = 0; j < segment.length; j++) {
    const c = segment[j]!;
    if (c !== ANY && value.charCodeAt(at + j) !== c) return false;
  }
  return true;
}
