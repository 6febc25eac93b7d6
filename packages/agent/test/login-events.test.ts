/**
 * Authentication log messages → login, logout, sudo and su events, on real lines (test/fixtures/auth-log,
 * where each comes from is in SOURCES.md): auth.log in both timestamp formats, and `journalctl -o json`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LoginEvents, parseJournalEntry, parseSyslogLine, type AuthEntry, type HostEvent, type UserDirectory } from '@vigil/agent';

const NOW = new Date(2026, 11, 7, 12, 0, 0).getTime();
const users: UserDirectory = {
  userName: (uid) => ({ 0: 'root', 1000: 'siduser', 1021: 'zzm' })[uid],
  userId: (name) => ({ root: 0, vagrant: 1000, siduser: 1000, zzm: 1021, 'www-data': 33, sonita: 1001 })[name],
};

function fixture(name: string): string[] {
  return readFileSync(new URL(`./fixtures/auth-log/${name}`, import.meta.url), 'utf8').split('\n').filter(Boolean);
}

/** every event of the entries, held ones included, and what was ignored */
function eventsOf(entries: Array<AuthEntry | undefined>): { events: HostEvent[]; ignored: number } {
  const builder = new LoginEvents({ users });
  const events: HostEvent[] = [];
  for (const entry of entries) {
    assert.ok(entry, 'every fixture line is read');
    events.push(...builder.push(entry, 0));
  }
  return { events: [...events, ...builder.drain()], ignored: builder.ignored };
}

const local = (month: number, day: number, h: number, m: number, s: number, year = 2026) => new Date(year, month - 1, day, h, m, s).getTime();
const of = (events: HostEvent[], pid: number) => events.filter((e) => e.pid === pid);

describe('login events from auth.log (classic timestamps)', () => {
  const { events, ignored } = eventsOf(fixture('classic.log').map((line) => parseSyslogLine(line, NOW)));

  it('reports an sshd login, completed by its session line, and its logout with the same peer', () => {
    assert.deepEqual(of(events, 2805), [
      {
        event_type: 'login', success: true, timestamp: local(2, 22, 16, 48, 4), pid: 2805, exe: '/usr/sbin/sshd', command: 'sshd',
        user: 'drewr', auth_method: 'publickey', src_ip: '69.245.39.97', src_port: 34202,
      },
      {
        event_type: 'logout', success: true, timestamp: local(2, 22, 16, 48, 4), pid: 2805, exe: '/usr/sbin/sshd', command: 'sshd',
        user: 'drewr', src_ip: '69.245.39.97', src_port: 34202,
      },
    ]);
    // a login whose session line never came is still reported, once its time is up
    assert.deepEqual(of(events, 3402), [
      {
        event_type: 'login', success: true, timestamp: local(2, 21, 21, 54, 44), pid: 3402, exe: '/usr/sbin/sshd', command: 'sshd',
        user: 'vagrant', uid: 1000, auth_method: 'publickey', src_ip: '10.0.2.2', src_port: 63673,
      },
    ]);
  });

  it('reports failed and invalid-user logins with the address sshd wrote last, whatever the client called itself', () => {
    const failed = events.filter((e) => e.event_type === 'login' && e.success === false);
    assert.deepEqual(
      failed.map((e) => [e.user, e.auth_method, e.src_ip, e.src_port]),
      [
        ['root', 'password', '216.160.83.57', 29160],
        ['root', 'password', '202.109.143.106', 3576],
        ['ROOT', 'password', 'aaaa:bbbb:cccc:1234::1:1', 50273],
        ['root', 'password', '192.0.2.1', 56502],
        ['test from 10.10.1.2 port 55555 ssh2', 'password', '127.0.0.1', 58946],
        ['jamedds', 'keyboard-interactive', '205.186.180.77', 33723],
        ['graysky', 'publickey', '127.0.0.1', 37954],
        // LabSZ's `Invalid user webmaster` and its `Failed password for invalid user webmaster`: one attempt
        ['webmaster', 'password', '173.234.31.186', 38926],
        // `Invalid user` lines that no attempt followed, reported when their time is up
        ['test', undefined, '10.0.2.2', undefined],
        [undefined, undefined, '192.0.2.68', 34916],
      ],
    );
    assert.equal(of(events, 24200).length, 1);
    // OpenSSH 9.8's sshd-session is still sshd to rules
    assert.deepEqual(of(events, 1571).map((e) => [e.command, e.exe]), [['sshd', '/usr/lib/openssh/sshd-session']]);
    assert.ok(failed.every((e) => e.command === 'sshd'));
  });

  it('reports sudo commands, allowed and denied', () => {
    assert.deepEqual(
      events.filter((e) => e.event_type === 'sudo'),
      [
        {
          event_type: 'sudo', success: true, timestamp: local(2, 21, 23, 35, 33), exe: '/usr/bin/sudo', command: 'sudo',
          user: 'vagrant', src_user: 'vagrant', uid: 1000, dst_user: 'root', tty: 'pts/0', args: ['sudo', '/bin/ls'],
        },
        {
          event_type: 'sudo', success: true, timestamp: local(2, 23, 0, 8, 48), exe: '/usr/bin/sudo', command: 'sudo',
          user: 'vagrant', src_user: 'vagrant', uid: 1000, dst_user: 'root', tty: 'pts/1', args: ['sudo', '/bin/cat', '/var/log/secure'],
        },
        {
          event_type: 'sudo', success: false, timestamp: local(2, 24, 0, 13, 2), exe: '/usr/bin/sudo', command: 'sudo',
          user: 'tsg', src_user: 'tsg', dst_user: 'root', tty: 'pts/1', args: ['sudo', '/bin/ls'],
        },
        {
          event_type: 'sudo', success: false, timestamp: local(8, 1, 0, 8, 8), pid: 3715, exe: '/usr/bin/sudo', command: 'sudo',
          user: 'www-data', src_user: 'www-data', uid: 33, dst_user: 'root', tty: 'pts/0', args: ['sudo', 'list'],
        },
        {
          event_type: 'sudo', success: false, timestamp: local(10, 2, 11, 20, 41), exe: '/usr/bin/sudo', command: 'sudo',
          user: 'kali', src_user: 'kali', dst_user: 'root', tty: 'pts/1', args: ['sudo', '/usr/bin/apt', 'update'],
        },
      ],
    );
  });

  it('reports each su once, from whichever of its lines says most', () => {
    assert.deepEqual(
      events.filter((e) => e.event_type === 'su').map((e) => [e.pid, e.success, e.user, e.uid, e.dst_user, e.tty]),
      [
        [2328, false, 'aadarsha', undefined, 'root', 'pts/0'],
        [2333, true, 'aadarsha', undefined, 'root', 'pts/0'],
        [75259, true, 'siduser', 1000, 'root', 'pts/3'],
        // pam_unix's failure and then `FAILED SU … on none` from one su: one event, su's terminal
        [710316, false, 'zzm', 1021, 'root', '(none)'],
        // only pam_unix's line: the switching user from `by zzm(uid=1021)`
        [741663, true, 'zzm', 1021, 'zjusct', undefined],
      ],
    );
  });

  it('ignores, and counts, what is not a login, sudo or su', () => {
    // groupadd, `Did not receive identification string`, pam_succeed_if, `fatal: Read from socket`,
    // `PAM 4 more authentication failures`, `Received disconnect`, sudo's `conversation failed`… are not events
    assert.equal(events.length, 10 + 2 + 1 + 5 + 5); // failed logins, logins, logout, sudo, su
    assert.equal(ignored, 12);
  });
});

describe('login events from auth.log (RFC 3339 timestamps, Debian 12)', () => {
  const { events } = eventsOf(fixture('rfc3339.log').map((line) => parseSyslogLine(line, NOW)));

  it('reads the timestamps to the millisecond, with or without a zone', () => {
    assert.equal(parseSyslogLine('2026-12-07T10:00:00.123456+00:00 host sshd[1]: x')?.timestamp, Date.UTC(2026, 11, 7, 10, 0, 0, 123));
    assert.equal(parseSyslogLine('2019-06-14T13:01:15.412+01:30 localhost pam: user nobody logged out.')?.timestamp, Date.UTC(2019, 5, 14, 11, 31, 15, 412));
    assert.equal(parseSyslogLine('2019-06-14T10:40:20.912134 localhost sudo: x')?.timestamp, new Date(2019, 5, 14, 10, 40, 20, 912).getTime());
    assert.deepEqual(
      events.map((e) => [e.event_type, e.success, e.user, e.dst_user, e.tty, e.timestamp]),
      [
        ['su', true, 'root', 'cloudsdk', 'pts/0', Date.UTC(2026, 11, 7, 17, 31, 23, 412)],
        ['su', false, 'cloudsdk', 'root', 'pts/0', Date.UTC(2026, 11, 7, 17, 31, 24, 902)],
        ['su', true, 'root', 'ubuntu', 'pts/4', Date.UTC(2026, 8, 25, 18, 28, 10, 32)],
      ],
    );
  });

  it('dates a classic line without a year in the year before when it would be in the future', () => {
    const newYear = new Date(2027, 0, 1, 0, 0, 10).getTime();
    assert.equal(parseSyslogLine('Dec 31 23:59:59 host sshd[1]: x', newYear)?.timestamp, new Date(2026, 11, 31, 23, 59, 59).getTime());
    assert.equal(parseSyslogLine('Jan  1 00:00:05 host sshd[1]: x', newYear)?.timestamp, new Date(2027, 0, 1, 0, 0, 5).getTime());
  });
});

describe('login events from the journal', () => {
  const { events, ignored } = eventsOf(fixture('journal.jsonl').map((line) => parseJournalEntry(JSON.parse(line))));

  it('gives the login, its sudo and its logout the audit session the login opened', () => {
    assert.deepEqual(of(events, 1710), [
      {
        event_type: 'login', success: true, timestamp: 1700000000000, pid: 1710, exe: '/usr/sbin/sshd', command: 'sshd',
        user: 'vagrant', uid: 1000, auth_method: 'password', src_ip: '192.168.42.119', src_port: 55310, session: 8,
      },
      {
        event_type: 'logout', success: true, timestamp: 1700000120000, pid: 1710, exe: '/usr/sbin/sshd', command: 'sshd',
        user: 'vagrant', uid: 1000, src_ip: '192.168.42.119', src_port: 55310, session: 8,
      },
    ]);
    assert.deepEqual(of(events, 1582), [
      {
        event_type: 'sudo', success: true, timestamp: 1700000040000, pid: 1582, exe: '/usr/bin/sudo', command: 'sudo', session: 8,
        user: 'vagrant', src_user: 'vagrant', uid: 1000, dst_user: 'root', tty: 'pts/2', args: ['sudo', '/usr/bin/emacs', '/etc/ssh/sshd_config'],
      },
    ]);
    assert.deepEqual(
      events.filter((e) => e.event_type === 'login' && e.pid !== 1710).map((e) => [e.success, e.user, e.src_ip, e.timestamp]),
      [
        [false, 'root', '192.168.42.119', 1700000095000],
        // held: the invalid users for an attempt that never came, the login for a session line
        [false, 'Boutique@123', '162.243.165.39', 1570338064732],
        [true, 'lab', '192.168.10.1', 1721560922218],
        [false, 'test', '192.168.42.119', 1700000090000],
      ],
    );
    assert.equal(ignored, 2, "systemd-logind's two lines");
  });

  it('reads a message the journal kept as bytes, and leaves out "no session"', () => {
    const entry = parseJournalEntry({
      __REALTIME_TIMESTAMP: '1700000000000999',
      SYSLOG_IDENTIFIER: 'gdm-password]',
      _PID: '77',
      _AUDIT_SESSION: '4294967295',
      MESSAGE: [...Buffer.from('pam_unix(gdm-password:session): session opened for user al\xe9 by (uid=0)', 'latin1')],
    });
    assert.equal(entry?.program, 'gdm-password');
    assert.equal(entry?.session, undefined);
    assert.equal(entry?.timestamp, 1700000000000);
    assert.match(entry!.message, /^pam_unix\(gdm-password:session\): session opened for user al/);
    assert.equal(parseJournalEntry({ MESSAGE: 'no time' }), undefined);
  });
});

describe('console logins', () => {
  const { events } = eventsOf(fixture('console.log').map((line) => parseSyslogLine(line, NOW)));

  it("joins pam_unix's session to the line naming the terminal, and reports failures and logouts", () => {
    assert.deepEqual(
      events.map((e) => [e.event_type, e.success, e.command, e.pid, e.user, e.uid, e.tty]),
      [
        ['login', true, 'login', 236, 'root', 0, 'ttyS0'],
        ['login', false, 'login', 231, 'root', 0, 'ttyS0'],
        ['login', true, 'login', 705, 'root', 0, 'tty1'],
        ['logout', true, 'login', 705, 'root', 0, 'tty1'],
        ['login', true, 'login', 711, 'sonita', 1001, 'tty1'],
        ['login', true, 'sshd', 1337, 'sonita', 1001, undefined],
        ['logout', true, 'gdm', 5629, 'eagleon', undefined, undefined],
        ['sudo', true, 'sudo', undefined, 'eagleon', undefined, 'tty1'],
        // no line named eagleon's terminal: reported when its time is up
        ['login', true, 'login', 5345, 'eagleon', undefined, undefined],
      ],
    );
  });
});

describe('held events', () => {
  it('waits for the completing line only as long as holdMs', () => {
    const builder = new LoginEvents({ holdMs: 1000 });
    const accepted = parseSyslogLine('Mar  7 18:53:20 bar sshd[1556]: Accepted password for rda from 192.0.2.113 port 52100 ssh2', NOW)!;
    assert.deepEqual(builder.push(accepted, 5000), []);
    assert.deepEqual(builder.expire(5999), []);
    assert.deepEqual(
      builder.expire(6000).map((e) => [e.event_type, e.user]),
      [['login', 'rda']],
    );
    assert.deepEqual(builder.expire(7000), [], 'reported once');
  });

  it('never throws on lines it does not know, and counts them', () => {
    const builder = new LoginEvents();
    for (const line of ['', 'garbage', 'Dec  7 10:00:00 host', 'Foo 99 99:99:99 host x: y', '2026-13-45T99:00:00Z host sshd[1]: Accepted']) {
      const entry = parseSyslogLine(line, NOW);
      if (entry !== undefined) builder.push(entry, 0);
    }
    for (const message of ['Accepted password for', 'Failed password for root from', 'alice : ', ' : TTY=', '(to ) on', 'pam_unix(x:session): session opened for user ']) {
      for (const program of ['sshd', 'sudo', 'su', 'login']) builder.push({ timestamp: 0, program, pid: 1, message }, 0);
    }
    assert.ok(builder.ignored > 0);
    assert.deepEqual(builder.drain(), []);
  });
});
