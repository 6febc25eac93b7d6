/**
 * What an authentication log message says, for the messages the login source reports: sshd's accepted and
 * failed authentications, pam_unix's session and authentication-failure lines, sudo's command and denial
 * lines, su's switch lines and login(1)'s console lines. The wording is that of OpenSSH, sudo 1.8/1.9,
 * util-linux su, shadow's login and Linux-PAM, as they appear in auth.log and the journal.
 * @module
 */
import { isIP } from 'node:net';

export type AuthMessage =
  | { kind: 'ssh-accepted'; method: string; user: string; ip?: string; port?: number }
  | { kind: 'ssh-failed'; method: string; user: string; ip?: string; port?: number }
  | { kind: 'ssh-invalid-user'; user: string; ip?: string; port?: number }
  | { kind: 'session'; opened: boolean; service: string; user: string; uid?: number; by?: string; byUid?: number }
  | { kind: 'auth-failure'; service: string; fields: Record<string, string> }
  | { kind: 'sudo'; user: string; targetUser?: string; tty?: string; command?: string; denial?: string }
  | { kind: 'su'; success: boolean; user?: string; targetUser: string; tty?: string }
  | { kind: 'console-login'; success: boolean; user: string; tty?: string; reason?: string };

// The user name of a failed or invalid login is whatever the client sent, spaces and all: the address is
// taken from the end of the line, where sshd put it.
const SSH_ACCEPTED = /^Accepted (\S+) for (\S+) from (\S+) port (\d+)(?: ssh\d?)?(?:: .*)?$/;
const SSH_FAILED = /^Failed (\S+) for (?:invalid user )?(.*) from (\S+)(?: port (\d+))?(?: ssh\d?)?(?:: [\w-]+ \S+)?$/;
const SSH_INVALID = /^Invalid user (.*) from (\S+)(?: port (\d+))?$/;
const PAM_SESSION = /^pam_unix\(([^:)]+):session\): session (opened|closed) for user ([^\s(]+)(?:\(uid=(\d+)\))?(?: by ([^\s(]*)(?:\(uid=(\d+)\))?)?\s*$/;
const PAM_AUTH_FAILURE = /^pam_unix\(([^:)]+):auth\): authentication failure; (.*)$/;
const SUDO = /^\s*(\S+) : (.*)$/;
const SU = /^(FAILED SU )?\(to (\S+)\) (\S*) on (\S+)$/;
// shadow's login: `ROOT LOGIN  on '/dev/tty1'`, `FAILED LOGIN (1) on '/dev/tty1' FOR 'alice', Authentication failure`;
// util-linux's: `ROOT LOGIN ON tty1`, `LOGIN ON tty1 BY alice`.
const SHADOW_ROOT_LOGIN = /^ROOT LOGIN +on '([^']*)'/;
const UTIL_LINUX_LOGIN = /^(?:ROOT LOGIN ON (\S+)|LOGIN ON (\S+) BY (\S+))(?: FROM \S+)?$/;
const FAILED_LOGIN = /^FAILED LOGIN \(\d+\)(?: on '([^']*)')?(?: from '[^']*')? FOR '([^']*)', (.*)$/;

const SSH_PROGRAMS = new Set(['sshd', 'sshd-session']);

/**
 * ```ts
 * parseAuthMessage('sshd', 'Accepted publickey for git from 192.0.2.1 port 57904 ssh2: RSA SHA256:…');
 * // { kind: 'ssh-accepted', method: 'publickey', user: 'git', ip: '192.0.2.1', port: 57904 }
 * parseAuthMessage('cron', 'pam_unix(cron:session): session closed for user root');
 * // { kind: 'session', opened: false, service: 'cron', user: 'root' }
 * ```
 */
export function parseAuthMessage(program: string, message: string): AuthMessage | undefined {
  const pam = parsePamMessage(message);
  if (pam !== undefined) return pam;
  if (SSH_PROGRAMS.has(program)) return parseSshMessage(message);
  if (program === 'sudo') return parseSudoMessage(message);
  if (program === 'su') return parseSuMessage(message);
  if (program === 'login') return parseLoginMessage(message);
  return undefined;
}

function parsePamMessage(message: string): AuthMessage | undefined {
  const session = PAM_SESSION.exec(message);
  if (session !== null) {
    const [, service, state, user, uid, by, byUid] = session;
    return {
      kind: 'session',
      opened: state === 'opened',
      service: service!,
      user: user!,
      ...(uid !== undefined ? { uid: Number(uid) } : {}),
      ...(by ? { by } : {}),
      ...(byUid !== undefined ? { byUid: Number(byUid) } : {}),
    };
  }
  const failure = PAM_AUTH_FAILURE.exec(message);
  if (failure !== null) {
    // `logname= uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=root`
    const fields: Record<string, string> = {};
    for (const pair of failure[2]!.trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) fields[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { kind: 'auth-failure', service: failure[1]!, fields };
  }
  return undefined;
}

function parseSshMessage(message: string): AuthMessage | undefined {
  const accepted = SSH_ACCEPTED.exec(message);
  if (accepted !== null) return { kind: 'ssh-accepted', method: authMethod(accepted[1]!), user: accepted[2]!, ...peer(accepted[3]!, accepted[4]) };
  const failed = SSH_FAILED.exec(message);
  if (failed !== null) return { kind: 'ssh-failed', method: authMethod(failed[1]!), user: failed[2]!, ...peer(failed[3]!, failed[4]) };
  const invalid = SSH_INVALID.exec(message);
  if (invalid !== null) return { kind: 'ssh-invalid-user', user: invalid[1]!, ...peer(invalid[2]!, invalid[3]) };
  return undefined;
}

/** `keyboard-interactive/pam` → `keyboard-interactive` */
function authMethod(method: string): string {
  return method.split('/')[0]!;
}

/** sshd prints a host name instead of the address when UseDNS is on; that is no `ip`. */
function peer(address: string, port: string | undefined): { ip?: string; port?: number } {
  return { ...(isIP(address) !== 0 ? { ip: address } : {}), ...(port !== undefined ? { port: Number(port) } : {}) };
}

function parseSudoMessage(message: string): AuthMessage | undefined {
  const line = SUDO.exec(message);
  if (line === null) return undefined;
  // `alice : [reason ; ]TTY=pts/0 ; PWD=/home/alice ; USER=root ; [GROUP=… ; ][ENV=… ; ]COMMAND=…`; the
  // command is last and may itself hold ` ; `.
  const rest = line[2]!;
  const commandAt = rest.search(/(?:^| ; )COMMAND=/);
  const head = commandAt === -1 ? rest : rest.slice(0, commandAt);
  const command = commandAt === -1 ? undefined : rest.slice(rest.indexOf('COMMAND=', commandAt) + 'COMMAND='.length);
  const fields: Record<string, string> = {};
  const reasons: string[] = [];
  for (const part of head.split(' ; ')) {
    const field = /^([A-Z]+)=(.*)$/.exec(part.trim());
    if (field !== null) fields[field[1]!] = field[2]!;
    else if (part.trim() !== '') reasons.push(part.trim());
  }
  if (fields.TTY === undefined && command === undefined) return undefined; // `(command continued)`, `unable to resolve host`, …
  return {
    kind: 'sudo',
    user: line[1]!,
    ...(fields.USER !== undefined ? { targetUser: fields.USER } : {}),
    ...(fields.TTY !== undefined ? { tty: fields.TTY } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(reasons.length > 0 ? { denial: reasons.join('; ') } : {}),
  };
}

function parseSuMessage(message: string): AuthMessage | undefined {
  const su = SU.exec(message);
  if (su === null) return undefined;
  return { kind: 'su', success: su[1] === undefined, targetUser: su[2]!, ...(su[3] ? { user: su[3] } : {}), tty: su[4]! };
}

function parseLoginMessage(message: string): AuthMessage | undefined {
  const root = SHADOW_ROOT_LOGIN.exec(message);
  if (root !== null) return { kind: 'console-login', success: true, user: 'root', tty: root[1]! };
  const login = UTIL_LINUX_LOGIN.exec(message);
  if (login !== null) return { kind: 'console-login', success: true, user: login[3] ?? 'root', tty: (login[1] ?? login[2])! };
  const failed = FAILED_LOGIN.exec(message);
  if (failed !== null) return { kind: 'console-login', success: false, user: failed[2]!, ...(failed[1] ? { tty: failed[1] } : {}), reason: failed[3]! };
  return undefined;
}
