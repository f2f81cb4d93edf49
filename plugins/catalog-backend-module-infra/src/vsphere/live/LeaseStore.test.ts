import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { realDatabaseIds } from '@internal/infra-test-utils';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { DEFAULT_LIVE_CONFIG } from './config';
import { LiveLeaseStore } from './LeaseStore';
import { VsphereLiveLoop } from './VsphereLiveLoop';
import {
  FakeVim,
  RecordingConnection,
  smallInventory,
} from './__testUtils__/fakeVim';

const ids = realDatabaseIds();
const databases = TestDatabases.create({ ids });

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe.each(ids)('LiveLeaseStore on %s', databaseId => {
  async function create() {
    const knex = await databases.init(databaseId);
    return {
      knex,
      leases: await LiveLeaseStore.create({
        database: { getClient: async () => knex },
      }),
    };
  }

  it('gives a lease to one holder, renews it, and hands it over once expired or released', async () => {
    const { leases } = await create();
    const t0 = 1_000_000;
    expect(await leases.acquire('vsphere:a', 'one', 1000, t0)).toBe(true);
    expect(await leases.acquire('vsphere:a', 'two', 1000, t0 + 10)).toBe(false);
    // renewal moves the expiry
    expect(await leases.acquire('vsphere:a', 'one', 1000, t0 + 900)).toBe(true);
    expect(await leases.acquire('vsphere:a', 'two', 1000, t0 + 1500)).toBe(
      false,
    );
    expect(await leases.holder('vsphere:a')).toEqual({
      holder: 'one',
      expiresAt: t0 + 1900,
    });
    // not renewed: taken over
    expect(await leases.acquire('vsphere:a', 'two', 1000, t0 + 1901)).toBe(
      true,
    );
    expect(await leases.acquire('vsphere:a', 'one', 1000, t0 + 1902)).toBe(
      false,
    );
    // another source is independent
    expect(await leases.acquire('vsphere:b', 'one', 1000, t0 + 1902)).toBe(
      true,
    );
    await leases.release('vsphere:a', 'one'); // not its lease: no effect
    expect((await leases.holder('vsphere:a'))?.holder).toBe('two');
    await leases.release('vsphere:a', 'two');
    expect(await leases.acquire('vsphere:a', 'one', 1000, t0 + 1903)).toBe(
      true,
    );
  });

  it('lets exactly one of many racing holders win', async () => {
    const { leases } = await create();
    const won = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        leases.acquire('vsphere:race', `h${i}`, 10_000),
      ),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});

describe.each(ids.filter(id => id === 'POSTGRES_15'))(
  'one live loop per vCenter across replicas (%s)',
  databaseId => {
    it('runs the loop in one replica and takes over within the bound when the holder dies', async () => {
      const knex = await databases.init(databaseId);
      const database = { getClient: async () => knex };
      const store = await SyncStore.create({ database });
      const leases = await LiveLeaseStore.create({ database });
      await store.setHashes('vsphere', 'vc', {});
      const live = {
        ...DEFAULT_LIVE_CONFIG,
        leaseTtlMs: 1500,
        leaseRenewMs: 300,
        batchWindowMs: 20,
      };

      const replica = (name: string) => {
        const vim = new FakeVim();
        vim.push({ updates: smallInventory(), version: '1' });
        const sources = new SyncSources();
        sources.register({ kind: 'vsphere', id: 'vc', url: 'x', taskId: 't' });
        const loop = new VsphereLiveLoop({
          vcenter: {
            id: 'vc',
            url: 'https://vc.example.com/sdk',
            owner: 'group:default/infrastructure',
            entities: {
              vms: true,
              templates: true,
              networks: true,
              include: [],
              exclude: [],
            },
            maxRemovalShare: 0.2,
          },
          live,
          connect: vim.connect,
          connection: new RecordingConnection(),
          fullRead: async () => {},
          store,
          sources,
          leases,
          holderId: name,
          logger: mockServices.logger.mock(),
          locationKey: 'infra-vsphere:vc',
        });
        return { vim, loop, sources };
      };

      const a = replica('replica-a');
      a.loop.start();
      await until(() => a.loop.isLive, 5000);
      const b = replica('replica-b');
      b.loop.start();
      // b keeps trying while a renews: it never connects
      await new Promise(r => setTimeout(r, 2 * live.leaseTtlMs));
      expect(a.loop.isLive).toBe(true);
      expect(b.vim.connects).toBe(0);
      expect((await leases.holder('vsphere:vc'))?.holder).toBe('replica-a');

      // a dies without releasing its lease
      const killedAt = Date.now();
      await a.loop.stop({ release: false });
      await until(
        () => b.loop.isLive,
        live.leaseTtlMs + 2 * live.leaseRenewMs + 2000,
      );
      const takeoverMs = Date.now() - killedAt;
      expect(takeoverMs).toBeLessThanOrEqual(
        live.leaseTtlMs + 2 * live.leaseRenewMs + 1000,
      );
      expect((await leases.holder('vsphere:vc'))?.holder).toBe('replica-b');

      // a clean stop releases at once
      await b.loop.stop();
      expect(await leases.holder('vsphere:vc')).toBeUndefined();
    }, 20_000);
  },
);
