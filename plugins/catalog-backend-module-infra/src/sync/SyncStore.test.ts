import { TestDatabases } from '@backstage/backend-test-utils';
import { realDatabaseIds } from '@internal/infra-test-utils';
import { SyncStore } from './SyncStore';

const databases = TestDatabases.create({ ids: realDatabaseIds() });

describe('SyncStore (real SQLite and PostgreSQL)', () => {
  it.each(databases.eachSupportedId())(
    'records a run from start to finish on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SyncStore.create({
        database: { getClient: async () => knex },
      });

      const id = await store.start({
        sourceKind: 'vsphere',
        sourceId: 'lab',
        mode: 'full',
        startedAt: 1000,
      });
      await store.progress(id, 'inventory', { done: 3, total: 16 });
      let [run] = await store.recent('vsphere', 'lab');
      expect(run).toMatchObject({
        id,
        status: 'running',
        phase: 'inventory',
        progress: { done: 3, total: 16 },
      });

      await store.finish(
        id,
        {
          status: 'succeeded',
          fetchMs: 412,
          processMs: 38,
          calls: 7,
          pages: 2,
          bytes: 3_700_000_000,
          counts: {
            'vsphere-vm': { total: 1500, added: 1500, updated: 0, removed: 0 },
          },
        },
        2000,
      );
      [run] = await store.recent('vsphere', 'lab');
      expect(run).toEqual({
        id,
        sourceKind: 'vsphere',
        sourceId: 'lab',
        mode: 'full',
        status: 'succeeded',
        phase: 'done',
        startedAt: 1000,
        finishedAt: 2000,
        fetchMs: 412,
        processMs: 38,
        calls: 7,
        pages: 2,
        bytes: 3_700_000_000,
        counts: {
          'vsphere-vm': { total: 1500, added: 1500, updated: 0, removed: 0 },
        },
        progress: undefined,
        error: undefined,
      });
    },
    60_000,
  );

  it.each(databases.eachSupportedId())(
    'fails abandoned runs and prunes old ones on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          await store.start({
            sourceKind: 'netbox',
            sourceId: 'nb',
            mode: 'delta',
            startedAt: 100 + i,
          }),
        );
      }
      await store.start({
        sourceKind: 'vsphere',
        sourceId: 'other',
        mode: 'full',
        startedAt: 100,
      });
      expect(await store.failStale(103)).toBe(4);
      const runs = await store.recent('netbox', 'nb');
      expect(runs.map(r => r.status)).toEqual([
        'running',
        'running',
        'failed',
        'failed',
        'failed',
      ]);
      expect(runs[4].error).toMatch(/abandoned/);

      await store.prune(2);
      expect((await store.recent('netbox', 'nb')).map(r => r.id)).toEqual([
        ids[4],
        ids[3],
      ]);
      expect(await store.recent('vsphere', 'other')).toHaveLength(1);
    },
    60_000,
  );

  it.each(databases.eachSupportedId())(
    'keeps the hashes of what each source applied on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      expect(await store.getHashes('vsphere', 'lab')).toBeUndefined();
      const hashes = Object.fromEntries(
        Array.from({ length: 10_000 }, (_, i) => [
          `lab-vm-${i}`,
          ['vsphere-vm', `h${i}`] as [string, string],
        ]),
      );
      const first = await store.setHashes('vsphere', 'lab', hashes);
      const second = await store.setHashes(
        'vsphere',
        'lab',
        { ...hashes, 'lab-vm-0': ['vsphere-vm', 'x'] },
        { snapshotAt: 1_790_000_000_123 },
      );
      const read = await store.getHashes('vsphere', 'lab');
      expect(Object.keys(read!)).toHaveLength(10_000);
      expect(read!['lab-vm-0']).toEqual(['vsphere-vm', 'x']);
      expect(await store.getHashes('netbox', 'lab')).toBeUndefined();
      // every write has its own id: a reader can tell whether someone else wrote since
      expect(second).not.toEqual(first);
      expect(await store.getHashesVersion('vsphere', 'lab')).toBe(second);
      expect(await store.getVersionedHashes('vsphere', 'lab')).toMatchObject({
        version: second,
        snapshotAt: 1_790_000_000_123,
      });
      expect(await store.getHashesVersion('netbox', 'lab')).toBeUndefined();
    },
    60_000,
  );
});
