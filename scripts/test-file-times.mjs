// A node:test reporter that says where a run's minutes went: for each test file, the wall time from the end
// of the file before it to the end of its own last test (so it includes starting the process and compiling
// the file; run-tests.mjs runs files one after another), and the time its tests themselves reported.
// Slowest first; run-tests.mjs prints the head of this table after the TAP output.
export default async function* testFileTimes(source) {
  const files = new Map();
  let previousEnd = Date.now();
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) continue;
    const now = Date.now();
    let entry = files.get(event.data.file);
    if (entry === undefined) {
      entry = { start: previousEnd, end: now, testsMs: 0, tests: 0 };
      files.set(event.data.file, entry);
    }
    entry.end = now;
    entry.testsMs += event.data.details.duration_ms;
    entry.tests += 1;
    previousEnd = now;
  }
  const rows = [...files].map(([file, e]) => ({ file, wallMs: e.end - e.start, ...e })).sort((a, b) => b.wallMs - a.wallMs);
  for (const { file, wallMs, testsMs, tests } of rows) {
    yield `${(wallMs / 1000).toFixed(1).padStart(7)} s wall ${(testsMs / 1000).toFixed(1).padStart(7)} s in ${String(tests).padStart(3)} tests  ${file}\n`;
  }
}
