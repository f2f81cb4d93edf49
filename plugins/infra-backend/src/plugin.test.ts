import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { infraPlugin } from './plugin';

describe('infraPlugin wiring', () => {
  it('serves health without credentials and status to users', async () => {
    const { server } = await startTestBackend({
      features: [infraPlugin, mockServices.rootConfig.factory({ data: {} })],
    });

    const health = await request(server)
      .get('/api/infra/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });

    const status = await request(server)
      .get('/api/infra/status')
      .set('Authorization', mockCredentials.user.header());
    expect(status.body.error?.message).toBeUndefined();
    expect(status.status).toBe(200);
    const anonymous = await request(server)
      .get('/api/infra/status')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    expect(status.body).toEqual({
      plugin: 'infra',
      database: { client: 'better-sqlite3', ok: true },
      cache: {
        redis: 'disabled',
        stats: expect.objectContaining({
          redis: expect.objectContaining({ state: 'disabled' }),
        }),
      },
    });
  });

  it('refuses a Redis setting that is not a URL, saying how to fix it', async () => {
    await expect(
      startTestBackend({
        features: [
          infraPlugin,
          mockServices.rootConfig.factory({
            data: {
              infra: { cache: { redis: { connection: 'localhost:6379' } } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/infra\.cache\.redis\.connection must be a redis:\/\//);
  });
});
