/** Entry of the `vigil-agent` bin. */
import { setFlagsFromString } from 'node:v8';
import { main } from './cli.js';

// Memory, measured with the single-file build (bench/agent.ts): fetch (undici) compiles its HTTP parser from
// WebAssembly at the first request, and V8's optimising tier for it takes ~30 MiB for an instant, the agent's
// peak; the baseline tier parses the agent's few requests a second at no measurable cost. And V8 otherwise
// lets the heap grow by ~10 MiB a minute of garbage before collecting it; optimize-for-size collects sooner
// at the same CPU per event. Both are read when used, so setting them here, before the first request, works.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--optimize-for-size');

process.exitCode = await main(process.argv.slice(2));
