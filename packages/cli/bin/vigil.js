#!/usr/bin/env node
// Runs the compiled CLI; `npm install` builds it through the root `prepare` script.
import { main } from '../dist/main.js';

main(process.argv).catch((err) => {
  process.stderr.write(`vigil: ${err?.message ?? err}\n`);
  process.exitCode = 1;
});
