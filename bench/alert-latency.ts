/**
 * Event→alert latency and memory (issue #4): agents post 10 batches of 1,000 events per second (10,000
 * events/s; `batchesPerSec` changes it) for a fixed time; one event per batch is a sudo (audit execve) by a user name unique to that
 * batch (the marker), which the demo dataset's "sudo by non-admin" rule alerts on, one alert per marker
 * (it aggregates by user and titles the alert with it).
 * A poller reads GET /v2/alerts?status=active over Hawk and notes when each marker's alert is first
 * readable; the latency runs from just before the batch's POST is sent to that read, so it includes the
 * HTTP round trip and up to one poll interval. The server process's RSS is read before and after the run.
 * Everything goes to 127.0.0.1, and the run ends by itself.
 */
import { clientHeader } from '@vigil/hawk';
import { agentClient, makeBatch, register, sendOnce } from './ingest.js';

export interface AlertLatencyResult {
  seconds: number;
  eventsPerSec: number;
  /** batches stored (200) */
  batches: number;
  /** batches not stored: refused, failed, or skipped because MAX_IN_FLIGHT were still unanswered */
  refused: number;
  /** markers whose alert was never readable (within the grace period after the run) */
  missing: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  rssStartBytes: number;
  rssEndBytes: number;
  /** the server's RSS every RSS_SAMPLE_MS during the run, for telling a plateau from growth */
  rssSamplesBytes: number[];
  /** sending stopped early because a marker was later than `giveUpAfterMs` */
  gaveUp: boolean;
}

export interface AlertLatencyOptions {
  vigilUrl: string;
  /** the bench servers' `/rss` route */
  rssUrl: string;
  deployKey: string;
  creds: { orgId: string; userId: string; apiKey: string };
  seconds: number;
  /** 1,000-event batches sent per second; default 10 (10,000 events/s) */
  batchesPerSec?: number;
  /** stop sending as soon as a marker's alert is this late (the run has failed; saves the rest of it) */
  giveUpAfterMs?: number;
  /** numbers the run's two agents (their host names), so that several runs register distinct agents */
  agentBase?: number;
}

const AGENTS = 2;
const POLL_MS = 50;
/** pages read per poll at most */
const MAX_PAGES = 30;
/** how long after the last batch a marker may still turn up */
const GRACE_MS = 10_000;
/** batches in flight at most; beyond that a batch is counted as refused rather than queued without bound */
const MAX_IN_FLIGHT = 50;
const RSS_SAMPLE_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function rss(url: string): Promise<number> {
  const res = await fetch(url);
  return ((await res.json()) as { rss: number }).rss;
}

/**
 * Runs the paced load and the poller for `seconds`.
 *
 * ```ts
 * const r = await alertLatencyBench({ vigilUrl, rssUrl: `${bareUrl}/rss`, deployKey, creds, seconds: 10 });
 * console.log(r.p99Ms < 1000 ? 'PASS' : 'MISS');
 * ```
 */
export async function alertLatencyBench(options: AlertLatencyOptions): Promise<AlertLatencyResult> {
  const { vigilUrl, deployKey, creds, seconds } = options;
  const batchesPerSec = options.batchesPerSec ?? 10;
  const agentBase = options.agentBase ?? 100;
  const agents = (await Promise.all(Array.from({ length: AGENTS }, (_, i) => register(vigilUrl, deployKey, agentBase + i)))).map((c) => agentClient(vigilUrl, c));
  const run = Date.now().toString(36);
  // 999 background events per batch, stringified once; the marker is spliced in front of them.
  const background = makeBatch(7).filter((e) => (e as { event_type: string }).event_type !== 'sudo');
  const tail = JSON.stringify(background.slice(0, 999)).slice(1);
  const readCredentials = { id: creds.userId, key: creds.apiKey, algorithm: 'sha256' as const };

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let batches = 0;
  let refused = 0;
  let inFlight = 0;
  let sending = true;
  let gaveUp = false;

  const rssStartBytes = await rss(options.rssUrl);
  const rssSamplesBytes: number[] = [rssStartBytes];
  const sampler = setInterval(() => {
    rss(options.rssUrl).then((b) => rssSamplesBytes.push(b), () => {});
  }, RSS_SAMPLE_MS);
  const started = Date.now();
  const from = new Date(started - 1000).toISOString();

  const poller = (async () => {
    const base = `${vigilUrl}/v2/alerts?status=active&from=${encodeURIComponent(from)}`;
    let lastFound = Date.now();
    while (sending || (sentAt.size > 0 && Date.now() - lastFound < GRACE_MS)) {
      const polledAt = Date.now();
      let oldestPending = Number.POSITIVE_INFINITY;
      for (const t of sentAt.values()) if (t < oldestPending) oldestPending = t;
      if (options.giveUpAfterMs !== undefined && polledAt - oldestPending > options.giveUpAfterMs) gaveUp = true;
      // Newest first, 100 a page: when alerts lag, older markers sit on later pages, so page on until the
      // oldest marker still pending is covered (bounded, so a long backlog cannot stall the poller).
      let token: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url: string = token === null ? base : `${base}&token=${encodeURIComponent(token)}`;
        const res = await fetch(url, { headers: { authorization: clientHeader(url, 'GET', { credentials: readCredentials, ext: creds.orgId }).header } });
        const seenAt = Date.now();
        if (res.status !== 200) {
          await res.arrayBuffer();
          break;
        }
        const body = (await res.json()) as { alerts: Array<{ title: string; createdAt: string }>; token: string | null };
        for (const alert of body.alerts) {
          const marker = /bench-u-[0-9a-z]+-\d+/.exec(alert.title)?.[0];
          const sent = marker === undefined ? undefined : sentAt.get(marker);
          if (sent === undefined) continue;
          latencies.push(seenAt - sent);
          sentAt.delete(marker!);
          lastFound = seenAt;
        }
        const last = body.alerts.at(-1);
        token = body.token;
        if (token === null || last === undefined || Date.parse(last.createdAt) < oldestPending) break;
      }
      await sleep(Math.max(0, POLL_MS - (Date.now() - polledAt)));
    }
  })();

  const posts: Promise<void>[] = [];
  const total = seconds * batchesPerSec;
  for (let k = 0; k < total && !gaveUp; k++) {
    await sleep(Math.max(0, started + (k * 1000) / batchesPerSec - Date.now()));
    if (inFlight >= MAX_IN_FLIGHT) {
      refused++;
      continue;
    }
    const marker = `bench-u-${run}-${k}`;
    const now = Date.now();
    const event = { event_type: 'audit', type: 'start', syscall: 'execve', timestamp: now, user: marker, command: 'sudo', exe: '/usr/bin/sudo', args: ['sudo', 'systemctl', 'restart', 'nginx'], uid: 1005, tty: 'pts/3', session: 9, success: true };
    const body = `[${JSON.stringify(event)},${tail}`;
    const agent = agents[k % agents.length]!;
    sentAt.set(marker, now);
    inFlight++;
    posts.push(
      sendOnce(agent, `lat-${run}-${k}`, body)
        .catch(() => false)
        .then((stored) => {
          if (stored) batches++;
          else {
            refused++;
            sentAt.delete(marker);
          }
        })
        .finally(() => inFlight--),
    );
  }
  await Promise.all(posts);
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const rssEndBytes = await rss(options.rssUrl);
  rssSamplesBytes.push(rssEndBytes);
  sending = false;
  await poller;

  // A marker whose alert never showed up counts as infinitely late, so losses cannot flatter the p99.
  for (let i = 0; i < sentAt.size; i++) latencies.push(Number.POSITIVE_INFINITY);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seconds,
    eventsPerSec: (batches * 1000) / elapsed,
    batches,
    refused,
    missing: sentAt.size,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    rssStartBytes,
    rssEndBytes,
    rssSamplesBytes,
    gaveUp,
  };
}
