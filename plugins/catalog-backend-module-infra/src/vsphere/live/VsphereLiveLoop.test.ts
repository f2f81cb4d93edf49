import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  InvalidCollectorVersionFault,
  NotAuthenticatedFault,
  VimConnectionError,
} from '@infra-inventory/plugin-infra-node';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { DEFAULT_LIVE_CONFIG, VsphereLiveConfig } from './config';
import { VsphereLiveLoop } from './VsphereLiveLoop';
import {
  addedEntity,
  FakeVim,
  leave,
  mo,
  modify,
  RecordingConnection,
  smallInventory,
  summary,
} from './__testUtils__/fakeVim';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const VM1 = mo('VirtualMachine', 'vm-1');
const VM2 = mo('VirtualMachine', 'vm-2');
const HOST = mo('HostSystem', 'host-1');

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 10));
  }
}

describe('VsphereLiveLoop (in-memory vCenter)', () => {
  const loops: VsphereLiveLoop[] = [];
  afterEach(async () => {
    await Promise.all(loops.splice(0).map(l => l.stop()));
  });

  async function setup(live: Partial<VsphereLiveConfig> = {}) {
    const knex = await databases.init('SQLITE_3');
    const store = await SyncStore.create({
      database: { getClient: async () => knex },
    });
    // the first full read applied nothing yet: every entity is new to the live loop
    await store.setHashes('vsphere', 't', {});
    const sources = new SyncSources();
    sources.register({ kind: 'vsphere', id: 't', url: 'x', taskId: 't' });
    const vim = new FakeVim();
    const connection = new RecordingConnection();
    const fullReads: number[] = [];
    const loop = new VsphereLiveLoop({
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
        batchWindowMs: 50,
        initialBackoffMs: 100,
        maxBackoffMs: 400,
        ...live,
      },
      connect: vim.connect,
      connection,
      fullRead: async () => {
        fullReads.push(Date.now());
      },
      store,
      sources,
      logger: mockServices.logger.mock(),
      locationKey: 'infra-vsphere:t',
      random: () => 0.5,
    });
    loops.push(loop);
    const status = () => sources.get('vsphere', 't')!.state;
    return { store, vim, connection, loop, fullReads, status };
  }

  it('applies the initial state, then each change as a delta of just that entity, carrying the version', async () => {
    const { vim, connection, loop, status, store } = await setup();
    vim.push({ updates: smallInventory(), version: '1' });
    loop.start();
    const initial = await connection.nextDelta(() => true, 5000, 0);
    expect(summary(initial).added.sort()).toEqual([
      't-datacenter-2',
      't-host-1',
      't-vm-1',
      't-vm-2',
    ]);
    await until(() => status().mode === 'live');

    vim.push({
      updates: [modify(VM1, { 'runtime.powerState': 'poweredOff' })],
      version: '2',
    });
    const off = await connection.nextDelta(() => true);
    expect(summary(off)).toEqual({ added: ['t-vm-1'], removed: [] });
    expect(addedEntity(off, 't-vm-1')!.metadata.labels).toMatchObject({
      'vsphere.infra-inventory.io/power-state': 'poweredOff',
    });

    // a change that renders the same entity emits nothing
    vim.push({
      updates: [modify(VM1, { 'config.guestFullName': undefined })],
      version: '3',
    });
    vim.push({ updates: [leave(VM2)], version: '4' });
    const gone = await connection.nextDelta(() => true);
    expect(summary(gone)).toEqual({
      added: [],
      removed: ['resource:default/t-vm-2'],
    });

    expect(vim.waits.map(w => w.version)).toEqual([
      undefined,
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(vim.waits[0]).toMatchObject({
      maxWaitSeconds: 30,
      maxObjectUpdates: 500,
    });
    expect(
      Object.keys((await store.getHashes('vsphere', 't'))!).sort(),
    ).toEqual(['t-datacenter-2', 't-host-1', 't-vm-1']);
    expect(status()).toMatchObject({
      mode: 'live',
      updatesApplied: 3,
      lastUpdateAt: expect.any(Number),
    });
    expect(vim.calls.slice(0, 5)).toEqual([
      'Login',
      'CreatePropertyCollector',
      'CreateContainerView',
      'CreateFilter',
      'CreateFilter',
    ]);
  });

  it('calls again at once while truncated and applies the whole set once', async () => {
    const { vim, connection, loop } = await setup();
    const all = smallInventory();
    vim.push(
      { updates: all.slice(0, 3), version: '1', truncated: true },
      { updates: all.slice(3), version: '2' },
    );
    loop.start();
    const initial = await connection.nextDelta(() => true, 5000, 0);
    expect(initial.added).toHaveLength(4);
    await until(() => vim.waits.length === 3);
    expect(vim.waits.map(w => w.version)).toEqual([undefined, '1', '2']);
    expect(connection.mutations).toHaveLength(1);
  });

  it('batches an update storm into few deltas', async () => {
    const { vim, connection, loop } = await setup({ batchWindowMs: 200 });
    vim.push({ updates: smallInventory(), version: '1' });
    loop.start();
    await connection.nextDelta(() => true, 5000, 0);
    const from = connection.mutations.length;
    for (let i = 0; i < 50; i++) {
      vim.push({
        updates: [
          modify(i % 2 ? VM1 : VM2, { name: `renamed-${i}` }),
          modify(HOST, { 'runtime.inMaintenanceMode': i % 2 === 0 }),
        ],
        version: String(i + 2),
      });
      await new Promise(r => setImmediate(r));
    }
    await until(() => loop.updatesApplied === 100, 5000);
    const storm = connection.mutations.slice(from);
    // 50 wait results within a few ms: one or two windows, not 50 mutations
    expect(storm.length).toBeGreaterThanOrEqual(1);
    expect(storm.length).toBeLessThanOrEqual(3);
    const lastVm1 = storm
      .map(m => (m.type === 'delta' ? addedEntity(m, 't-vm-1') : undefined))
      .filter(Boolean)
      .pop();
    expect(lastVm1?.metadata.title).toBe('renamed-49');
    expect(loop.updatesApplied).toBe(100);
  });

  it('falls back to a full read and a new filter on InvalidCollectorVersion', async () => {
    const { vim, connection, loop, fullReads, status } = await setup();
    vim.push(
      { updates: smallInventory(), version: '1' },
      {
        error: new InvalidCollectorVersionFault({
          method: 'WaitForUpdatesEx',
          faultType: 'InvalidCollectorVersion',
          faultString: '',
        }),
      },
    );
    loop.start();
    await until(() => fullReads.length === 1);
    expect(status().mode).toBe('backing-off');
    expect(status().lastError).toMatch(/InvalidCollectorVersion/);
    // the new filter starts from no version, with a new collector
    vim.push({ updates: smallInventory(), version: '7' });
    await until(() => status().mode === 'live' && loop.sessions === 2);
    const versions = vim.waits.map(w => [w.collector.value, w.version]);
    expect(versions).toEqual([
      ['session[1]', undefined],
      ['session[1]', '1'],
      ['session[2]', undefined],
      ['session[2]', '7'],
    ]);
    expect(vim.calls.filter(c => c === 'DestroyPropertyCollector').length).toBe(
      1,
    );
    expect(status().lastError).toBeUndefined();
    // the initial state after the restart rendered what was already applied: no new delta
    expect(connection.deltas).toHaveLength(1);
  });

  it('backs off exponentially with jitter against a dead vCenter, and stops cleanly', async () => {
    const { vim, loop, fullReads, status } = await setup({
      initialBackoffMs: 50,
      maxBackoffMs: 400,
    });
    vim.connectError = new VimConnectionError('could not reach vCenter');
    loop.start();
    await new Promise(r => setTimeout(r, 1500));
    // 38, 75, 150, 300, 300, ... ms (random 0.5): about 6 attempts in 1.5 s, not thousands
    expect(vim.connects).toBeGreaterThanOrEqual(4);
    expect(vim.connects).toBeLessThanOrEqual(8);
    expect(fullReads.length).toBe(vim.connects - 1);
    expect(status()).toMatchObject({ mode: 'backing-off' });
    const gaps = fullReads.slice(1).map((t, i) => t - fullReads[i]);
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(250);

    // the vCenter is back: live again, the failure count reset
    vim.connectError = undefined;
    vim.push({ updates: smallInventory(), version: '1' });
    await until(() => status().mode === 'live', 3000);
    expect(loop.failures).toBe(0);
  });

  it('recovers from a lost session', async () => {
    const { vim, loop, fullReads, status } = await setup();
    vim.push(
      { updates: smallInventory(), version: '1' },
      {
        error: new NotAuthenticatedFault({
          method: 'WaitForUpdatesEx',
          faultType: 'NotAuthenticated',
          faultString: '',
        }),
      },
      { updates: smallInventory(), version: '1' },
    );
    loop.start();
    await until(() => loop.sessions === 2 && status().mode === 'live');
    expect(fullReads).toHaveLength(1);
    expect(vim.calls.filter(c => c === 'Logout')).toHaveLength(1);
  });

  it('stopping cancels the wait and destroys the collector', async () => {
    const { vim, connection, loop } = await setup();
    vim.push({ updates: smallInventory(), version: '1' });
    loop.start();
    await connection.nextDelta(() => true, 5000, 0);
    await until(() => vim.waits.length === 2);
    await loop.stop();
    expect(vim.calls.slice(-4)).toEqual([
      'CancelWaitForUpdates',
      'DestroyPropertyCollector',
      'DestroyView',
      'Logout',
    ]);
  });
});
