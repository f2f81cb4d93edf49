import { TestCaches, TestDatabases } from '@backstage/backend-test-utils';
import { realCacheIds, realDatabaseIds } from './services';

// the harness's own proof: Backstage's test helpers reach the machine's servers, not docker
const caches = TestCaches.create({ ids: realCacheIds() });
const databases = TestDatabases.create({ ids: realDatabaseIds() });

describe('real-service settings (real Redis and PostgreSQL)', () => {
  it('runs cache tests on Redis and store tests on SQLite and PostgreSQL', () => {
    expect(caches.eachSupportedId()).toEqual([['REDIS_7']]);
    expect(databases.eachSupportedId()).toEqual([
      ['SQLITE_3'],
      ['POSTGRES_15'],
    ]);
  });

  it.each(caches.eachSupportedId())(
    'round-trips a value through %p',
    async id => {
      const { keyv } = await caches.init(id);
      await keyv.set('infra-harness', { ok: true }, 10_000);
      expect(await keyv.get('infra-harness')).toEqual({ ok: true });
    },
  );
});
