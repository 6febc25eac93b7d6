/** A plain-HTTP webhook receiver on 127.0.0.1:0 that answers 200 and counts what it got. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpReceiver {
  url: string;
  received: number;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const receiver = { url: '', received: 0, close: async () => {} } as HttpReceiver;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.received += 1;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
