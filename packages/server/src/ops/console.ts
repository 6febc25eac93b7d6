/**
 * The console (packages/web, built to static files) at `/`. Its client routes answer index.html so that a
 * shared link such as `/alerts/<id>` (Slack messages carry them) opens the page; the routes are listed one
 * by one rather than caught by a wildcard, so `/api`, `/v2`, `/taxii2`, `/docs` and every other surface keep
 * their own 404s. Hashed bundles are cached for a year, index.html is revalidated on every load, and the
 * pages carry a Content-Security-Policy that allows nothing but this origin's own scripts and styles.
 * Everything is compressed once and sent by ETag (compressed-asset.ts). A server whose console was not
 * built still starts: it says so in the log and its console pages answer a 404 saying how to build it.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { compressedAsset, type CompressedAsset } from './compressed-asset.js';

/** The client's routes (packages/web/src/routes.tsx): each answers index.html. */
export const CONSOLE_ROUTES: readonly string[] = [
  '/',
  '/login',
  '/dashboard',
  '/alerts',
  '/alerts/:alertId',
  '/agents',
  '/agents/:agentId',
  '/vulnerabilities',
  '/rules',
  '/rules/*',
  '/settings',
  '/settings/*',
  '/intel',
  '/intel/*',
  '/invites/:inviteId',
];

/** No inline script or style, no other origin, no framing: the console needs nothing else. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** packages/web/dist seen from this file, in src/ops or in dist/ops alike. */
const DEFAULT_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../web/dist');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil console not built</title></head>
<body><main><h1>The console has not been built</h1>
<p>This server serves its APIs, but the web console's files are missing. Run <code>npm run build</code> in the
Vigil checkout (or <code>npm run build -w @vigil/web</code>) and restart the server.</p>
<p>The API documentation is at <a href="/docs">/docs</a>.</p></main></body></html>
`;

/**
 * Registers the console's files and routes; `dir` defaults to packages/web/dist.
 * ```ts
 * installConsole(app, config.consoleDir);
 * ```
 */
export function installConsole(app: FastifyInstance, dir: string = DEFAULT_DIR): void {
  const indexFile = join(dir, 'index.html');
  const hide = { schema: { hide: true } };
  if (!existsSync(indexFile)) {
    app.log.warn({ dir }, 'console not built: its pages answer 404 until `npm run build` writes packages/web/dist');
    for (const url of CONSOLE_ROUTES) {
      app.get(url, hide, (_request, reply) => pageHeaders(reply).code(404).type('text/html; charset=utf-8').send(NOT_BUILT));
    }
    return;
  }
  const index = compressedAsset(() => readFile(indexFile), 'text/html; charset=utf-8');
  for (const url of CONSOLE_ROUTES) {
    app.get(url, hide, (request, reply) => index.send(request, pageHeaders(reply)));
  }
  // Top-level files (icons, robots.txt) and the hashed bundles under assets/; listed once at start.
  const serve = (url: string, file: string, asset: CompressedAsset) =>
    app.get(url, hide, (request, reply) => asset.send(request, reply.header('x-content-type-options', 'nosniff')));
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const type = TYPES[extname(name)];
    if (name === 'index.html' || !type || !statSync(file).isFile()) continue;
    serve(`/${name}`, file, compressedAsset(() => readFile(file), type));
  }
  const assets = join(dir, 'assets');
  if (!existsSync(assets)) return;
  for (const name of readdirSync(assets)) {
    const file = join(assets, name);
    const type = TYPES[extname(name)];
    if (!type || !statSync(file).isFile()) continue;
    serve(`/assets/${name}`, file, compressedAsset(() => readFile(file), type, IMMUTABLE));
  }
}
