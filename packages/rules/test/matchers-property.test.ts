/**
 * Property tests of the linear-time matchers (issue #16) with generated patterns and values: `matches`
 * (RE2) agrees with JavaScript's RegExp on the syntax both share, globs and LIKE agree with a plain
 * exponential reference; on small inputs, where the references are still fast. And on the hostile
 * input, generated patterns always give their answer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileGlob, compileLike, compileRegex } from '../src/index.js';

const RUNS = { numRuns: 400 };

// ---------------------------------------------------------------------------------------------------------
// Regular expressions: a generated syntax tree, printed once for RE2 and once for JavaScript.

type Node =
  | { kind: 'lit'; text: string }
  | { kind: 'class'; text: string }
  | { kind: 'cat' | 'alt'; parts: Node[] }
  | { kind: 'rep'; node: Node; op: string }
  | { kind: 'group'; node: Node };

const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom('a', 'b', 'ab', '.', '\\.', '-').map((text): Node => ({ kind: 'lit', text })),
  fc.constantFrom('[ab]', '[^a]', '[a-c]', '\\d', '\\w', '[.]').map((text): Node => ({ kind: 'class', text })),
);
const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 2, maxLength: 4 }).map((parts): Node => ({ kind: 'cat', parts })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts): Node => ({ kind: 'alt', parts })),
    fc.record({ node: tie('node'), op: fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?') }).map((r): Node => ({ kind: 'rep', ...r })),
    tie('node').map((node): Node => ({ kind: 'group', node })),
  ),
})).node;

function print(n: Node): string {
  switch (n.kind) {
    case 'lit':
    case 'class':
      return n.text;
    case 'cat':
      return n.parts.map((p) => (p.kind === 'alt' ? `(?:${print(p)})` : print(p))).join('');
    case 'alt':
      return n.parts.map(print).join('|');
    case 'rep':
      // Always a group under a repeat: both engines refuse `a**`, and a repeat binds to one character.
      return `(?:${print(n.node)})${n.op}`;
    case 'group':
      return `(${print(n.node)})`;
  }
}

/** The printed tree, in a group so the anchors apply to all of it. */
const source = (node: Node, flags: { start: boolean; end: boolean }) => `${flags.start ? '^' : ''}(?:${print(node)})${flags.end ? '$' : ''}`;

const anchored = fc.record({ start: fc.boolean(), end: fc.boolean(), ignoreCase: fc.boolean() });
const value = (chars: string[], maxLength: number) => fc.array(fc.constantFrom(...chars), { maxLength }).map((cs) => cs.join(''));

describe('matches (RE2) with generated patterns', () => {
  test('agrees with JavaScript RegExp on the syntax both share', () => {
    fc.assert(
      fc.property(tree, anchored, value(['a', 'b', 'A', 'c', '.', '-', '1', '_', ' '], 10), (node, flags, input) => {
        const body = source(node, flags);
        const expected = new RegExp(body, flags.ignoreCase ? 'i' : '').test(input);
        assert.equal(compileRegex(`${flags.ignoreCase ? '(?i)' : ''}${body}`).test(input), expected, `/${body}/ on ${JSON.stringify(input)}`);
      }),
      RUNS,
    );
  });

  test("agrees with a position-set reference on the issue's long hostile inputs, where RegExp could backtrack for hours", () => {
    const hostile = fc.record({ as: fc.integer({ min: 20, max: 40 }), tail: fc.constantFrom('!', 'b', '', 'ab!') }).map(({ as, tail }) => `${'a'.repeat(as)}${tail}`);
    fc.assert(
      fc.property(tree, anchored, hostile, (node, flags, input) => {
        const body = source(node, flags);
        const expected = referenceTest(node, flags, input);
        assert.equal(compileRegex(`${flags.ignoreCase ? '(?i)' : ''}${body}`).test(input), expected, `/${body}/ on ${JSON.stringify(input)}`);
      }),
      { numRuns: 300 },
    );
  });
});

const REPEATS: Record<string, [number, number]> = { '*': [0, Infinity], '*?': [0, Infinity], '{0,}': [0, Infinity], '+': [1, Infinity], '+?': [1, Infinity], '?': [0, 1], '{2}': [2, 2], '{1,3}': [1, 3] };

/**
 * Whether the tree matches the input, computed as the sets of positions each node can end at from each
 * start (memoized): polynomial, so it answers where a backtracking engine would not. Leaves are single
 * fixed-width tokens, tested with a sticky RegExp.
 */
function referenceTest(root: Node, flags: { start: boolean; end: boolean; ignoreCase: boolean }, input: string): boolean {
  const memo = new Map<Node, Map<number, Set<number>>>();
  const ends = (n: Node, i: number): Set<number> => {
    let byStart = memo.get(n);
    if (byStart === undefined) memo.set(n, (byStart = new Map()));
    const known = byStart.get(i);
    if (known !== undefined) return known;
    const out = new Set<number>();
    byStart.set(i, out);
    switch (n.kind) {
      case 'lit':
      case 'class': {
        const re = new RegExp(n.text, `y${flags.ignoreCase ? 'i' : ''}`);
        re.lastIndex = i;
        const m = re.exec(input);
        if (m !== null) out.add(i + m[0].length);
        break;
      }
      case 'group':
        for (const j of ends(n.node, i)) out.add(j);
        break;
      case 'alt':
        for (const p of n.parts) for (const j of ends(p, i)) out.add(j);
        break;
      case 'cat': {
        let at = new Set([i]);
        for (const p of n.parts) {
          const next = new Set<number>();
          for (const j of at) for (const k of ends(p, j)) next.add(k);
          at = next;
        }
        for (const j of at) out.add(j);
        break;
      }
      case 'rep': {
        const [min, max] = REPEATS[n.op]!;
        let level = new Set([i]);
        const reached = new Set<number>(min === 0 ? [i] : []);
        for (let k = 1; k <= max && level.size > 0; k++) {
          const next = new Set<number>();
          for (const j of level) for (const e of ends(n.node, j)) next.add(e);
          // Past the minimum only new positions can add anything.
          level = k > min ? new Set([...next].filter((j) => !reached.has(j))) : next;
          if (k >= min) for (const j of next) reached.add(j);
        }
        for (const j of reached) out.add(j);
        break;
      }
    }
    return out;
  };
  const starts = flags.start ? [0] : [...Array(input.length + 1).keys()];
  return starts.some((i) => {
    const e = ends(root, i);
    return flags.end ? e.has(input.length) : e.size > 0;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Globs and LIKE against exponential references.

/** `*` any run without `/`, `**` (or more) any run; the whole path must match. Exponential; small inputs only. */
function globReference(glob: string, path: string): boolean {
  if (glob === '') return path === '';
  if (glob[0] === '*') {
    let stars = 0;
    while (glob[stars] === '*') stars++;
    const rest = glob.slice(stars);
    for (let i = 0; i <= path.length; i++) {
      if (globReference(rest, path.slice(i))) return true;
      if (stars === 1 && path[i] === '/') return false;
    }
    return false;
  }
  return path !== '' && path[0] === glob[0] && globReference(glob.slice(1), path.slice(1));
}

/** `%` any run, `_` one character, `\%` `\_` `\\` literal; the whole value must match. Exponential. */
function likeReference(pattern: string, value: string): boolean {
  if (pattern === '') return value === '';
  const c = pattern[0]!;
  if (c === '\\' && pattern.length > 1 && '%_\\'.includes(pattern[1]!)) {
    return value[0] === pattern[1] && likeReference(pattern.slice(2), value.slice(1));
  }
  if (c === '%') {
    for (let i = 0; i <= value.length; i++) if (likeReference(pattern.slice(1), value.slice(i))) return true;
    return false;
  }
  if (value === '') return false;
  return (c === '_' || c === value[0]) && likeReference(pattern.slice(1), value.slice(1));
}

describe('globs with generated patterns', () => {
  test('agree with the exponential reference', () => {
    fc.assert(
      fc.property(value(['a', 'b', '/', '*', '.', '?', '['], 9), value(['a', 'b', '/', '.', '?', '['], 12), (glob, path) => {
        assert.equal(compileGlob(glob)(path), globReference(glob, path), `${JSON.stringify(glob)} on ${JSON.stringify(path)}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('paths built to match a generated glob do match it', () => {
    // Each `*` replaced by a run without `/`, each `**` by any run: the glob must accept the result.
    const part = fc.oneof(
      fc.constantFrom('a', 'b', '/', '.').map((lit) => ({ glob: lit, path: fc.constant(lit) })),
      fc.constant({ glob: '*', path: value(['a', 'b', '.'], 5) }),
      fc.constant({ glob: '**', path: value(['a', 'b', '/'], 5) }),
    );
    const pair = fc.array(part, { maxLength: 10 }).chain((parts) =>
      fc.tuple(...parts.map((p) => p.path)).map((paths) => ({ glob: parts.map((p) => p.glob).join(''), path: paths.join('') })),
    );
    fc.assert(fc.property(pair, ({ glob, path }) => assert.ok(compileGlob(glob)(path), `${glob} on ${path}`)), RUNS);
  });

  test("the issue's glob answers on long hostile paths", () => {
    const glob = compileGlob('**a**a**a**a**a**a**a**a**b');
    assert.equal(glob(`${'a'.repeat(28)}!`), false);
    assert.equal(glob(`/${'a'.repeat(5000)}/b`), true);
    assert.equal(glob(`/${'a'.repeat(5000)}/c`), false);
  });
});

describe('LIKE with generated patterns', () => {
  test('agrees with the exponential reference', () => {
    fc.assert(
      fc.property(value(['a', 'b', '%', '_', '\\'], 9), value(['a', 'b', '%', '_', '\\'], 12), (pattern, input) => {
        assert.equal(compileLike(pattern)(input), likeReference(pattern, input), `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`);
      }),
      { numRuns: 2000 },
    );
  });
});
