import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  buildVcsim,
  describeWith,
  RunningVcsim,
  startVcsim,
  tagVcsimObjects,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import {
  MoRef,
  readInventory,
  VimClient,
} from '@infra-inventory/plugin-infra-node';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { readVsphereProviderConfigs } from '../config';
import { VsphereEntityProvider } from '../VsphereEntityProvider';
import { readVsphereLiveConfig } from './config';
import { RecordingConnection, summary } from './__testUtils__/fakeVim';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

type Delta = Extract<EntityProviderMutation, { type: 'delta' }>;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ref = (tag: string, r: MoRef) =>
  `<${tag} type="${r.type}">${esc(r.value)}</${tag}>`;

/** Calls a vim25 task method with `_this` and the given inner XML; vcsim runs it before answering. */
async function task(client: VimClient, method: string, obj: MoRef, inner = '') {
  const response = await client.invoke(
    method,
    () =>
      `<${method} xmlns="urn:vim25">${ref('_this', obj)}${inner}</${method}>`,
  );
  const node = response.children?.find(c => c.name === 'returnval');
  if (!node?.moType) return;
  // vcsim may run a task after answering: wait for it and fail on its error
  const taskRef = { type: node.moType, value: node.text };
  for (let i = 0; i < 100; i++) {
    const [info] = await client.retrieveAll([
      {
        propSet: [{ type: 'Task', pathSet: ['info.state', 'info.error'] }],
        objectSet: [{ obj: taskRef }],
      },
    ]);
    const state = info?.props['info.state'];
    if (state === 'success') return;
    if (state === 'error') {
      throw new Error(
        `${method} failed: ${JSON.stringify(info.props['info.error'])}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`${method} did not finish`);
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 25));
  }
}

describeWith(vcsimRequirement)(
  'live updates against vcsim (real simulator)',
  () => {
    let vc: RunningVcsim;
    let admin: VimClient;
    let provider: VsphereEntityProvider;
    let connection: RecordingConnection;
    let sources: SyncSources;
    let store: SyncStore;

    beforeAll(async () => {
      await buildVcsim();
      vc = await startVcsim({ topology: 'demo' });
      admin = await VimClient.connect({
        url: vc.url,
        username: vc.username,
        password: vc.password,
      });
      // every VM tagged: the update stream has no tags, so a delta must keep the full read's
      const { vms: vmRecords } = await readInventory(admin);
      await tagVcsimObjects(vc, [
        {
          category: 'Environment',
          tag: 'Lab',
          objects: vmRecords.map(v => v.moref),
        },
      ]);
      const knex = await databases.init('SQLITE_3');
      store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      const block = new ConfigReader({
        url: vc.url,
        username: vc.username,
        password: vc.password,
        live: {
          batchWindowMs: 100,
          maxWaitSeconds: 5,
          initialBackoffMs: 200,
          maxBackoffMs: 1000,
        },
      });
      const [config] = readVsphereProviderConfigs(
        new ConfigReader({
          catalog: { providers: { vsphere: { sim: block.get() } } },
        }),
      );
      sources = new SyncSources();
      sources.register({
        kind: 'vsphere',
        id: 'sim',
        url: config.url,
        taskId: 't',
      });
      provider = new VsphereEntityProvider(config, {
        logger: mockServices.logger.mock(),
        // the first full read runs when the provider connects, like the scheduler's first run
        taskRunner: { run: async ({ fn }) => fn(new AbortController().signal) },
        store,
        sources,
        live: { config: readVsphereLiveConfig(block) },
      });
      connection = new RecordingConnection();
      await provider.connect(connection);
      await until(() => provider.live?.isLive === true, 15_000);
    }, 120_000);

    afterAll(async () => {
      await provider?.close();
      await admin?.close();
      await vc?.stop();
    });

    /** The first delta naming `name` after running `action`. */
    async function deltaAfter(action: () => Promise<void>, name: string) {
      const from = connection.mutations.length;
      await action();
      return connection.nextDelta(
        m =>
          summary(m).added.includes(name) ||
          summary(m).removed.includes(`resource:default/${name}`),
        10_000,
        from,
      );
    }

    const entityOf = (d: Delta, name: string) =>
      d.added.find(a => a.entity.metadata.name === name)?.entity;

    function vms() {
      const full = connection.mutations.find(m => m.type === 'full');
      return (full?.type === 'full' ? full.entities : [])
        .map(e => e.entity)
        .filter(e => e.spec?.type === 'vsphere-vm');
    }
    const moref = (e: {
      metadata: { annotations?: Record<string, string> };
    }): MoRef => ({
      type: 'VirtualMachine',
      value: e.metadata.annotations!['vsphere.infra-inventory.io/moref'],
    });

    it('starts with the full read, then follows changes live', () => {
      expect(connection.mutations[0].type).toBe('full');
      // the filter's initial state renders exactly what the full read applied: no delta
      expect(connection.mutations.map(summary)).toEqual([
        { added: [], removed: [], full: expect.any(Number) },
      ]);
      expect(sources.get('vsphere', 'sim')!.state.mode).toBe('live');
    });

    it('powers off a VM: a delta of just that VM', async () => {
      const vm = vms()[0];
      const name = vm.metadata.name;
      const delta = await deltaAfter(
        () => task(admin, 'PowerOffVM_Task', moref(vm)),
        name,
      );
      expect(summary(delta)).toEqual({ added: [name], removed: [] });
      expect(entityOf(delta, name)!.metadata.labels).toMatchObject({
        'vsphere.infra-inventory.io/power-state': 'poweredOff',
      });
      expect(vm.metadata.tags).toEqual(['environment-lab']);
      expect(entityOf(delta, name)!.metadata.tags).toEqual(['environment-lab']);
      await until(
        () => sources.get('vsphere', 'sim')!.state.updatesApplied! > 0,
        5000,
      );
      expect(sources.get('vsphere', 'sim')!.state).toMatchObject({
        mode: 'live',
        updatesApplied: expect.any(Number),
        lastUpdateAt: expect.any(Number),
      });
    }, 20_000);

    it('renames a VM: a delta of just that VM', async () => {
      const vm = vms()[1];
      const name = vm.metadata.name;
      const delta = await deltaAfter(
        () =>
          task(
            admin,
            'Rename_Task',
            moref(vm),
            '<newName>renamed-live</newName>',
          ),
        name,
      );
      expect(summary(delta)).toEqual({ added: [name], removed: [] });
      expect(entityOf(delta, name)!.metadata.title).toBe('renamed-live');
    }, 20_000);

    function hosts() {
      const full = connection.mutations[0];
      return (full.type === 'full' ? full.entities : [])
        .map(e => e.entity)
        .filter(e => e.spec?.type === 'vsphere-host');
    }
    const hostRef = (e: {
      metadata: { annotations?: Record<string, string> };
    }): MoRef => ({
      type: 'HostSystem',
      value: e.metadata.annotations!['vsphere.infra-inventory.io/moref'],
    });

    it('destroys a VM: a delta removing it', async () => {
      const vm = vms()[2];
      const name = vm.metadata.name;
      // vcsim 0.24 drops a leave that follows a pending modify of the same VM within one poll:
      // let the power-off land first
      await deltaAfter(() => task(admin, 'PowerOffVM_Task', moref(vm)), name);
      const delta = await deltaAfter(
        () => task(admin, 'Destroy_Task', moref(vm)),
        name,
      );
      expect(summary(delta).removed).toEqual([`resource:default/${name}`]);
      // only aggregates that count VMs (datastores, networks) change with it
      expect(summary(delta).added.every(n => !n.startsWith('sim-vm-'))).toBe(
        true,
      );
    }, 20_000);

    it('puts a host in maintenance: vcsim 0.24 sends no update, the periodic full read applies it', async () => {
      const host = hosts()[1];
      const name = host.metadata.name;
      const from = connection.mutations.length;
      await task(
        admin,
        'EnterMaintenanceMode_Task',
        hostRef(host),
        '<timeout>0</timeout>',
      );
      // vcsim sets runtime.inMaintenanceMode without telling its property collector
      await new Promise(r => setTimeout(r, 1500));
      expect(connection.mutations.slice(from)).toEqual([]);
      await provider.refresh();
      const full = connection.mutations[connection.mutations.length - 1];
      expect(full.type).toBe('full');
      const applied = (full.type === 'full' ? full.entities : []).find(
        e => e.entity.metadata.name === name,
      )!.entity;
      expect(applied.metadata.labels).toMatchObject({
        'vsphere.infra-inventory.io/maintenance': 'true',
      });
      // the full read left the loop running
      expect(sources.get('vsphere', 'sim')!.state.mode).toBe('live');
    }, 20_000);

    it('moves a VM to another host: a delta of just that VM with its new host', async () => {
      const vm = vms()[4];
      const name = vm.metadata.name;
      const deps = vm.spec!.dependsOn as string[];
      const target = hosts().find(
        h => !deps.includes(`resource:default/${h.metadata.name}`),
      )!;
      const delta = await deltaAfter(
        () =>
          task(
            admin,
            'RelocateVM_Task',
            moref(vm),
            `<spec>${ref('host', hostRef(target))}</spec>`,
          ),
        name,
      );
      expect(summary(delta)).toEqual({ added: [name], removed: [] });
      expect(entityOf(delta, name)!.spec!.dependsOn).toContain(
        `resource:default/${target.metadata.name}`,
      );
    }, 20_000);

    it('clones a VM: a delta adding it', async () => {
      const vm = vms()[3];
      const from = connection.mutations.length;
      const [content] = await admin.retrieveAll([
        {
          propSet: [{ type: 'VirtualMachine', pathSet: ['parent'] }],
          objectSet: [{ obj: moref(vm) }],
        },
      ]);
      const folder = content.props.parent as MoRef;
      await task(
        admin,
        'CloneVM_Task',
        moref(vm),
        `${ref(
          'folder',
          folder,
        )}<name>cloned-live</name><spec><location/><template>false</template><powerOn>false</powerOn></spec>`,
      );
      const delta = await connection.nextDelta(
        m => m.added.some(a => a.entity.metadata.title === 'cloned-live'),
        10_000,
        from,
      );
      const added = delta.added.filter(a =>
        /^sim-vm-/.test(a.entity.metadata.name),
      );
      expect(added.map(a => a.entity.metadata.title)).toEqual(['cloned-live']);
    }, 20_000);

    it('survives a vCenter outage: backs off, reads in full and follows changes again', async () => {
      const loop = provider.live!;
      const sessionsBefore = loop.sessions;
      const runsBefore = (await store.recent('vsphere', 'sim', 100)).length;
      vc.kill();
      await until(
        () => sources.get('vsphere', 'sim')!.state.mode === 'backing-off',
        5000,
      );
      await new Promise(r => setTimeout(r, 2500));
      // backoff 100-200, 200-400, 400-800, 500-1000 ms: a handful of attempts, no hot spin
      const attempts =
        (await store.recent('vsphere', 'sim', 100)).length - runsBefore;
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(8);
      expect(sources.get('vsphere', 'sim')!.state.lastError).toBeDefined();

      await vc.restart();
      await until(() => loop.isLive && loop.sessions > sessionsBefore, 15_000);
      const [run] = await store.recent('vsphere', 'sim');
      expect(run.status).toBe('succeeded');

      // a fresh collector on the restarted vCenter delivers changes again
      await admin.close();
      admin = await VimClient.connect({
        url: vc.url,
        username: vc.username,
        password: vc.password,
      });
      const vm = vms()[5];
      const delta = await deltaAfter(
        () => task(admin, 'PowerOffVM_Task', moref(vm)),
        vm.metadata.name,
      );
      expect(summary(delta)).toEqual({
        added: [vm.metadata.name],
        removed: [],
      });
    }, 30_000);
  },
);
