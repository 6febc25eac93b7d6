/**
 * "Did you mean" hints for unknown field names and operators, so a 400 on rule save tells the author
 * what to type instead.
 * @module
 */

// Names people bring from Falco, auditd, Threat Stack's own examples or plain English.
const SYNONYMS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  'proc.name': 'command',
  'proc.exepath': 'exe',
  'proc.exe': 'exe',
  'proc.cmdline': 'arguments',
  'proc.args': 'args',
  'proc.pid': 'pid',
  'proc.ppid': 'ppid',
  'proc.pname': 'parent_command',
  'proc.tty': 'tty',
  'proc.cwd': 'cwd',
  'user.name': 'user',
  'user.uid': 'uid',
  'fd.name': 'filename',
  'fd.sip': 'dst_ip',
  'fd.cip': 'src_ip',
  'fd.sport': 'dst_port',
  'evt.type': 'syscall',
  'evt.hostname': 'hostname',
  'evt.time': 'timestamp',
  'container.id': 'container_id',
  'connection.dst_addr': 'dst_ip',
  'connection.src_addr': 'src_ip',
  'connection.dst_port': 'dst_port',
  'connection.src_port': 'src_port',
  cmdline: 'arguments',
  commandline: 'arguments',
  argv: 'args',
  comm: 'command',
  process: 'command',
  username: 'user',
  path: 'filename',
  file: 'filename',
  dport: 'dst_port',
  sport: 'src_port',
  dest_ip: 'dst_ip',
  dest_port: 'dst_port',
  source_ip: 'src_ip',
  source_port: 'src_port',
  eventtype: 'event_type',
  host: 'hostname',
  agent_id: 'agentId',
  ses: 'session',
});

/**
 * The closest known name to `input`, or undefined when nothing is close enough to be a typo.
 *
 * ```ts
 * suggest('comand', ['command', 'exe']); // 'command'
 * ```
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const lower = input.toLowerCase();
  for (const c of list) if (c.toLowerCase() === lower) return c;
  const synonym = SYNONYMS[lower];
  if (synonym !== undefined && list.includes(synonym)) return synonym;
  const budget = lower.length <= 3 ? 1 : lower.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const c of list) {
    const d = distance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), giving up past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= limit) return limit;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}
