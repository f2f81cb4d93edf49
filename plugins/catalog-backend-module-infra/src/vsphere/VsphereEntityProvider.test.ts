import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  createSoapForwarder,
  describeWith,
  realDatabaseIds,
  RunningVcsim,
  startVcsim,
  tagVcsimObjects,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SyncSources } from '../sync/SyncSources';
import { SyncStore } from '../sync/SyncStore';
import { readVsphereProviderConfigs, VsphereProviderConfig } from './config';
import { VsphereEntityProvider } from './VsphereEntityProvider';
import { ConfigReader } from '@backstage/config';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
realDatabaseIds(); // fails this file under CI when PostgreSQL is missing, like every store test

/** Records what a provider applies, the way the catalog's connection receives it. */
class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  get lastEntities(): Entity[] {
    const last = this.mutations[this.mutations.length - 1];
    return last?.type === 'full' ? last.entities.map(e => e.entity) : [];
  }
}

/**
 * A pass-through proxy to vcsim whose vAPI endpoint (`/rest`) can be taken down while SOAP keeps
 * working, as when a vCenter's vAPI service is restarting. Counts the vAPI requests it saw.
 */
async function startVapiOutageProxy(target: string) {
  const upstream = createSoapForwarder(target);
  const state = { vapiDown: false, vapiRequests: 0 };
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/rest')) {
      state.vapiRequests++;
      if (state.vapiDown) {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('vAPI endpoint unavailable');
        return;
      }
    }
    upstream.passThrough(req, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/sdk`,
    close: () =>
      new Promise<void>(resolve => {
        upstream.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const byType = (entities: Entity[]) =>
  entities.reduce<Record<string, number>>((acc, e) => {
    const t = String(e.spec?.type);
    acc[t] = (acc[t] ?? 0) + 1;
    return acc;
  }, {});

describeWith(vcsimRequirement)(
  'VsphereEntityProvider against vcsim (real simulator)',
  () => {
    let vc: RunningVcsim;
    beforeAll(async () => {
      vc = await startVcsim({ topology: 'demo' });
    }, 120_000);
    afterAll(() => vc?.stop());

    async function setup(overrides: Record<string, unknown> = {}) {
      const knex = await databases.init('SQLITE_3');
      const store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      const [config] = readVsphereProviderConfigs(
        new ConfigReader({
          catalog: {
            providers: {
              vsphere: {
                demo: {
                  url: vc.url,
                  username: vc.username,
                  password: vc.password,
                  ...overrides,
                },
              },
            },
          },
        }),
      );
      const logger = mockServices.logger.mock();
      const sources = new SyncSources();
      sources.register({
        kind: 'vsphere',
        id: 'demo',
        url: config.url,
        taskId: 't',
      });
      const provider = new VsphereEntityProvider(
        config as VsphereProviderConfig,
        {
          logger,
          taskRunner: { run: async () => {} },
          store,
          sources,
        },
      );
      const connection = new RecordingConnection();
      await provider.connect(connection);
      return { provider, connection, store, logger, sources };
    }

    it('emits exactly what vcsim holds, per type, with relations that resolve', async () => {
      const { provider, connection, store } = await setup();
      try {
        await provider.refresh();
      } finally {
        await provider.close();
      }
      const entities = connection.lastEntities;
      const counts = vc.counts!;
      expect(byType(entities)).toEqual({
        'vsphere-datacenter': counts.Datacenter,
        'vsphere-cluster': counts.ClusterComputeResource,
        'vsphere-host': counts.HostSystem,
        'vsphere-vm': counts.VirtualMachine - counts.template,
        'vsphere-vm-template': counts.template,
        'vsphere-datastore': counts.Datastore,
        'vsphere-dv-switch': counts.DistributedVirtualSwitch,
        'vsphere-dv-portgroup': counts.DistributedVirtualPortgroup,
        'vsphere-network': counts.Network,
      });

      const names = new Set(
        entities.map(e => `resource:default/${e.metadata.name}`),
      );
      for (const e of entities) {
        for (const dep of (e.spec?.dependsOn as string[]) ?? [])
          expect(names).toContain(dep);
      }
      // every running VM sits on a host of a cluster or a standalone host
      const vms = entities.filter(e => e.spec?.type === 'vsphere-vm');
      for (const vm of vms) {
        expect(
          (vm.spec!.dependsOn as string[]).some(d => /-host-\d+$/.test(d)),
        ).toBe(true);
      }

      const [run] = await store.recent('vsphere', 'demo');
      expect(run).toMatchObject({ status: 'succeeded', pages: 1 });
      expect(run.calls).toBeLessThanOrEqual(6 + run.pages!);
      expect(run.counts!['vsphere-vm']).toMatchObject({
        total: counts.VirtualMachine - counts.template,
        added: counts.VirtualMachine - counts.template,
      });
    }, 60_000);

    it('applies the same entities again on a second read, counting nothing as changed', async () => {
      const { provider, connection, store } = await setup();
      try {
        await provider.refresh();
        await provider.refresh();
      } finally {
        await provider.close();
      }
      expect(connection.mutations).toHaveLength(2);
      const [second] = await store.recent('vsphere', 'demo');
      for (const c of Object.values(second.counts!)) {
        expect(c).toMatchObject({ added: 0, updated: 0, removed: 0 });
      }
    }, 60_000);

    it('applies nothing when a read would remove more than the allowed share', async () => {
      const { provider, connection, store, sources } = await setup();
      await provider.refresh();
      await provider.close();
      // the same vCenter read with most VMs filtered out looks like a mass deletion
      const narrowed = await setup({ entities: { exclude: ['^DC0_C0'] } });
      const { provider: p2, connection: c2 } = narrowed;
      // share the first run's store so the guard sees what was applied
      (p2 as any).deps.store = store;
      await p2.refresh();
      await p2.close();
      expect(c2.mutations).toHaveLength(0);
      const [run] = await store.recent('vsphere', 'demo');
      expect(run.status).toBe('skipped');
      expect(run.error).toMatch(
        /would remove \d+ of \d+ entities .* nothing applied/,
      );
      expect(connection.mutations).toHaveLength(1);
      expect(sources.get('vsphere', 'demo')).toBeDefined();
    }, 60_000);

    it('records a failed run and applies nothing when the vCenter is down', async () => {
      const { provider, connection, store, logger } = await setup({
        url: 'http://127.0.0.1:1/sdk',
      });
      await provider.refresh();
      expect(connection.mutations).toHaveLength(0);
      const [run] = await store.recent('vsphere', 'demo');
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/127\.0\.0\.1:1|ECONNREFUSED|connect/i);
      const child = logger.child.mock.results[0].value;
      expect(child.error).toHaveBeenCalledWith(
        expect.stringMatching(/failed, nothing applied/),
      );
      expect(JSON.stringify(child.error.mock.calls)).not.toContain(vc.password);
    }, 60_000);

    it('starts no live loop unless live updates are configured and enabled', async () => {
      const { provider } = await setup();
      expect(provider.live).toBeUndefined();
      await provider.close();
    });

    // last: it tags vcsim's objects, which the other tests do not expect
    it('puts vSphere tags on the entities, keeps the last ones while the vAPI is down, reads none when off', async () => {
      const proxy = await startVapiOutageProxy(vc.url);
      try {
        const first = await setup({ url: proxy.url });
        await first.provider.refresh();
        const vm = first.connection.lastEntities.find(
          e => e.spec?.type === 'vsphere-vm',
        )!;
        expect(vm.metadata.tags).toBeUndefined();
        await tagVcsimObjects(vc, [
          {
            category: 'Environment',
            tag: 'Production',
            objects: [
              {
                type: 'VirtualMachine',
                value:
                  vm.metadata.annotations!['vsphere.infra-inventory.io/moref'],
              },
            ],
          },
        ]);
        const tagsOf = (c: RecordingConnection) =>
          c.lastEntities.find(e => e.metadata.name === vm.metadata.name)!
            .metadata.tags;

        await first.provider.refresh();
        expect(tagsOf(first.connection)).toEqual(['environment-production']);
        const [tagged] = await first.store.recent('vsphere', 'demo');
        expect(tagged.counts!['vsphere-vm']).toMatchObject({ updated: 1 });
        // SOAP calls are counted alone; the tags cost vAPI calls, none per object
        expect(tagged.calls).toBeLessThanOrEqual(6 + tagged.pages!);

        proxy.state.vapiDown = true;
        await first.provider.refresh();
        expect(tagsOf(first.connection)).toEqual(['environment-production']);
        const [outage] = await first.store.recent('vsphere', 'demo');
        expect(outage).toMatchObject({ status: 'succeeded' });
        expect(outage.counts!['vsphere-vm']).toMatchObject({ updated: 0 });
        const child = first.logger.child.mock.results[0].value;
        expect(child.warn).toHaveBeenCalledWith(
          expect.stringMatching(
            /tags of demo could not be read, keeping those of the last read: .*503/,
          ),
        );
        await first.provider.close();

        proxy.state.vapiDown = false;
        const before = proxy.state.vapiRequests;
        const off = await setup({ url: proxy.url, tags: { enabled: false } });
        await off.provider.refresh();
        await off.provider.close();
        expect(proxy.state.vapiRequests).toBe(before);
        expect(tagsOf(off.connection)).toBeUndefined();
      } finally {
        await proxy.close();
      }
    }, 60_000);
  },
);
