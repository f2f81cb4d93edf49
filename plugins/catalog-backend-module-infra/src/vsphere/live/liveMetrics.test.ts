import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { InvalidCollectorVersionFault } from '@infra-inventory/plugin-infra-node';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { DEFAULT_LIVE_CONFIG } from './config';
import { registerVsphereLiveMetrics } from './liveMetrics';
import { VsphereLiveLoop } from './VsphereLiveLoop';
import {
  FakeVim,
  leave,
  mo,
  modify,
  RecordingConnection,
  smallInventory,
} from './__testUtils__/fakeVim';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

type Callback = (result: {
  observe(value: number, attributes?: Record<string, string>): void;
}) => void;

/**
 * Backstage's metrics service test double, with the callbacks the instruments are given kept so
 * a collection pass (what an exporter does) can be run and read back.
 */
function collectingMetrics() {
  const metrics = metricsServiceMock.mock();
  const callbacks = new Map<string, Set<Callback>>();
  const observable = (name: string) => {
    const set = new Set<Callback>();
    callbacks.set(name, set);
    return {
      addCallback: (cb: Callback) => set.add(cb),
      removeCallback: (cb: Callback) => set.delete(cb),
    };
  };
  metrics.createObservableCounter.mockImplementation(observable as any);
  metrics.createObservableGauge.mockImplementation(observable as any);
  const collect = () => {
    const out: Record<string, Array<[number, Record<string, string>]>> = {};
    for (const [name, set] of callbacks) {
      out[name] = [];
      for (const cb of set) {
        cb({ observe: (v, a) => out[name].push([v, a ?? {}]) });
      }
    }
    return out;
  };
  return {
    metrics: metrics as unknown as MetricsService,
    collect,
    callbacks,
  };
}

const value = (
  collected: Record<string, Array<[number, Record<string, string>]>>,
  name: string,
  attributes: Record<string, string> = {},
) =>
  collected[name]?.find(([, a]) =>
    Object.entries({ vcenter: 't', ...attributes }).every(
      ([k, v]) => a[k] === v,
    ),
  )?.[0];

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('registerVsphereLiveMetrics', () => {
  let loop: VsphereLiveLoop | undefined;
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  it('reports what the live loop does: mode, updates, deltas, recoveries, errors, last update age', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await SyncStore.create({
      database: { getClient: async () => knex },
    });
    await store.setHashes('vsphere', 't', {});
    const sources = new SyncSources();
    sources.register({ kind: 'vsphere', id: 't', url: 'x', taskId: 't' });
    const vim = new FakeVim();
    const connection = new RecordingConnection();
    loop = new VsphereLiveLoop({
      vcenter: {
        id: 't',
        url: 'https://vc.example.com/sdk',
        owner: 'group:default/infrastructure',
        entities: {
          vms: true,
          templates: true,
          networks: true,
          include: [],
          exclude: [],
        },
        maxRemovalShare: 0.2,
      },
      live: {
        ...DEFAULT_LIVE_CONFIG,
        batchWindowMs: 20,
        initialBackoffMs: 50,
        maxBackoffMs: 100,
      },
      connect: vim.connect,
      connection,
      fullRead: async () => {},
      store,
      sources,
      logger: mockServices.logger.mock(),
      locationKey: 'infra-vsphere:t',
      random: () => 0.5,
    });
    let clock = 1_000_000;
    const { metrics, collect, callbacks } = collectingMetrics();
    let current: VsphereLiveLoop | undefined = undefined;
    const unregister = registerVsphereLiveMetrics(metrics, {
      sources,
      vcenters: () => [{ id: 't', loop: current }],
      now: () => clock,
    });

    // before the provider started a loop: the mode only
    let c = collect();
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'idle' })).toBe(1);
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'live' })).toBe(0);
    expect(c['infra.vsphere.live.updates_applied']).toEqual([]);
    expect(c['infra.vsphere.live.last_update_age']).toEqual([]);

    current = loop;
    vim.push({ updates: smallInventory(), version: '1' });
    loop.start();
    await until(() => sources.get('vsphere', 't')!.state.mode === 'live');
    c = collect();
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'live' })).toBe(1);
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'idle' })).toBe(0);
    expect(value(c, 'infra.vsphere.live.lease_held')).toBe(1);
    expect(value(c, 'infra.vsphere.live.sessions')).toBe(1);
    // the initial state's delta: four entities
    expect(value(c, 'infra.vsphere.live.delta_mutations')).toBe(1);
    expect(
      value(c, 'infra.vsphere.live.delta_entities', { change: 'changed' }),
    ).toBe(4);
    expect(value(c, 'infra.vsphere.live.updates_applied')).toBe(0);

    // two updates, one delta: a VM powered off, another removed
    vim.push({
      updates: [
        modify(mo('VirtualMachine', 'vm-1'), {
          'runtime.powerState': 'poweredOff',
        }),
        leave(mo('VirtualMachine', 'vm-2')),
      ],
      version: '2',
    });
    await until(() => loop!.updatesApplied === 2);
    const appliedAt = sources.get('vsphere', 't')!.state.lastUpdateAt!;
    clock = appliedAt + 4500;
    c = collect();
    expect(value(c, 'infra.vsphere.live.updates_applied')).toBe(2);
    expect(value(c, 'infra.vsphere.live.delta_mutations')).toBe(2);
    expect(
      value(c, 'infra.vsphere.live.delta_entities', { change: 'changed' }),
    ).toBe(5);
    expect(
      value(c, 'infra.vsphere.live.delta_entities', { change: 'removed' }),
    ).toBe(1);
    expect(value(c, 'infra.vsphere.live.last_update_age')).toBe(4.5);
    expect(value(c, 'infra.vsphere.live.errors', { stage: 'session' })).toBe(0);
    expect(value(c, 'infra.vsphere.live.recoveries')).toBe(0);

    // InvalidCollectorVersion: an error, a full read fallback, a second session, live again
    vim.push(
      {
        error: new InvalidCollectorVersionFault({
          method: 'WaitForUpdatesEx',
          faultType: 'InvalidCollectorVersion',
          faultString: '',
        }),
      },
      { updates: smallInventory(), version: '9' },
    );
    await until(
      () =>
        loop!.sessions === 2 &&
        sources.get('vsphere', 't')!.state.mode === 'live',
    );
    c = collect();
    expect(value(c, 'infra.vsphere.live.errors', { stage: 'session' })).toBe(1);
    expect(value(c, 'infra.vsphere.live.errors', { stage: 'delta' })).toBe(0);
    expect(value(c, 'infra.vsphere.live.recoveries')).toBe(1);
    expect(value(c, 'infra.vsphere.live.sessions')).toBe(2);
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'live' })).toBe(1);
    expect(value(c, 'infra.vsphere.live.mode', { mode: 'backing-off' })).toBe(
      0,
    );

    unregister();
    expect([...callbacks.values()].every(s => s.size === 0)).toBe(true);
  });
});
