#!/usr/bin/env node
// `npm install` compiles the agent (root `prepare` script); this runs the compiled entry.
import '../dist/bin.js';
