#!/usr/bin/env node
// `npm install` compiles the CLI (root `prepare` script); this runs the compiled entry.
import '../dist/run.js';
