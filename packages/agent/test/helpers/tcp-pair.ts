/** A TCP connection over 127.0.0.1 with both ends in this process, kept open until closed. */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

export interface TcpPair {
  port: number;
  client: Socket;
  /** the server's end */
  accepted: Socket;
  close(): void;
}

export async function openTcpPair(): Promise<TcpPair> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const acceptedOnce = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [accepted] = await acceptedOnce;
  return {
    port,
    client,
    accepted,
    close() {
      client.destroy();
      accepted.destroy();
      server.close();
    },
  };
}
