/** A fake instance metadata service on 127.0.0.1: answers the paths given, 404 to the rest, and records what it was asked. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';

export interface FakeMetadata {
  url: string;
  asked: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** `routes` maps "METHOD /path" to a body, or to a function of the request answering a body or undefined (→ 404). */
export async function fakeMetadata(routes: Record<string, string | ((req: IncomingMessage) => string | undefined)>): Promise<FakeMetadata> {
  const asked: FakeMetadata['asked'] = [];
  const server: Server = createServer((req, res) => {
    asked.push({ method: req.method!, path: req.url!, headers: req.headers });
    const route = routes[`${req.method} ${req.url}`];
    const body = typeof route === 'function' ? route(req) : route;
    if (body === undefined) {
      res.writeHead(404).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/plain' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
