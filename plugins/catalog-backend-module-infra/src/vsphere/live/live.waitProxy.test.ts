import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  buildVcsim,
  describeWith,
  RunningVcsim,
  startVcsim,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { readVsphereProviderConfigs } from '../config';
import { VsphereEntityProvider } from '../VsphereEntityProvider';
import { readVsphereLiveConfig } from './config';
import { RecordingConnection } from './__testUtils__/fakeVim';
import { startWaitProxy, WaitProxy } from './__testUtils__/waitProxy';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const POWER = 'vsphere.infra-inventory.io/power-state';
const MOREF = 'vsphere.infra-inventory.io/moref';

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 25));
  }
}

/**
 * The real client, provider and loop against vcsim behind a double of vCenter's update path
 * (`waitProxy`): advancing versions, `truncated` at maxObjectUpdates, InvalidCollectorVersion,
 * which vcsim 0.24 does not do.
 */
describeWith(vcsimRequirement)(
  'live updates through a WaitForUpdatesEx double that behaves as vCenter documents',
  () => {
    let vc: RunningVcsim;
    let proxy: WaitProxy;
    let provider: VsphereEntityProvider;
    let connection: RecordingConnection;
    let sources: SyncSources;
    let store: SyncStore;

    beforeAll(async () => {
      await buildVcsim();
      vc = await startVcsim({ topology: 'demo' });
      proxy = await startWaitProxy(vc.url);
      const knex = await databases.init('SQLITE_3');
      store = await SyncStore.create({
        database: { getClient: async () => knex },
      });
      const block = new ConfigReader({
        url: proxy.url,
        username: vc.username,
        password: vc.password,
        live: {
          batchWindowMs: 100,
          maxWaitSeconds: 2,
          maxObjectUpdates: 20,
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
      sources.register({ kind: 'vsphere', id: 'sim', url: 'x', taskId: 't' });
      provider = new VsphereEntityProvider(config, {
        logger: mockServices.logger.mock(),
        taskRunner: { run: async ({ fn }) => fn(new AbortController().signal) },
        store,
        sources,
        live: { config: readVsphereLiveConfig(block) },
      });
      connection = new RecordingConnection();
      await provider.connect(connection);
      await until(() => provider.live?.isLive === true, 30_000);
    }, 120_000);

    afterAll(async () => {
      await provider?.close();
      await proxy?.close();
      await vc?.stop();
    });

    const vms = () => {
      const full = connection.mutations.find(m => m.type === 'full');
      return (full?.type === 'full' ? full.entities : [])
        .map(e => e.entity)
        .filter(e => e.spec?.type === 'vsphere-vm');
    };

    it('reads the initial state in truncated pieces, each call carrying the version it was given', () => {
      const first = proxy.waits.filter(
        w => w.collector === proxy.waits[0].collector,
      );
      const objects = first
        .filter(w => w.outcome === 'updates')
        .reduce((n, w) => n + w.objects, 0);
      // demo inventory: more than maxObjectUpdates (20) objects
      expect(objects).toBeGreaterThan(40);
      const pages = first.filter(w => w.truncated);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.every(w => w.objects === 20)).toBe(true);
      // '' first, then each call sends the version the previous answer returned
      expect(first[0].version).toBe('');
      for (let i = 1; i < first.length; i++) {
        expect(first[i].version).toBe(first[i - 1].returnedVersion);
      }
      expect(first.some(w => w.outcome === 'InvalidCollectorVersion')).toBe(
        false,
      );
      expect(vms().length).toBeGreaterThan(10);
    });

    it('consumes 1,000 modify updates in truncated answers and applies the end state in few deltas', async () => {
      const targets = vms().map(e => ({
        name: e.metadata.name,
        obj: { type: 'VirtualMachine', value: e.metadata.annotations![MOREF] },
      }));
      const applied0 = provider.live!.updatesApplied;
      const waits0 = proxy.waits.length;
      const from = connection.mutations.length;
      // 1,000 updates: every VM toggled until the last round leaves it powered off
      const changes = Array.from({ length: 1000 }, (_, i) => {
        const vm = targets[i % targets.length];
        const round = Math.floor(i / targets.length);
        const lastRound = Math.floor(
          (1000 - 1 - (i % targets.length)) / targets.length,
        );
        let value = round % 2 ? 'poweredOn' : 'suspended';
        if (round === lastRound) value = 'poweredOff';
        return {
          obj: vm.obj,
          name: 'runtime.powerState',
          type: 'VirtualMachinePowerState',
          value,
        };
      });
      expect(proxy.modify(changes)).toBe(1);
      await until(
        () => provider.live!.updatesApplied - applied0 === 1000,
        20_000,
      );
      const answers = proxy.waits
        .slice(waits0)
        .filter(w => w.outcome === 'updates');
      // maxObjectUpdates 20: 50 answers, 49 of them truncated, versions advancing by one
      expect(answers).toHaveLength(50);
      expect(answers.filter(w => w.truncated)).toHaveLength(49);
      expect(answers.every(w => w.objects === 20)).toBe(true);
      for (const w of answers) {
        expect(Number(w.returnedVersion)).toBe(Number(w.version) + 1);
      }
      // let the last batch window close
      await until(() => {
        const last = new Map<string, string>();
        for (const m of connection.mutations.slice(from)) {
          if (m.type !== 'delta') continue;
          for (const a of m.added) {
            last.set(a.entity.metadata.name, a.entity.metadata.labels![POWER]);
          }
        }
        return targets.every(t => last.get(t.name) === 'poweredOff');
      }, 10_000);
      const deltas = connection.mutations.slice(from);
      expect(deltas.every(m => m.type === 'delta')).toBe(true);
      // the truncated answers follow each other at once: one or two batch windows
      expect(deltas.length).toBeGreaterThanOrEqual(1);
      expect(deltas.length).toBeLessThanOrEqual(3);
    });

    it('falls back to a full read and a new collector on InvalidCollectorVersion, then follows updates again', async () => {
      const reads0 = provider.live!.fullReadFallbacks;
      const sessions0 = provider.live!.sessions;
      const retrieves0 = proxy.calls.RetrievePropertiesEx ?? 0;
      const collector0 = proxy.waits[proxy.waits.length - 1].collector;
      proxy.invalidateVersions();
      await until(
        () =>
          provider.live!.sessions === sessions0 + 1 &&
          provider.live!.isLive === true,
        30_000,
      );
      // the fallback's full read ran (through the proxy to vcsim) before the new filter
      expect(provider.live!.fullReadFallbacks).toBe(reads0 + 1);
      expect(proxy.calls.RetrievePropertiesEx).toBeGreaterThan(retrieves0);
      const faulted = proxy.waits.filter(
        w => w.outcome === 'InvalidCollectorVersion',
      );
      expect(faulted).toHaveLength(1);
      expect(faulted[0].collector).toBe(collector0);
      const after = proxy.waits.filter(w => w.collector !== collector0);
      expect(after[0].version).toBe('');
      expect(proxy.calls.DestroyPropertyCollector).toBeGreaterThanOrEqual(1);

      // the new collector delivers a change
      const vm = vms()[0];
      const from = connection.mutations.length;
      proxy.modify([
        {
          obj: {
            type: 'VirtualMachine',
            value: vm.metadata.annotations![MOREF],
          },
          name: 'name',
          type: 'xsd:string',
          value: 'renamed-through-the-double',
        },
      ]);
      const delta = await connection.nextDelta(
        m =>
          m.added.some(
            a => a.entity.metadata.title === 'renamed-through-the-double',
          ),
        10_000,
        from,
      );
      expect(delta.added.map(a => a.entity.metadata.name)).toEqual([
        vm.metadata.name,
      ]);
    });

    /** Queues a power state change of `vm` on the double (vcsim itself keeps its own). */
    const setPower = (vm: Entity, value: string) =>
      proxy.modify([
        {
          obj: {
            type: 'VirtualMachine',
            value: vm.metadata.annotations![MOREF],
          },
          name: 'runtime.powerState',
          type: 'VirtualMachinePowerState',
          value,
        },
      ]);
    const powerIn = (m: EntityProviderMutation | undefined, name: string) =>
      (m?.type === 'full'
        ? m.entities.map(e => e.entity)
        : m?.added.map(a => a.entity) ?? []
      ).find(e => e.metadata.name === name)?.metadata.labels?.[POWER];

    it('puts back a change that arrived while a full read was being applied', async () => {
      const vm = vms()[3];
      const name = vm.metadata.name;
      const reconciliations = provider.live!.reconciliations;
      const slowFull = connection.hold('full');
      const from = connection.mutations.length;
      const refreshing = provider.refresh();
      // the read is done (it holds vcsim's poweredOn); the change arrives after it started
      await slowFull.reached;
      const waits = proxy.waits.length;
      setPower(vm, 'suspended');
      await until(
        () => proxy.waits.slice(waits).some(w => w.outcome === 'updates'),
        10_000,
      );
      await new Promise(r => setTimeout(r, 300));
      // the batch waits for the full read's apply instead of interleaving with it
      expect(connection.mutations.slice(from).map(m => m.type)).toEqual([
        'full',
      ]);
      slowFull.release();
      await refreshing;
      expect(powerIn(connection.mutations[from], name)).toBe('poweredOn');
      const after = await connection.nextDelta(
        m => powerIn(m, name) !== undefined,
        10_000,
        from + 1,
      );
      expect(powerIn(after, name)).toBe('suspended');
      expect(after.added.map(a => a.entity.metadata.name)).toEqual([name]);
      expect(provider.live!.reconciliations).toBe(reconciliations + 1);
    });

    it('never applies a full read while a live batch is being applied', async () => {
      const vm = vms()[4];
      const slowDelta = connection.hold('delta');
      const from = connection.mutations.length;
      setPower(vm, 'suspended');
      await slowDelta.reached;
      const refreshing = provider.refresh();
      // the full read has long finished reading the demo inventory by now
      await new Promise(r => setTimeout(r, 1000));
      expect(connection.mutations.slice(from).map(m => m.type)).toEqual([
        'delta',
      ]);
      slowDelta.release();
      await refreshing;
      expect(
        connection.mutations
          .slice(from)
          .map(m => m.type)
          .slice(0, 2),
      ).toEqual(['delta', 'full']);
    });

    it('re-sends what another replica put back: objects updated here since its read started', async () => {
      const [putBack, changed, untouched] = [vms()[5], vms()[6], vms()[7]];
      const readStarted = Date.now();
      setPower(putBack, 'suspended');
      await connection.nextDelta(
        m => powerIn(m, putBack.metadata.name) === 'suspended',
      );
      // another replica's full read, started before that update, applied older states of both
      const hashes = (await store.getHashes('vsphere', 'sim'))!;
      await store.setHashes(
        'vsphere',
        'sim',
        {
          ...hashes,
          [putBack.metadata.name]: ['vsphere-vm', 'an older state'],
          [untouched.metadata.name]: ['vsphere-vm', 'an older state'],
        },
        { snapshotAt: readStarted },
      );
      setPower(changed, 'suspended');
      const delta = await connection.nextDelta(
        m => powerIn(m, changed.metadata.name) === 'suspended',
      );
      // `untouched` had no update since that read: its state there is at least as new
      expect(delta.added.map(a => a.entity.metadata.name).sort()).toEqual(
        [changed.metadata.name, putBack.metadata.name].sort(),
      );
    });
  },
);
