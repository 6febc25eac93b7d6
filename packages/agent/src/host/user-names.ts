/**
 * User names by uid (and uids by name) from /etc/passwd, re-read when the file changes (a user added after the
 * agent started still gets a name). The file is looked at (one stat) at most once per `checkEveryMs`, so a burst of events
 * costs neither a parse nor a stat per lookup.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';

/** The (name, uid) entries of passwd text, in file order. */
function passwdEntries(text: string): Array<[string, number]> {
  const entries: Array<[string, number]> = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
    entries.push([name, Number(uid)]);
  }
  return entries;
}

/** uid → name from passwd text; the first entry for a uid wins, as getpwuid does. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const [name, uid] of passwdEntries(text)) if (!names.has(uid)) names.set(uid, name);
  return names;
}

/** name → uid from passwd text; the first entry for a name wins, as getpwnam does. */
export function parsePasswdIds(text: string): Map<string, number> {
  const ids = new Map<string, number>();
  for (const [name, uid] of passwdEntries(text)) if (!ids.has(name)) ids.set(name, uid);
  return ids;
}

/**
 * ```ts
 * const names = new UserNames();
 * names.get(0); // 'root'
 * names.uidOf('root'); // 0
 * ```
 */
export class UserNames {
  readonly #path: string;
  readonly #checkEveryMs: number;
  readonly #now: () => number;
  #names = new Map<number, string>();
  #ids = new Map<string, number>();
  #stamp = '';
  #checkedAt = -Infinity;

  constructor(path = '/etc/passwd', options: { checkEveryMs?: number; now?: () => number } = {}) {
    this.#path = path;
    this.#checkEveryMs = options.checkEveryMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get(uid: number): string | undefined {
    this.#refresh();
    return this.#names.get(uid);
  }

  /** the uid of a user name (log lines name users; rules compare uids) */
  uidOf(name: string): number | undefined {
    this.#refresh();
    return this.#ids.get(name);
  }

  #refresh(): void {
    const now = this.#now();
    if (now - this.#checkedAt >= this.#checkEveryMs) {
      this.#checkedAt = now;
      this.#reload();
    }
  }

  #reload(): void {
    try {
      const stat = statSync(this.#path);
      const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      if (stamp !== this.#stamp) {
        const text = readFileSync(this.#path, 'utf8');
        this.#names = parsePasswd(text);
        this.#ids = parsePasswdIds(text);
        this.#stamp = stamp;
      }
    } catch {
      // No passwd file (a minimal container): events carry the uid alone.
    }
  }
}
