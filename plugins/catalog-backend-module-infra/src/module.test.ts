import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import request from 'supertest';
import { catalogModuleInfra } from './module';

const vsphereConfig = {
  catalog: {
    providers: {
      vsphere: {
        lab: {
          url: 'http://127.0.0.1:1',
          username: 'u',
          password: 'hunter2-secret',
          tls: { skipTlsVerify: true },
        },
      },
    },
  },
};

const start = (extra: any[] = []) =>
  startTestBackend({
    extensionPoints: [
      [catalogProcessingExtensionPoint, { addEntityProvider: jest.fn() }],
    ],
    features: [
      catalogModuleInfra,
      mockServices.rootConfig.factory({ data: vsphereConfig }),
      ...extra,
    ],
  });

describe('catalogModuleInfra wiring', () => {
  it('names the vCenters it reads at startup', async () => {
    const logger = mockServices.logger.mock();
    await start([logger.factory]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'vCenters lab (catalog.providers.vsphere), NetBox none',
      ),
    );
  });

  it('serves the sync status of configured sources without their secrets', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/catalog/infra/sync-status')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sources: [
        {
          kind: 'vsphere',
          id: 'lab',
          url: 'http://127.0.0.1:1/sdk',
          mode: 'idle',
          runs: [],
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('refuses "sync now" without the infra.admin permission, and unknown sources', async () => {
    const denied = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const res = await request(denied.server)
      .post('/api/catalog/infra/sync-status/vsphere/lab/run')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/infra\.admin/);
    await denied.stop();

    const allowed = await start();
    const missing = await request(allowed.server)
      .post('/api/catalog/infra/sync-status/vsphere/nope/run')
      .set('Authorization', mockCredentials.user.header());
    expect(missing.status).toBe(404);
  });

  it('fails startup on bad provider config with a message naming the key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: jest.fn() }],
        ],
        features: [
          catalogModuleInfra,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                providers: {
                  vsphere: { url: 'not a url', username: 'u', password: 'p' },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/catalog\.providers\.vsphere\.url/);
  });
});
