import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { alertLatencyBench } from '/work/main/bench/alert-latency.js';
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '/work/main/bench/servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info: any = await new Promise((r) => createInterface({ input: child.stdout! }).once('line', (l) => r(JSON.parse(l))));
const r = await alertLatencyBench({ vigilUrl: info.vigilUrl, rssUrl: `${info.bareUrl}/rss`, deployKey: info.deployKey, creds: info.creds, seconds: Number(process.env.S ?? 300) });
console.log(JSON.stringify(r));
child.kill('SIGTERM');
await new Promise((res) => child.once('exit', res));
