import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { realDatabaseIds } from '@internal/infra-test-utils';
import {
  createMacTraceEngine,
  createSwitchInfoCache,
  SwitchSessionPool,
} from '@infra-inventory/plugin-infra-node';
import express from 'express';
import request from 'supertest';
import {
  ABANDONED_JOB_ERROR,
  createMacTraceRouter,
} from './createMacTraceRouter';
import { MacTraceStore } from './MacTraceStore';

const databases = TestDatabases.create({ ids: realDatabaseIds() });

const allowAll = {
  authorize: async (requests: unknown[]) =>
    requests.map(() => ({ result: 'ALLOW' })),
  authorizeConditional: async () => [],
} as unknown as PermissionsService;

describe('MAC trace jobs left behind by a replica that stopped', () => {
  it.each(databases.eachSupportedId())(
    'are failed with an explanation once past the deadline, and only those, in %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await MacTraceStore.create({
        database: { getClient: async () => knex } as any,
      });
      const pool = new SwitchSessionPool({});
      const router = await createMacTraceRouter({
        store,
        engine: createMacTraceEngine({
          pool,
          cache: createSwitchInfoCache(),
        }),
        permissions: allowAll,
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
        switches: [],
        abandonedAfterMs: 60_000,
      });
      const app = express().use(router);
      const now = Date.now();
      const job = (id: string, createdAgoMs: number) =>
        store.createJob({
          id,
          requestedBy: 'user:default/mock',
          macs: ['02aa00000001'],
          filter: {},
          switchIds: ['acc1'],
          now: now - createdAgoMs,
        });
      // "orphan" was running on a replica that died 5 minutes ago; "fresh" is still in its window;
      // "finished" ended long ago and must keep its result.
      await job('orphan', 300_000);
      await store.markRunning('orphan', now - 299_000);
      await job('fresh', 1_000);
      await store.markRunning('fresh', now - 900);
      await job('finished', 400_000);
      await store.finishJob(
        'finished',
        { macs: [], sightings: [], switches: [] } as any,
        now - 390_000,
      );

      const orphan = await request(app).get('/mactrace/jobs/orphan');
      expect(orphan.status).toBe(200);
      expect(orphan.body).toMatchObject({
        state: 'failed',
        error: ABANDONED_JOB_ERROR,
      });
      expect(orphan.body.finishedAt).toBeGreaterThanOrEqual(now);

      expect((await request(app).get('/mactrace/jobs/fresh')).body.state).toBe(
        'running',
      );
      const finished = await request(app).get('/mactrace/jobs/finished');
      expect(finished.body.state).toBe('done');
      expect(finished.body.error).toBeUndefined();

      // the sweep is guarded by state, so a job that finished meanwhile is never overwritten
      expect(await store.failAbandoned(now, 'late', { id: 'finished' })).toBe(
        0,
      );
      await pool.close();
    },
  );
});
