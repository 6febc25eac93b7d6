/**
 * User names by uid from /etc/passwd, re-read when the file changes (a user added after the agent started
 * still gets a name), so a burst of events costs one stat per lookup, not one parse.
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
  #names = new Map<number, string>();
  #stamp = '';

  constructor(path = '/etc/passwd') {
    this.#path = path;
  }

  get(uid: number): string | undefined {
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
    return this.#names.get(uid);
  }
}
