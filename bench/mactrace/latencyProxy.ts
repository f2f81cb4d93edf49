import { createServer, Server, Socket } from 'node:net';

export interface LatencyProxy {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP forwarder that delays every chunk by half the round trip in each direction, keeping
 * order: an emulated WAN between the bench and one switch. Listens on the switch's own loopback
 * address, on a free port.
 */
export async function startLatencyProxy(
  target: { host: string; port: number },
  roundTripMs: number,
): Promise<LatencyProxy> {
  const oneWay = roundTripMs / 2;
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    let last = 0;
    from.on('data', chunk => {
      const at = Math.max(Date.now() + oneWay, last);
      last = at;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, at - Date.now());
    });
    from.on('end', () => {
      setTimeout(() => to.end(), Math.max(0, last - Date.now()) + oneWay);
    });
    from.on('error', () => to.destroy());
    from.on('close', () => {
      setTimeout(() => to.destroy(), Math.max(0, last - Date.now()) + oneWay);
    });
  };
  const server: Server = createServer(client => {
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pipe(client, upstream);
    pipe(upstream, client);
    // (the TCP handshake itself is not delayed: the SSH exchanges after it are)
    upstream.connect(target.port, target.host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, target.host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string')
    throw new Error('proxy has no port');
  return {
    host: target.host,
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}
