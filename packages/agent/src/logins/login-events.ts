/**
 * Turns authentication log entries into the `login`, `logout`, `sudo` and `su` events of
 * `packages/rules/EVENTS.md`. Some events are told over several lines of one process, so a few are held
 * briefly (`holdMs`) for the line that completes them:
 *
 * - sshd: `Accepted …` (user, method, address) is completed by pam_unix's `session opened` (uid, and in the
 *   journal the audit session the login opened); the login is remembered by sshd's pid until `session
 *   closed`, which becomes the `logout` with the same address and session.
 * - su: `(to root) alice on pts/0` and pam_unix's `session opened … by alice(uid=1000)` tell one switch, as do
 *   pam_unix's `authentication failure` and `FAILED SU (to root) alice on pts/0`: each switch is reported once.
 * - login(1): pam_unix's `session opened` is completed by `ROOT LOGIN  on '/dev/tty1'` or `LOGIN ON tty1 BY
 *   alice`, which name the terminal (shadow's login writes the first from its child, another pid, after PAM's
 *   fail delay: the two are joined by user name).
 * - sshd's `Invalid user` is followed by a `Failed <method> for invalid user` for each attempt: those are the
 *   failed logins, and `Invalid user` is reported alone only when no attempt follows (so brute-force counts are
 *   attempts). `Failed none` (the client asking which methods exist) is not an attempt and is not reported.
 *
 * systemd-logind's `New session` repeats what pam_unix said and is not reported.
 * @module
 */
import type { HostEvent } from '../audit/to-event.js';
import type { AuthEntry } from './auth-entry.js';
import { parseAuthMessage, type AuthMessage } from './auth-message.js';

/** Names ↔ uids of the host's users, when known. */
export interface UserDirectory {
  userName(uid: number): string | undefined;
  userId?(name: string): number | undefined;
}

export interface LoginEventsOptions {
  users?: UserDirectory;
  /** how long an event waits for the line that completes it (default 5 s: PAM's fail delay is up to 3 s) */
  holdMs?: number;
}

type Fields = Record<string, unknown>;

const CONSOLE_SERVICES = new Set(['login', 'gdm', 'gdm-password', 'gdm-autologin', 'gdm-fingerprint', 'lightdm', 'lightdm-autologin', 'sddm', 'sddm-autologin', 'xrdp-sesman']);
const SU_SERVICES = new Set(['su', 'su-l']);
const SSH_PROGRAMS = new Set(['sshd', 'sshd-session']);
/** where each program lives on Debian, Ubuntu and RHEL when the journal does not say */
const EXES: Record<string, string> = {
  sshd: '/usr/sbin/sshd',
  'sshd-session': '/usr/lib/openssh/sshd-session',
  sudo: '/usr/bin/sudo',
  su: '/usr/bin/su',
  login: '/usr/bin/login',
};
/** how long a reported su switch is remembered, so its other line is not reported again */
const REMEMBER_MS = 60_000;
/** open sessions remembered at most (a host that never logs `session closed` must not grow the map forever) */
const MAX_SESSIONS = 10_000;

/**
 * ```ts
 * const events = new LoginEvents({ users: procLookups() });
 * for (const event of events.push(parseSyslogLine(line)!, Date.now())) shipper.add(event);
 * setInterval(() => events.expire(Date.now()).forEach((e) => shipper.add(e)), 250);
 * ```
 */
export class LoginEvents {
  /** entries that said nothing the login source reports (cron sessions, sshd's connection chatter, …) */
  ignored = 0;
  readonly #users: UserDirectory | undefined;
  readonly #holdMs: number;
  /** held events, and the key of the session they open (for its logout) */
  readonly #pending = new Map<string, { at: number; event: HostEvent; sessionKey?: string }>();
  readonly #sessions = new Map<string, HostEvent>();
  readonly #reported = new Map<string, number>();

  constructor(options: LoginEventsOptions = {}) {
    this.#users = options.users;
    this.#holdMs = options.holdMs ?? 5000;
  }

  /** the events an entry completes (often none); `at` is when it was read */
  push(entry: AuthEntry, at: number): HostEvent[] {
    const message = parseAuthMessage(entry.program, entry.message);
    if (message === undefined) {
      this.ignored += 1;
      return [];
    }
    return this.#handle(message, entry, `${entry.program}:${entry.pid ?? ''}`, at);
  }

  /** the held events whose time is up */
  expire(now: number): HostEvent[] {
    const out: HostEvent[] = [];
    for (const [key, pending] of this.#pending) {
      if (now - pending.at < this.#holdMs) continue;
      this.#pending.delete(key);
      out.push(this.#emit(pending.sessionKey ?? key, pending.event));
    }
    for (const [key, at] of this.#reported) if (now - at >= REMEMBER_MS) this.#reported.delete(key);
    return out;
  }

  /** every held event, now (the source is stopping) */
  drain(): HostEvent[] {
    return this.expire(Infinity);
  }

  #handle(message: AuthMessage, entry: AuthEntry, key: string, at: number): HostEvent[] {
    const proc = this.#processFields(entry);
    switch (message.kind) {
      case 'ssh-accepted':
        this.#hold(key, at, { event_type: 'login', success: true, ...proc, ...this.#user(message.user), auth_method: message.method, src_ip: message.ip, src_port: message.port });
        return [];
      case 'ssh-failed':
        if (message.method === 'none') return [];
        // this attempt is the one its `Invalid user` line announced: one failed login, not two
        if (this.#pending.get(key)?.event.success === false) this.#pending.delete(key);
        return [event({ event_type: 'login', success: false, ...proc, ...this.#user(message.user), auth_method: message.method, src_ip: message.ip, src_port: message.port })];
      case 'ssh-invalid-user':
        // reported on its own only when no `Failed <method>` follows (a client that gives up at once)
        this.#hold(key, at, { event_type: 'login', success: false, ...proc, user: message.user, src_ip: message.ip, src_port: message.port });
        return [];
      case 'session':
        return this.#session(message, entry, key, at, proc);
      case 'auth-failure':
        if (!SU_SERVICES.has(message.service) || this.#reported.has(key)) return [];
        this.#hold(key, at, {
          event_type: 'su',
          success: false,
          ...proc,
          ...this.#switcher(message.fields.ruser || message.fields.logname || undefined, numeric(message.fields.uid)),
          dst_user: message.fields.user,
          tty: terminal(message.fields.tty),
        });
        return [];
      case 'sudo':
        return [
          event({
            event_type: 'sudo',
            success: message.denial === undefined,
            ...proc,
            ...this.#switcher(message.user),
            dst_user: message.targetUser,
            tty: terminal(message.tty),
            ...(message.command !== undefined ? { args: ['sudo', ...message.command.split(' ')] } : {}),
          }),
        ];
      case 'su': {
        const held = this.#pending.get(key)?.event;
        this.#pending.delete(key);
        this.#reported.set(key, at);
        // what this line does not say, the held pam_unix line may have (the uid)
        const user = message.user !== undefined ? this.#switcher(message.user) : {};
        return [event({ ...held, event_type: 'su', success: message.success, ...defined(proc), ...defined(user), dst_user: message.targetUser, tty: terminal(message.tty) })];
      }
      case 'console-login': {
        const login = { event_type: 'login', success: message.success, ...proc, ...this.#user(message.user), tty: terminal(message.tty) };
        const opened = this.#pending.get(consoleKey(entry.program, message.user));
        if (!message.success || opened === undefined) return [this.#emit(key, event(login))];
        // completes the session pam_unix opened: that process's pid is the one its logout will carry
        this.#pending.delete(consoleKey(entry.program, message.user));
        return [this.#emit(opened.sessionKey ?? key, event({ ...opened.event, tty: login.tty }))];
      }
    }
  }

  #session(message: Extract<AuthMessage, { kind: 'session' }>, entry: AuthEntry, key: string, at: number, proc: Fields): HostEvent[] {
    const uid = message.uid ?? this.#users?.userId?.(message.user);
    if (SU_SERVICES.has(message.service)) {
      if (!message.opened || this.#reported.has(key)) return [];
      this.#reported.set(key, at);
      return [event({ event_type: 'su', success: true, ...proc, ...this.#switcher(message.by, message.byUid), dst_user: message.user })];
    }
    const ssh = message.service === 'sshd' && SSH_PROGRAMS.has(entry.program);
    if (!ssh && !CONSOLE_SERVICES.has(message.service)) return []; // cron, sudo, systemd-user: not logins
    if (message.opened) {
      if (!ssh) {
        // A console login waits for login(1)'s line that names the terminal.
        this.#hold(consoleKey(entry.program, message.user), at, { event_type: 'login', success: true, ...proc, user: message.user, uid }, key);
        return [];
      }
      // sshd's login was held since `Accepted`: this line completes it with the uid and the audit session.
      const held = this.#pending.get(key);
      if (held === undefined) return [];
      this.#pending.delete(key);
      return [this.#emit(key, event({ ...held.event, uid: uid ?? held.event.uid, session: entry.session ?? held.event.session }))];
    }
    const login: Fields = this.#sessions.get(key) ?? {};
    this.#sessions.delete(key);
    const { auth_method: _method, ...opened } = login;
    return [event({ ...opened, event_type: 'logout', success: true, ...proc, user: message.user, uid, session: entry.session ?? opened.session })];
  }

  /** a held event, merged with what a later line adds */
  #hold(key: string, at: number, fields: Fields, sessionKey?: string): void {
    const held = this.#pending.get(key);
    this.#pending.set(key, { at: held?.at ?? at, event: event({ ...held?.event, ...defined(fields) }), sessionKey: sessionKey ?? held?.sessionKey });
  }

  #emit(key: string, held: HostEvent): HostEvent {
    if (held.event_type === 'login' && held.success === true) {
      this.#sessions.delete(key);
      this.#sessions.set(key, held);
      if (this.#sessions.size > MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value!);
    }
    return held;
  }

  #processFields(entry: AuthEntry): Fields {
    const ssh = SSH_PROGRAMS.has(entry.program);
    return {
      timestamp: entry.timestamp,
      pid: entry.pid,
      exe: entry.exe ?? EXES[entry.program],
      // OpenSSH 9.8 moved authentication into `sshd-session`; rules (and EVENTS.md) know the program as sshd.
      command: ssh ? 'sshd' : entry.program.slice(0, 15),
      session: entry.session,
    };
  }

  #user(name: string): Fields {
    return { user: name, uid: this.#users?.userId?.(name) };
  }

  /** who ran sudo or su: by name, or by uid when the line gives only that */
  #switcher(name: string | undefined, uid?: number): Fields {
    const user = name ?? (uid !== undefined ? this.#users?.userName(uid) : undefined);
    return { user, src_user: user, uid: uid ?? (user !== undefined ? this.#users?.userId?.(user) : undefined) };
  }
}

function consoleKey(program: string, user: string): string {
  return `${program}/console:${user}`;
}

/** the event without the fields that do not apply (EVENTS.md: left out) */
function event(fields: Fields): HostEvent {
  return defined(fields) as HostEvent;
}

function defined(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
}

function numeric(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** `/dev/pts/0` → `pts/0`; sudo's `unknown` and su's `none` are auditd's `(none)` */
function terminal(tty: string | undefined): string | undefined {
  if (tty === undefined || tty === '') return undefined;
  if (tty === 'unknown' || tty === 'none') return '(none)';
  return tty.replace(/^\/dev\//, '');
}
