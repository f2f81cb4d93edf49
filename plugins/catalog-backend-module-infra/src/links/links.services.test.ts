import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  describeWith,
  NetboxEmulator,
  RunningVcsim,
  startNetboxEmulator,
  startVcsim,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import { VimClient } from '@infra-inventory/plugin-infra-node';
import { NetboxEntityProvider, readNetboxProviderConfigs } from '../netbox';
import { SyncSources } from '../sync/SyncSources';
import { SyncStore } from '../sync/SyncStore';
import { readVsphereProviderConfigs } from '../vsphere/config';
import { readVsphereLiveConfig } from '../vsphere/live/config';
import { VsphereEntityProvider } from '../vsphere/VsphereEntityProvider';
import { readLinkConfigs } from './config';
import {
  ANNOTATION_DEVICE_AMBIGUOUS,
  ANNOTATION_DEVICE_URL,
  ANNOTATION_VLAN_AMBIGUOUS,
  ANNOTATION_VM_URL,
  LABEL_NETBOX_MATCH,
} from './link';
import { LinkIndex } from './LinkIndex';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  get last() {
    return this.mutations[this.mutations.length - 1];
  }
  get lastEntities(): Entity[] {
    const last = this.last;
    return last?.type === 'full' ? last.entities.map(e => e.entity) : [];
  }
  get lastDelta(): Entity[] {
    const last = this.last;
    return last?.type === 'delta' ? last.added.map(e => e.entity) : [];
  }
}

const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

/** vcsim's demo portgroups (all VLAN 0 out of the box) and the VLAN ids given to them here. */
const PORTGROUPS = {
  'dvportgroup-13': 3120,
  'dvportgroup-15': 3130,
  'dvportgroup-17': 3140,
};

/** Calls a vim25 task method and waits for the task (as live.vcsim.test.ts does). */
async function task(
  client: VimClient,
  method: string,
  obj: { type: string; value: string },
  inner: string,
) {
  const response = await client.invoke(
    method,
    () =>
      `<${method} xmlns="urn:vim25"><_this type="${obj.type}">${obj.value}</_this>${inner}</${method}>`,
  );
  const node = response.children?.find(c => c.name === 'returnval');
  if (!node?.moType) return;
  for (let i = 0; i < 100; i++) {
    const [info] = await client.retrieveAll([
      {
        propSet: [{ type: 'Task', pathSet: ['info.state', 'info.error'] }],
        objectSet: [{ obj: { type: node.moType, value: node.text } }],
      },
    ]);
    const state = info?.props['info.state'];
    if (state === 'success') return;
    if (state === 'error')
      throw new Error(`${method}: ${JSON.stringify(info.props['info.error'])}`);
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`${method} did not finish`);
}

describeWith(vcsimRequirement)(
  'vSphere ↔ NetBox links against vcsim and the NetBox emulator',
  () => {
    let vc: RunningVcsim;
    let nb: NetboxEmulator;
    beforeAll(async () => {
      [vc, nb] = await Promise.all([
        startVcsim({ topology: 'demo' }),
        startNetboxEmulator({ seed: 'demo' }),
      ]);
      const admin = await VimClient.connect({
        url: vc.url,
        username: vc.username,
        password: vc.password,
      });
      try {
        // vcsim's ReconfigureDVPortgroup does not tell its property collector: set before any read
        for (const [pg, vid] of Object.entries(PORTGROUPS)) {
          await task(
            admin,
            'ReconfigureDVPortgroup_Task',
            { type: 'DistributedVirtualPortgroup', value: pg },
            `<spec><defaultPortConfig xsi:type="VMwareDVSPortSetting"><vlan xsi:type="VmwareDistributedVirtualSwitchVlanIdSpec">` +
              `<inherited>false</inherited><vlanId>${vid}</vlanId></vlan></defaultPortConfig></spec>`,
          );
        }
      } finally {
        await admin.close();
      }
    }, 120_000);
    afterAll(async () => {
      await vc?.stop();
      await nb?.stop();
    });
    beforeEach(() => nb.reset());

    async function post(endpoint: string, body: object): Promise<number> {
      const res = await fetch(`${nb.url}/api/${endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `${nb.token.startsWith('nbt_') ? 'Bearer' : 'Token'} ${
            nb.token
          }`,
        },
        body: JSON.stringify(body),
      });
      if (res.status !== 201)
        throw new Error(`POST ${endpoint}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: number }).id;
    }

    async function setup(netbox?: object, live = false) {
      const knex = await databases.init('SQLITE_3');
      const store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      const root = new ConfigReader({
        catalog: {
          providers: {
            vsphere: {
              demo: {
                url: vc.url,
                username: vc.username,
                password: vc.password,
                live: live
                  ? {
                      batchWindowMs: 100,
                      maxWaitSeconds: 5,
                      initialBackoffMs: 200,
                      maxBackoffMs: 1000,
                    }
                  : { enabled: false },
                ...(netbox ? { netbox } : {}),
              },
            },
            netbox: { demo: { url: nb.url, token: nb.token } },
          },
        },
      });
      const [vcConfig] = readVsphereProviderConfigs(root);
      const [nbConfig] = readNetboxProviderConfigs(root);
      const links = new LinkIndex(readLinkConfigs(root, [nbConfig.id]));
      const logger = mockServices.logger.mock();
      // the providers log through child loggers: keep them on this mock
      (logger.child as jest.Mock).mockReturnValue(logger);
      const sources = new SyncSources();
      sources.register({
        kind: 'vsphere',
        id: 'demo',
        url: vc.url,
        taskId: 'v',
      });
      sources.register({
        kind: 'netbox',
        id: 'demo',
        url: nb.url,
        taskId: 'n',
      });
      const taskRunner = { run: async () => {} };
      const vsphere = new VsphereEntityProvider(vcConfig, {
        logger,
        // with live updates, the first full read runs on connect, as the scheduler's first run
        taskRunner: live
          ? { run: async ({ fn }) => fn(new AbortController().signal) }
          : taskRunner,
        store,
        sources,
        links,
        live: live
          ? {
              config: readVsphereLiveConfig(
                root.getConfig('catalog.providers.vsphere.demo'),
              ),
            }
          : undefined,
      });
      const netboxProvider = new NetboxEntityProvider(nbConfig, {
        logger,
        taskRunner,
        store,
        sources,
        links,
        clientOptions: { retry: { maxAttempts: 1 } },
      });
      const vsConn = new RecordingConnection();
      const nbConn = new RecordingConnection();
      await netboxProvider.connect(nbConn);
      // live: NetBox is read first, so the vCenter's first read already links
      if (live) await netboxProvider.refresh();
      await vsphere.connect(vsConn);
      return { vsphere, netboxProvider, vsConn, nbConn, store, logger };
    }

    async function until(check: () => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('condition not reached');
        await new Promise(r => setTimeout(r, 25));
      }
    }

    it('keeps the links in live deltas, and re-links the live inventory when NetBox changes', async () => {
      const nbVm = await post('virtualization/virtual-machines', {
        name: 'linked-by-name',
        site: nb.state.rows('dcim/sites')[0].id,
      });
      const { vsphere, netboxProvider, vsConn } = await setup(
        { instance: 'demo', devices: false, vms: true },
        true,
      );
      const admin = await VimClient.connect({
        url: vc.url,
        username: vc.username,
        password: vc.password,
      });
      const first = vsConn.mutations[0];
      const vm = (first.type === 'full' ? first.entities : [])
        .map(e => e.entity)
        .find(e => e.spec?.type === 'vsphere-vm')!;
      const moref = {
        type: 'VirtualMachine',
        value: vm.metadata.annotations!['vsphere.infra-inventory.io/moref'],
      };
      const rename = (name: string) =>
        task(admin, 'Rename_Task', moref, `<newName>${name}</newName>`);
      const changed = (from: number) =>
        vsConn.mutations
          .slice(from)
          .flatMap(m => (m.type === 'delta' ? m.added : []))
          .map(a => a.entity)
          .filter(e => e.metadata.name === vm.metadata.name);
      try {
        await until(() => vsphere.live?.isLive === true);
        expect(vm.metadata.annotations).not.toHaveProperty(ANNOTATION_VM_URL);
        // a vCenter change arrives live, linked: renamed to the NetBox VM's name
        let from = vsConn.mutations.length;
        await rename('linked-by-name');
        await until(() => changed(from).length > 0);
        const live = changed(from)[0];
        expect(live.metadata.title).toBe('linked-by-name');
        expect(live.metadata.annotations?.[ANNOTATION_VM_URL]).toBe(
          `${nb.url}/virtualization/virtual-machines/${nbVm}/`,
        );

        // a NetBox change re-links what the live loop saw last, not the older full read
        from = vsConn.mutations.length;
        nb.state.remove('virtualization/virtual-machines', nbVm);
        await netboxProvider.refresh();
        await vsphere.linksSettled();
        const relinked = changed(from)[0];
        expect(relinked.metadata.title).toBe('linked-by-name');
        expect(relinked.metadata.annotations).not.toHaveProperty(
          ANNOTATION_VM_URL,
        );
      } finally {
        await rename(String(vm.metadata.title)).catch(() => undefined);
        await admin.close();
        await vsphere.close();
      }
    }, 60_000);

    it('links portgroups to VLANs and hosts to devices from lists already read, re-linking without vCenter when NetBox changes', async () => {
      // what a vCenter read costs without links
      const plain = await setup();
      await plain.vsphere.refresh();
      await plain.vsphere.close();
      const [plainRun] = await plain.store.recent('vsphere', 'demo');
      const hosts = plain.vsConn.lastEntities.filter(
        e => e.spec?.type === 'vsphere-host',
      );
      expect(hosts).toHaveLength(vc.counts!.HostSystem);
      // vcsim gives every host the same serial, with spaces that make it longer than NetBox
      // accepts (50): entered without them, as people do
      const serial = String((hosts[0].spec?.vsphere as any).serial).replace(
        /\s+/g,
        '',
      );
      const pgs = plain.vsConn.lastEntities.filter(e =>
        Object.keys(PORTGROUPS).includes(
          String(e.metadata.annotations?.['vsphere.infra-inventory.io/moref']),
        ),
      );
      expect(pgs.map(p => (p.spec?.vsphere as any).vlanId).sort()).toEqual([
        3120, 3130, 3140,
      ]);

      // NetBox: a site group with two VLAN groups; 3120 once, 3130 twice, 3140 nowhere
      const sg = await post('dcim/site-groups', {
        name: 'Link EU',
        slug: 'link-eu',
      });
      const site = await post('dcim/sites', {
        name: 'Link AMS',
        slug: 'link-ams',
        group: sg,
      });
      const groupA = await post('ipam/vlan-groups', {
        name: 'Link A',
        slug: 'link-a',
        scope_type: 'dcim.sitegroup',
        scope_id: sg,
      });
      const groupB = await post('ipam/vlan-groups', {
        name: 'Link B',
        slug: 'link-b',
        scope_type: 'dcim.site',
        scope_id: site,
      });
      const v3120 = await post('ipam/vlans', {
        vid: 3120,
        name: 'app',
        group: groupA,
      });
      const v3130a = await post('ipam/vlans', {
        vid: 3130,
        name: 'db',
        group: groupA,
      });
      const v3130b = await post('ipam/vlans', {
        vid: 3130,
        name: 'db',
        group: groupB,
      });
      const prefix = await post('ipam/prefixes', {
        prefix: '10.31.20.0/24',
        vlan: v3120,
      });
      const device = await post('dcim/devices', {
        name: 'esx-rack-12',
        device_type: 1,
        role: 1,
        site,
        serial,
      });

      const { vsphere, netboxProvider, vsConn, nbConn, store, logger } =
        await setup({
          instance: 'demo',
          siteGroup: 'link-eu',
        });
      nb.resetCalls();
      await netboxProvider.refresh();
      const calls = nb.calls();
      // one more list than without links, and never a per-host `serial=` lookup
      expect(calls.byRoute['GET /api/dcim/devices/']).toBe(1);
      expect(calls.total).toBe(9);
      expect(
        calls.log.every(c => !new URLSearchParams(c.query).has('serial')),
      ).toBe(true);

      await vsphere.refresh();
      const [run] = await store.recent('vsphere', 'demo');
      expect(run.status).toBe('succeeded');
      expect(run.calls).toBe(plainRun.calls); // linking adds no vCenter call
      const entities = vsConn.lastEntities;
      const byMoref = (m: string) =>
        entities.find(
          e =>
            e.metadata.annotations?.['vsphere.infra-inventory.io/moref'] === m,
        )!;
      const deps = (e: Entity) => (e.spec?.dependsOn as string[]) ?? [];
      expect(deps(byMoref('dvportgroup-13'))).toContain(
        `resource:default/demo-vlan-${v3120}`,
      );
      expect(
        byMoref('dvportgroup-15').metadata.annotations?.[
          ANNOTATION_VLAN_AMBIGUOUS
        ],
      ).toBe(
        [v3130a, v3130b]
          .map(id => `resource:default/demo-vlan-${id}`)
          .sort()
          .join(','),
      );
      expect(
        byMoref('dvportgroup-17').metadata.labels?.[LABEL_NETBOX_MATCH],
      ).toBe('unmatched');
      expect(run.error).toContain(
        'ambiguous VLANs (not linked): DC0_DVPG1 vid 3130 in 2 groups',
      );
      expect(run.error).toContain('VLANs not in NetBox: DC0_DVPG2 vid 3140');

      // the graph walks portgroup → VLAN → prefix across the two providers' entities
      const nbEntities = nbConn.lastEntities;
      const vlanRef = `resource:default/demo-vlan-${v3120}`;
      expect(
        nbEntities.map(e => `resource:default/${e.metadata.name}`),
      ).toContain(vlanRef);
      expect(
        deps(
          nbEntities.find(e => e.metadata.name === `demo-prefix-${prefix}`)!,
        ),
      ).toContain(vlanRef);

      const linkedHosts = entities.filter(e => e.spec?.type === 'vsphere-host');
      for (const h of linkedHosts) {
        expect(h.metadata.annotations?.[ANNOTATION_DEVICE_URL]).toBe(
          `${nb.url}/dcim/devices/${device}/`,
        );
        expect(
          h.metadata.annotations?.['netbox.infra-inventory.io/device-site'],
        ).toBe('Link AMS');
      }
      for (const e of entities)
        await expect(policy.enforce(e)).resolves.toBeDefined();

      // vCenter gone: what follows must not need it
      vc.kill();
      const applied = vsConn.mutations.length;

      // collision: a second device with the host serial
      const twin = await post('dcim/devices', {
        name: 'esx-twin',
        device_type: 1,
        role: 1,
        site,
        serial,
      });
      await netboxProvider.refresh();
      await vsphere.linksSettled();
      expect(vsConn.mutations).toHaveLength(applied + 1);
      const collided = vsConn.lastDelta;
      expect(collided).toHaveLength(vc.counts!.HostSystem); // only the hosts changed
      const both = [device, twin]
        .map(id => `${nb.url}/dcim/devices/${id}/`)
        .sort()
        .join(',');
      for (const h of collided) {
        expect(h.metadata.annotations?.[ANNOTATION_DEVICE_AMBIGUOUS]).toBe(
          both,
        );
        expect(h.metadata.annotations).not.toHaveProperty(
          ANNOTATION_DEVICE_URL,
        );
      }
      const [relinkRun] = await store.recent('vsphere', 'demo');
      expect(relinkRun).toMatchObject({
        mode: 'delta',
        status: 'succeeded',
        calls: 0,
      });
      expect(relinkRun.error).toContain(
        'serials on several NetBox devices (not linked): DC0_H0',
      );

      // mismatch: no device carries it any more; the hosts are listed
      nb.state.remove('dcim/devices', device);
      nb.state.remove('dcim/devices', twin);
      await netboxProvider.refresh();
      await vsphere.linksSettled();
      const [missRun] = await store.recent('vsphere', 'demo');
      expect(missRun.error).toContain(
        'hosts without a NetBox device: DC0_H0, DC0_C0_H0',
      );
      for (const h of vsConn.lastDelta)
        expect(h.metadata.labels?.[LABEL_NETBOX_MATCH]).toBe('unmatched');

      // an unchanged NetBox re-applies nothing; a failing devices list neither stops the NetBox
      // sync nor drops the links (the last lists are kept)
      const settled = vsConn.mutations.length;
      await netboxProvider.refresh();
      nb.injectFaults({ status: 503, match: { path: '/api/dcim/devices/' } });
      await netboxProvider.refresh();
      await vsphere.linksSettled();
      expect(vsConn.mutations).toHaveLength(settled);
      const [nbRun] = await store.recent('netbox', 'demo');
      expect(nbRun.status).toBe('succeeded');
      expect(
        (logger.warn as jest.Mock).mock.calls.some(([m]) =>
          String(m).includes('devices/VMs for vSphere links not read'),
        ),
      ).toBe(true);
      await vsphere.close();
    }, 60_000);
  },
);
