// Loaded into every test file's process (run-tests.mjs passes it with --import): when the process exits, it
// appends the CPU seconds it used, and those of the child processes it waited for (CLI and agent runs), to
// VIGIL_TEST_CPU_FILE. Wall time on a shared 2-core machine says little about where a file's time goes; CPU
// time does not move with the machine's load, so before/after comparisons of one file can be made on it.
import { appendFileSync, readFileSync } from 'node:fs';

const out = process.env.VIGIL_TEST_CPU_FILE;
const file = process.argv[1];
if (out && /\.test\.m?[jt]s$/.test(file ?? '')) {
  process.on('exit', () => {
    try {
      // /proc/self/stat after the command (which may hold spaces) in parentheses: utime is field 14, stime 15,
      // cutime 16, cstime 17, in clock ticks (100 per second on Linux).
      const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]) / 100);
      appendFileSync(out, `${file} ${(utime + stime).toFixed(2)} ${(cutime + cstime).toFixed(2)}\n`);
    } catch {
      // not Linux: no CPU column
    }
  });
}
