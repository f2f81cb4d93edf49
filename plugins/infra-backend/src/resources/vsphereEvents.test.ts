import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import {
  describeWith,
  REDIS_CONNECTION,
  redisRequirement,
  RunningVcsim,
  startVcsim,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import {
  VSPHERE_CHANGED_TOPIC,
  VsphereChangedEvent,
} from '@infra-inventory/plugin-infra-common';
import { VimClient } from '@infra-inventory/plugin-infra-node';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
/* eslint-disable @backstage/no-relative-monorepo-imports */
// the catalog module that publishes the changes, wired next to this plugin as in the backend
import { catalogModuleInfra } from '../../../catalog-backend-module-infra/src/module';
import type { VsphereEntityProvider } from '../../../catalog-backend-module-infra/src/vsphere/VsphereEntityProvider';
import { renameEntity } from '../../../infra-node/src/vsphere/__testUtils__/vcsimCalls';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { infraPlugin } from '../plugin';
import { parseVsphereChangedEvent } from './vsphereEvents';

// the catalog's processing extension point, offered here as the catalog plugin would
// (the lead may rather add it to devDependencies; the catalog module already depends on it)
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('parseVsphereChangedEvent', () => {
  it('accepts the published shape and refuses anything else', () => {
    expect(
      parseVsphereChangedEvent({ vcenter: 'lab', clusters: ['domain-c7'] }),
    ).toEqual({ vcenter: 'lab', clusters: ['domain-c7'] });
    expect(
      parseVsphereChangedEvent({
        vcenter: 'lab',
        clusters: [],
        datacenters: true,
      }),
    ).toEqual({ vcenter: 'lab', clusters: [], datacenters: true });
    expect(parseVsphereChangedEvent({ vcenter: 'lab' })).toBeUndefined();
    expect(
      parseVsphereChangedEvent({ vcenter: 'lab', clusters: ['a:b'] }),
    ).toBeUndefined();
    expect(parseVsphereChangedEvent('lab')).toBeUndefined();
  });
});

describeWith(vcsimRequirement, redisRequirement)(
  'infra.vsphere.changed: catalog sync → resources cache (real events service, vcsim, Redis)',
  () => {
    let vc: RunningVcsim;
    beforeAll(async () => {
      vc = await startVcsim({ topology: 'demo' });
    }, 120_000);
    afterAll(() => vc?.stop());

    it('drops exactly the changed cluster’s entries, and the route reads it again', async () => {
      const providers: EntityProvider[] = [];
      const published: VsphereChangedEvent[] = [];
      // a plugin that only listens, to see what the catalog module published
      const probe = createBackendPlugin({
        pluginId: 'probe',
        register(env) {
          env.registerInit({
            deps: { events: eventsServiceRef },
            async init({ events }) {
              await events.subscribe({
                id: 'probe',
                topics: [VSPHERE_CHANGED_TOPIC],
                onEvent: async e => {
                  published.push(e.eventPayload as VsphereChangedEvent);
                },
              });
            },
          });
        },
      });
      const backend = await startTestBackend({
        extensionPoints: [
          [
            catalogProcessingExtensionPoint,
            { addEntityProvider: (p: EntityProvider) => providers.push(p) },
          ],
        ],
        features: [
          infraPlugin,
          catalogModuleInfra,
          probe,
          eventsServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                providers: {
                  vsphere: {
                    // one id, read by both: the catalog module and the resources API
                    lab: {
                      url: vc.url,
                      username: `user-${randomUUID()}`,
                      password: vc.password,
                      live: { enabled: false },
                      schedule: {
                        frequency: { hours: 24 },
                        timeout: { minutes: 5 },
                        initialDelay: { hours: 24 },
                      },
                    },
                  },
                },
              },
              infra: {
                cache: {
                  redis: {
                    connection: REDIS_CONNECTION,
                  },
                },
              },
            },
          }),
        ],
      });
      const provider = providers[0] as VsphereEntityProvider;
      try {
        const mutations: unknown[] = [];
        await provider.connect({
          applyMutation: async m => {
            mutations.push(m);
          },
          refresh: async () => {},
        });
        // the first full sync adds everything: every cluster and the lists are announced
        await provider.refresh();
        expect(mutations).toHaveLength(1);
        const deadline = Date.now() + 5000;
        while (published.length < 1 && Date.now() < deadline) await sleep(10);
        expect(published[0]).toMatchObject({
          vcenter: 'lab',
          datacenters: true,
        });

        const user = mockCredentials.user.header();
        const get = async (path: string) => {
          const res = await request(backend.server)
            .get(`/api/infra${path}`)
            .set('Authorization', user);
          expect(res.status).toBe(200);
          return res.body;
        };
        const stats = async () => (await get('/status')).cache.stats;
        // the infra plugin drops each announced cluster's two entries and the two list prefixes
        const firstDrops = 2 * published[0].clusters.length + 2;
        while (
          (await stats()).invalidations.local < firstDrops &&
          Date.now() < deadline
        ) {
          await sleep(10);
        }
        expect((await stats()).invalidations.local).toBe(firstDrops);

        const dc = (await get('/resources/lab/datacenters')).datacenters
          .items[0].id;
        const clusters = (
          await get(`/resources/lab/datacenters/${dc}/clusters`)
        ).clusters.items as Array<{ id: string }>;
        expect(clusters.length).toBeGreaterThanOrEqual(2);
        expect(published[0].clusters).toEqual(
          expect.arrayContaining(clusters.map(c => c.id)),
        );
        // c1: a cluster with a template; c2: another one
        const bodies = new Map<string, any>();
        for (const c of clusters) {
          bodies.set(c.id, await get(`/resources/lab/clusters/${c.id}`));
        }
        const c1 = clusters.find(c => bodies.get(c.id).templates.total > 0)!.id;
        const c2 = clusters.find(c => c.id !== c1)!.id;

        // a change inside c1 only: one of its templates renamed on vCenter
        const template = bodies.get(c1).templates.items[0] as {
          id: string;
          name: string;
        };
        const renamed = `${template.name}-renamed`;
        const client = await VimClient.connect(vc);
        try {
          await renameEntity(
            client,
            { type: 'VirtualMachine', value: template.id },
            renamed,
          );
        } finally {
          await client.close();
        }
        const loads = (await stats()).loads.count;
        const invalidations = (await stats()).invalidations.local;

        // the next full sync sees it, applies it and says which cluster it touched
        await provider.refresh();
        while (published.length < 2 && Date.now() < deadline + 5000)
          await sleep(10);
        expect(published[1]).toEqual({ vcenter: 'lab', clusters: [c1] });
        let now = await stats();
        while (
          now.invalidations.local < invalidations + 2 &&
          Date.now() < deadline + 5000
        ) {
          await sleep(10);
          now = await stats();
        }
        // c1's resources and templates, nothing else
        expect(now.invalidations.local).toBe(invalidations + 2);

        const after1 = await get(`/resources/lab/clusters/${c1}`);
        expect(
          after1.templates.items.map((t: { name: string }) => t.name),
        ).toContain(renamed);
        expect(after1.templates).toMatchObject({
          stale: false,
          loading: false,
        });
        expect((await stats()).loads.count).toBe(loads + 2);
        // c2 and the lists still come from the cache
        await get(`/resources/lab/clusters/${c2}`);
        await get('/resources/lab/datacenters');
        await get(`/resources/lab/datacenters/${dc}/clusters`);
        expect((await stats()).loads.count).toBe(loads + 2);
      } finally {
        await provider.close();
        await backend.stop();
      }
    }, 120_000);
  },
);
