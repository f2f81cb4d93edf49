import { createServer } from 'node:net';
import { allocateLoopbackAddresses, canBind } from './loopback';

describe('loopback addresses (real sockets)', () => {
  it('hands out distinct addresses that each bind the same port', async () => {
    const addresses = await allocateLoopbackAddresses(5, 0);
    expect(new Set(addresses).size).toBe(5);
    for (const a of addresses) expect(a).toMatch(/^127\.\d+\.\d+\.\d+$/);

    const servers = await Promise.all(
      addresses.map(
        address =>
          new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
            const s = createServer();
            s.once('error', reject);
            s.listen(47022, address, () => resolve(s));
          }),
      ),
    );
    try {
      expect(await canBind(addresses[0], 47022)).toBe(false);
    } finally {
      await Promise.all(servers.map(s => new Promise(r => s.close(r))));
    }
  });
});
