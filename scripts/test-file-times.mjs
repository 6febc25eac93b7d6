// A node:test reporter that says where a run's minutes went and what the run counted. For each test file:
// its wall time (the runner's own measure of the file, from starting its process to its end, so it includes
// starting the process and compiling the file, and, when files run side by side, sharing the CPU) and the
// time its tests themselves reported. Slowest first, then the run's totals as `# totals tests=… pass=…`;
// run-tests.mjs prints the head of the table and adds the totals of its phases together.
const TOTALS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

export default async function* testFileTimes(source) {
  const files = new Map();
  const totals = {};
  const entryOf = (file) => {
    let entry = files.get(file);
    if (entry === undefined) files.set(file, (entry = { wallMs: 0, testsMs: 0, tests: 0 }));
    return entry;
  };
  for await (const event of source) {
    const { data } = event;
    if (event.type === 'test:diagnostic' && data.file === undefined) {
      const [name, value] = data.message.split(' ');
      if (TOTALS.includes(name)) totals[name] = Number(value);
      continue;
    }
    if (data.nesting !== 0 || !data.file) continue;
    // The runner reports each file as a test named by its path; the file's own tests carry other names.
    if (event.type === 'test:complete' && data.name === data.file) entryOf(data.file).wallMs = data.details.duration_ms;
    else if (event.type === 'test:pass' || event.type === 'test:fail') {
      if (data.name === data.file) continue; // a file that failed outside any test
      const entry = entryOf(data.file);
      entry.testsMs += data.details.duration_ms;
      entry.tests += 1;
    }
  }
  const rows = [...files].map(([file, e]) => ({ file, ...e })).sort((a, b) => b.wallMs - a.wallMs);
  for (const { file, wallMs, testsMs, tests } of rows) {
    yield `${(wallMs / 1000).toFixed(1).padStart(7)} s wall ${(testsMs / 1000).toFixed(1).padStart(7)} s in ${String(tests).padStart(3)} tests  ${file}\n`;
  }
  yield `# totals ${TOTALS.map((name) => `${name}=${totals[name] ?? 0}`).join(' ')}\n`;
}
