import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { SyncSources } from '../../sync/SyncSources';
import { SyncStore } from '../../sync/SyncStore';
import { DEFAULT_LIVE_CONFIG, VsphereLiveConfig } from './config';
import { VsphereLiveLoop } from './VsphereLiveLoop';
import {
  enter,
  FakeVim,
  leave,
  mo,
  modify,
  RecordingConnection,
  smallInventory,
} from './__testUtils__/fakeVim';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const VMS = 23;
const vm = (i: number) => mo('VirtualMachine', `vm-${i}`);

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise(r => setTimeout(r, 10));
  }
}

/** smallInventory plus VMs vm-3..vm-VMS on the same host. */
function inventory() {
  return [
    ...smallInventory(),
    ...Array.from({ length: VMS - 2 }, (_, k) =>
      enter(vm(k + 3), {
        name: `web-${k + 3}`,
        parent: mo('Folder', 'group-v3'),
        'runtime.powerState': 'poweredOn',
        'runtime.host': mo('HostSystem', 'host-1'),
        'config.template': false,
      }),
    ),
  ];
}

type Delta = Extract<EntityProviderMutation, { type: 'delta' }>;
const names = (d: Delta) => [
  ...d.added.map(a => a.entity.metadata.name),
  ...d.removed.map(r =>
    'entityRef' in r ? r.entityRef : r.entity.metadata.name,
  ),
];

describe('VsphereLiveLoop live.maxEntitiesPerDelta', () => {
  const loops: VsphereLiveLoop[] = [];
  afterEach(async () => {
    await Promise.all(loops.splice(0).map(l => l.stop()));
  });

  async function run(
    live: Partial<VsphereLiveConfig>,
    options: { failOnCall?: number } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const store = await SyncStore.create({
      database: { getClient: async () => knex },
    });
    await store.setHashes('vsphere', 't', {});
    const sources = new SyncSources();
    sources.register({ kind: 'vsphere', id: 't', url: 'x', taskId: 't' });
    const vim = new FakeVim();
    const connection = new RecordingConnection();
    let calls = 0;
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
        maxRemovalShare: 0.9,
      },
      live: {
        ...DEFAULT_LIVE_CONFIG,
        batchWindowMs: 50,
        initialBackoffMs: 100,
        maxBackoffMs: 400,
        ...live,
      },
      connect: vim.connect,
      connection: {
        async applyMutation(m) {
          calls++;
          if (calls === options.failOnCall) throw new Error('catalog down');
          await connection.applyMutation(m);
        },
        refresh: async () => {},
      },
      fullRead: async () => {},
      store,
      sources,
      logger: mockServices.logger.mock(),
      locationKey: 'infra-vsphere:t',
      random: () => 0.5,
    });
    loops.push(loop);
    vim.push({ updates: inventory(), version: '1' });
    loop.start();
    await until(() => loop.isLive);
    const initial = connection.deltas.length;
    // one answer carrying a power-off of every VM and the leave of two of them
    vim.push({
      updates: [
        ...Array.from({ length: VMS }, (_, k) =>
          modify(vm(k + 1), { 'runtime.powerState': 'poweredOff' }),
        ),
        leave(vm(5)),
        leave(vm(9)),
      ],
      version: '2',
    });
    return { connection, loop, store, initial };
  }

  it('splits a batch into mutations of at most maxEntitiesPerDelta entities, in order, dropping none', async () => {
    // the reference: one delta for the whole batch
    const whole = await run({ maxEntitiesPerDelta: 1000 });
    await until(() => whole.connection.deltas.length === whole.initial + 1);
    const [one] = whole.connection.deltas.slice(whole.initial);
    const expected = names(one);
    expect(expected).toHaveLength(VMS); // 21 power-offs, 2 removals
    expect(expected.filter(n => n.startsWith('resource:'))).toEqual([
      'resource:default/t-vm-5',
      'resource:default/t-vm-9',
    ]);
    expect(whole.loop.deltaMutations).toBe(2); // initial state + 1

    const split = await run({ maxEntitiesPerDelta: 5 });
    await until(
      () =>
        split.loop.entitiesChanged + split.loop.entitiesRemoved >= 2 * VMS + 1,
    );
    await until(() => split.connection.deltas.length === split.initial + 5);
    const parts = split.connection.deltas.slice(split.initial);
    expect(parts.map(p => names(p).length)).toEqual([5, 5, 5, 5, 3]);
    // the same entities in the same order as the single delta, none twice, none lost
    expect(parts.flatMap(names)).toEqual(expected);
    for (const part of parts) {
      for (const a of part.added) {
        expect(a.entity.metadata.labels).toMatchObject({
          'vsphere.infra-inventory.io/power-state': 'poweredOff',
        });
        expect(a.locationKey).toBe('infra-vsphere:t');
      }
    }
    // the initial state (host, datacenter, 23 VMs = 25 entities) was split too
    const initialParts = split.connection.deltas.slice(0, split.initial);
    expect(initialParts.map(p => names(p).length)).toEqual([5, 5, 5, 5, 5]);
    // the stored hashes match the unsplit run's
    expect(await split.store.getHashes('vsphere', 't')).toEqual(
      await whole.store.getHashes('vsphere', 't'),
    );
  });

  it('keeps what was applied when a later part fails', async () => {
    // initial state: 5 mutations (calls 1-5); the batch: calls 6-10, the third of them fails
    const { connection, loop, store } = await run(
      { maxEntitiesPerDelta: 5 },
      { failOnCall: 8 },
    );
    await until(() => loop.deltaFailures === 1);
    const applied = connection.deltas.slice(5);
    expect(applied).toHaveLength(2);
    const hashes = (await store.getHashes('vsphere', 't'))!;
    // the ten applied power-offs are recorded with their new hashes, the rest keep the old ones
    const before = await run({ maxEntitiesPerDelta: 1000 });
    await until(() => before.connection.deltas.length === before.initial + 1);
    const after = (await before.store.getHashes('vsphere', 't'))!;
    const appliedNames = applied.flatMap(names);
    expect(appliedNames).toHaveLength(10);
    for (const name of appliedNames) expect(hashes[name]).toEqual(after[name]);
    expect(hashes['t-vm-5']).toBeDefined(); // its removal was not applied
    const notApplied = Object.keys(after).filter(
      n => !appliedNames.includes(n) && n.startsWith('t-vm-'),
    );
    expect(notApplied.length).toBeGreaterThan(0);
    for (const name of notApplied)
      expect(hashes[name]).not.toEqual(after[name]);
  });
});
