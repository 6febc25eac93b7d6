/**
 * Generators of tricky version strings for each scheme, shared by the property tests and by the scripts
 * that ask the real tools (dpkg, rpm) for the committed vectors: few distinct pieces, so that random pairs
 * often share prefixes, differ by one `~`, a leading zero or a separator, and cross validity edges.
 */
import fc from 'fast-check';

const join = (parts: string[]) => parts.join('');

/** `null` most of the time, a value from `arb` about once in `oneIn` draws. */
const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });

/** One of the common values most of the time, one of the odd ones about once in `oneIn` draws. */
const mostly = (common: readonly string[], odd: readonly string[], oneIn: number): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: fc.constantFrom(...common), weight: oneIn - 1 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });

/** Applies one small edit, so a pair is close: insert, delete or replace a piece, or append one. */
function mutated(base: fc.Arbitrary<string>, pieces: readonly string[]): fc.Arbitrary<[string, string]> {
  return fc
    .tuple(base, fc.nat(), fc.constantFrom('insert', 'delete', 'replace', 'append'), fc.constantFrom(...pieces))
    .map(([a, at, op, piece]) => {
      const i = a.length === 0 ? 0 : at % a.length;
      const b =
        op === 'insert' ? a.slice(0, i) + piece + a.slice(i)
        : op === 'delete' ? a.slice(0, i) + a.slice(i + 1)
        : op === 'replace' ? a.slice(0, i) + piece + a.slice(i + 1)
        : a + piece;
      return [a, b];
    });
}

/** Pairs: half independent, half one edit apart. */
function pairs(one: fc.Arbitrary<string>, pieces: readonly string[]): fc.Arbitrary<[string, string]> {
  return fc.oneof(fc.tuple(one, one), mutated(one, pieces));
}

// ---------------------------------------------------------------------------------------------------------
// dpkg

const DPKG_PIECES = ['0', '00', '1', '01', '2', '9', '10', '99', '.', '~', '+', '-', 'a', 'b', 'z', 'A', 'Z', 'rc', '~rc', '+dfsg', '+b1', '-1', '-0', '.0', '~~', ':'];
const DPKG_ODD = [' ', '\t', '_', '!', 'é', '\n', '\r', '%', '/'];
const DPKG_EPOCHS = ['', '', '', '', '0:', '1:', '2:', '01:', '10:', '2147483647:'];
const DPKG_ODD_EPOCHS = [':', 'a:', '1a:', '+1:', '-0:', '-1:', '\n1:', '\r0:', '2147483648:', '99999999999999999999:'];

/** Debian versions, valid and invalid ones (about a third), never `''` (dpkg's compare treats it apart). */
export const dpkgText: fc.Arbitrary<string> = fc
  .tuple(
    mostly(DPKG_EPOCHS, DPKG_ODD_EPOCHS, 8),
    mostly(['0', '1', '2', '10', '007', '1.0', '2.36'], ['a', '~', '-', '+'], 10),
    fc.array(fc.constantFrom(...DPKG_PIECES), { maxLength: 5 }),
    rarely(fc.constantFrom(...DPKG_ODD), 8),
    fc.nat(),
    rarely(fc.constantFrom(' ', '  ', '\t'), 12),
  )
  .map(([epoch, first, rest, odd, at, pad]) => {
    let body = first + join(rest);
    if (odd !== null) body = body.slice(0, at % (body.length + 1)) + odd + body.slice(at % (body.length + 1));
    return `${pad ?? ''}${epoch}${body}${pad ?? ''}`;
  })
  .filter(isDpkgVersionArgument);

/** `dpkg --compare-versions` takes `''` and `<unknown>` as "no version", not as a version to parse. */
function isDpkgVersionArgument(text: string): boolean {
  return text !== '' && text !== '<unknown>';
}

export const dpkgPairs = pairs(dpkgText, DPKG_PIECES).filter(([a, b]) => isDpkgVersionArgument(a) && isDpkgVersionArgument(b));

// ---------------------------------------------------------------------------------------------------------
// rpm

const RPM_PIECES = ['0', '00', '1', '01', '2', '9', '10', '.', '_', '+', '~', '^', 'a', 'b', 'rc', 'git', 'fc', 'el9', 'Z', '~rc1', '^git1'];
const RPM_EPOCHS = ['', '', '', '0:', '1:', '2:', '00:', '01:', ':'];
const RPM_RELEASES = ['', '', '-1', '-0', '-01', '-1.el9', '-1.el9_2', '-2.fc40', '-1~rc1', '-1^git1', '-a'];

/** RPM EVRs; most are valid, some trip rpmbuild's rules (`..`, a second `-`, an empty part). */
export const rpmText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...RPM_EPOCHS),
    fc.constantFrom('0', '1', '2', '1.0', '10', 'a', '~', '^', '.1'),
    fc.array(fc.constantFrom(...RPM_PIECES), { maxLength: 5 }),
    fc.constantFrom(...RPM_RELEASES),
  )
  .map(([epoch, first, rest, release]) => `${epoch}${first}${join(rest)}${release}`);

export const rpmPairs = pairs(rpmText, RPM_PIECES);

// ---------------------------------------------------------------------------------------------------------
// apk

const APK_SUFFIXES = ['alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p'];
const digits = fc.constantFrom('0', '00', '01', '1', '2', '5', '05', '9', '10', '010', '123');

/** apk versions built along apk's grammar (valid), and the same with one character spoiled (mostly invalid). */
export const apkText: fc.Arbitrary<string> = fc
  .tuple(
    digits,
    fc.array(digits.map((d) => `.${d}`), { maxLength: 3 }),
    rarely(fc.constantFrom('a', 'b', 'z'), 3),
    fc.array(fc.tuple(fc.constantFrom(...APK_SUFFIXES), rarely(digits, 2)).map(([s, n]) => `_${s}${n ?? ''}`), { maxLength: 2 }),
    rarely(fc.constantFrom('~0', '~abc', '~1f', '~ab12'), 6),
    rarely(fc.constantFrom('-r0', '-r1', '-r01', '-r10'), 2),
    rarely(fc.tuple(fc.nat(), fc.constantFrom('_', '-', '.', 'A', '_foo', '-r', '~', 'x1', '..')), 8),
  )
  .map(([first, dotted, letter, suffixes, hash, revision, spoil]) => {
    const text = `${first}${join(dotted)}${letter ?? ''}${join(suffixes)}${hash ?? ''}${revision ?? ''}`;
    if (spoil === null) return text;
    const at = spoil[0] % (text.length + 1);
    return text.slice(0, at) + spoil[1] + text.slice(at);
  });

// ---------------------------------------------------------------------------------------------------------
// semver

const ident = fc.constantFrom('0', '1', '2', '10', 'alpha', 'beta', 'rc', 'a-b', '0a', 'x');
/** Semantic versions with pre-release and build parts. */
export const semverText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('0', '1', '2', '10'),
    fc.constantFrom('0', '1', '2', '10'),
    fc.constantFrom('0', '1', '2', '10'),
    rarely(fc.array(ident, { minLength: 1, maxLength: 3 }), 2),
    rarely(fc.array(ident, { minLength: 1, maxLength: 2 }), 4),
  )
  .map(([major, minor, patch, pre, build]) => `${major}.${minor}.${patch}${pre ? `-${pre.join('.')}` : ''}${build ? `+${build.join('.')}` : ''}`);
