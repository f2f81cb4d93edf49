import { TestDatabases } from '@backstage/backend-test-utils';
import { realDatabaseIds } from '@internal/infra-test-utils';
import { InfraStore } from './InfraStore';

const databases = TestDatabases.create({ ids: realDatabaseIds() });

describe('InfraStore (real SQLite and PostgreSQL)', () => {
  it.each(databases.eachSupportedId())(
    'migrates and round-trips cache entries on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await InfraStore.create({
        database: { getClient: async () => knex },
      });
      expect(await store.ping()).toBe(true);

      const value = Buffer.from([0, 1, 2, 250, 255]);
      await store.setCacheEntry({
        key: 'v1:vc1:abc:cluster/domain-c7',
        value,
        encoding: 'gzip',
        storedAt: 1_700_000_000_000,
        expiresAt: 1_700_000_300_000,
      });
      const read = await store.getCacheEntry('v1:vc1:abc:cluster/domain-c7');
      expect(read).toEqual({
        key: 'v1:vc1:abc:cluster/domain-c7',
        value,
        encoding: 'gzip',
        storedAt: 1_700_000_000_000,
        expiresAt: 1_700_000_300_000,
      });

      // upsert replaces the row instead of failing on the primary key
      await store.setCacheEntry({
        ...read!,
        value: Buffer.from('x'),
        encoding: 'json',
      });
      expect((await store.getCacheEntry(read!.key))?.value.toString()).toBe(
        'x',
      );

      // prefix deletion treats % and _ literally
      await store.setCacheEntry({ ...read!, key: 'v1:vc1_x:other' });
      await store.setCacheEntry({ ...read!, key: 'v1:vc2:other' });
      expect(await store.deleteCacheEntries('v1:vc1_')).toBe(1);
      expect(await store.deleteCacheEntries('v1:vc1:')).toBe(1);
      expect(await store.getCacheEntry('v1:vc2:other')).toBeDefined();

      // exact deletion leaves keys that merely start with the same text
      await store.setCacheEntry({ ...read!, key: 'v1:vc2:other0' });
      expect(await store.deleteCacheEntry('v1:vc2:other')).toBe(1);
      expect(await store.getCacheEntry('v1:vc2:other0')).toBeDefined();
      await store.setCacheEntry({ ...read!, key: 'v1:vc2:other' });

      // migrations are idempotent across restarts
      await InfraStore.create({ database: { getClient: async () => knex } });
      expect(await store.getCacheEntry('v1:vc2:other')).toBeDefined();
    },
    60_000,
  );
});
