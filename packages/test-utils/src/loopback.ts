import { createServer } from 'node:net';

/**
 * Hands out distinct 127.x.y.z addresses for emulated devices (switches, vCenters), so each can
 * listen on its standard port. Linux routes all of 127.0.0.0/8 to loopback. Each jest worker gets
 * its own second octet, so parallel test files never collide.
 */
let next = 0;

function workerOctet(): number {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0);
  return 100 + ((worker * 7 + (process.pid % 7)) % 100);
}

/** True when `address:port` can be bound right now. */
export async function canBind(address: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

/**
 * The next free loopback address at which `port` can be bound (port 0: any address that binds).
 */
export async function allocateLoopbackAddress(port = 0): Promise<string> {
  const second = workerOctet();
  for (let attempts = 0; attempts < 60000; attempts++) {
    const n = next++;
    const address = `127.${second}.${Math.floor(n / 250) % 250}.${
      (n % 250) + 2
    }`;
    if (await canBind(address, port)) return address;
  }
  throw new Error(`No free loopback address for port ${port}`);
}

/** `count` distinct free loopback addresses. */
export async function allocateLoopbackAddresses(
  count: number,
  port = 0,
): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(await allocateLoopbackAddress(port));
  return out;
}
