import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventRecord, FieldSpec } from '../src/index.js';
import { compileFilter, EVENT_FIELDS } from '../src/index.js';

const types = (filter: string): string[] | undefined => {
  const t = compileFilter(filter).eventTypes;
  return t === undefined ? undefined : [...t].sort();
};

describe('fields', () => {
  test('lists each field once, in order of first use', () => {
    assert.deepEqual(compileFilter('event_type = "audit" and (user = "a" or not user = "b") and args = "-e" and event_type != "x"').fields, [
      'event_type',
      'user',
      'args',
    ]);
    assert.deepEqual(compileFilter('dst_ip = 10.0.0.0/8').fields, ['dst_ip']);
  });

  test('the compiled filter and its lists are frozen', () => {
    const f = compileFilter('user = "a"');
    assert.ok(Object.isFrozen(f));
    assert.ok(Object.isFrozen(f.fields));
    assert.equal(f.source, 'user = "a"');
  });

  test('test can be detached from the object', () => {
    const { test: run } = compileFilter('user = "a"');
    assert.equal(run({ user: 'a' }), true);
  });
});

describe('eventTypes (for bucketing)', () => {
  test('event_type = x and event_type in (…) at the top level', () => {
    assert.deepEqual(types('event_type = "audit"'), ['audit']);
    assert.deepEqual(types('event_type = "audit" and syscall = "execve"'), ['audit']);
    assert.deepEqual(types('syscall = "connect" and event_type in ("connect", "accept")'), ['accept', 'connect']);
    assert.deepEqual(types('EVENT_TYPE = "x"'.replace('EVENT_TYPE', 'event_type')), ['x']);
  });

  test('through nested and, intersected', () => {
    assert.deepEqual(types('(event_type in ("a", "b") and user = "x") and event_type in ("b", "c")'), ['b']);
    assert.deepEqual(types('event_type = "a" and event_type = "b"'), []);
  });

  test('through or when every branch constrains event_type, united', () => {
    assert.deepEqual(types('(event_type = "login" or (event_type = "audit" and type = "login")) and user = "root"'), ['audit', 'login']);
    assert.deepEqual(types('event_type = "login" or user = "root"'), undefined);
  });

  test('undefined when event_type is not required', () => {
    assert.equal(types('user = "root"'), undefined);
    assert.equal(types('event_type != "audit"'), undefined);
    assert.equal(types('event_type not in ("audit")'), undefined);
    assert.equal(types('not event_type = "audit"'), undefined);
    assert.equal(types('event_type starts_with "au"'), undefined);
    assert.equal(types('event_type in ("audit", null)'), undefined);
    assert.equal(types('event_type = null'), undefined);
  });

  test('the set is read-only', () => {
    const set = compileFilter('event_type = "audit"').eventTypes as Set<string>;
    assert.throws(() => set.add('file'), TypeError);
    assert.throws(() => set.delete('audit'), TypeError);
    assert.throws(() => set.clear(), TypeError);
    assert.deepEqual([...set], ['audit']);
  });
});

describe('compile once, test many', () => {
  test('testing events never consults the field table again (nothing is re-parsed per event)', () => {
    let lookups = 0;
    const counting = new Proxy(EVENT_FIELDS as Record<string, FieldSpec>, {
      get(target, key, receiver) {
        lookups++;
        return Reflect.get(target, key, receiver);
      },
      getOwnPropertyDescriptor(target, key) {
        lookups++;
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys(target) {
        lookups++;
        return Reflect.ownKeys(target);
      },
      has(target, key) {
        lookups++;
        return Reflect.has(target, key);
      },
    });
    const f = compileFilter(
      'event_type = "connect" and dst_ip not in (10.0.0.0/8, 192.168.0.0/16) and dst_port not in (53, 80, 443) and (command matches "^python" or exe like "/tmp/%" or arguments contains "stratum")',
      { fields: counting },
    );
    const afterCompile = lookups;
    assert.ok(afterCompile > 0);

    let hits = 0;
    const events: EventRecord[] = [];
    for (let i = 0; i < 100; i++) {
      events.push({
        event_type: i % 3 === 0 ? 'connect' : 'audit',
        dst_ip: `203.0.113.${i}`,
        dst_port: 4000 + i,
        command: i % 2 === 0 ? 'python3' : 'curl',
        exe: '/usr/bin/curl',
        args: ['curl', `http://x/${i}`],
      });
    }
    for (let round = 0; round < 1_000; round++) for (const e of events) if (f.test(e)) hits++;
    assert.equal(lookups, afterCompile);
    assert.equal(hits, 1_000 * events.filter((e, i) => e.event_type === 'connect' && i % 2 === 0).length);
  });

  test('results do not depend on evaluation order (memoised parses and joins stay correct)', () => {
    const f = compileFilter('dst_ip = 10.0.0.0/8 and arguments contains "x"');
    const a = { dst_ip: '10.1.1.1', args: ['x'] };
    const b = { dst_ip: '11.1.1.1', args: ['y'] };
    const sequence = [a, b, a, a, b, b, a].map((e) => f.test(e));
    assert.deepEqual(sequence, [true, false, true, true, false, false, true]);
    const args = ['x'];
    const c = { dst_ip: '10.0.0.1', args };
    assert.equal(f.test(c), true);
    const d = { dst_ip: '10.0.0.1', args: ['y'] };
    assert.equal(f.test(d), false);
  });
});
