/**
 * User names by uid from /etc/passwd, re-read when the file changes (a user added after the agent started
 * still gets a name). The file is looked at (one stat) at most once per `checkEveryMs`, so a burst of events
 * costs neither a parse nor a stat per lookup.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';

/** uid → name from passwd text; the first entry for a uid wins, as getpwuid does. */
export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (!name || uid === undefined || !/^\d+$/.test(uid)) continue;
    if (!names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

/**
 * ```ts
 * const names = new UserNames();
 * names.get(0); // 'root'
 * ```
 */
export class UserNames {
  readonly #path: string;
  readonly #checkEveryMs: number;
  readonly #now: () => number;
  #names = new Map<number, string>();
  #stamp = '';
  #checkedAt = -Infinity;

  constructor(path = '/etc/passwd', options: { checkEveryMs?: number; now?: () => number } = {}) {
    this.#path = path;
    this.#checkEveryMs = options.checkEveryMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  get(uid: number): string | undefined {
    const now = this.#now();
    if (now - this.#checkedAt >= this.#checkEveryMs) {
      this.#checkedAt = now;
      this.#reload();
    }
    return this.#names.get(uid);
  }

  #reload(): void {
    try {
      const stat = statSync(this.#path);
      const stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
      if (stamp !== this.#stamp) {
        this.#names = parsePasswd(readFileSync(this.#path, 'utf8'));
        this.#stamp = stamp;
      }
    } catch {
      // No passwd file (a minimal container): events carry the uid alone.
    }
  }
}
