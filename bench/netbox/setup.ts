import { ConfigReader } from '@backstage/config';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  NETBOX_DEMO_SQL_PATH,
  NetboxEmulator,
  startNetboxEmulator,
} from '@internal/infra-test-utils';
import { existsSync } from 'node:fs';
import { readNetboxProviderConfigs } from '../../plugins/catalog-backend-module-infra/src/netbox/config';
import { NetboxEntityProvider } from '../../plugins/catalog-backend-module-infra/src/netbox/NetboxEntityProvider';
import { SyncSources } from '../../plugins/catalog-backend-module-infra/src/sync/SyncSources';
import { SyncStore } from '../../plugins/catalog-backend-module-infra/src/sync/SyncStore';
import { databaseOf, memorySqlite, silentLogger } from '../resources/services';
import type { LinkIndex } from '../../plugins/catalog-backend-module-infra/src/links/LinkIndex';

/** The demo seed's reference tables, copied under their own ids (VLAN groups get new ids). */
const REFERENCE_TABLES = [
  'dcim/regions',
  'dcim/site-groups',
  'tenancy/tenant-groups',
  'tenancy/tenants',
  'dcim/sites',
  'ipam/roles',
  'ipam/vrfs',
];

/**
 * An emulator with exactly `count` VLANs and `count` prefixes (synthetic) plus the demo seed's
 * reference data (regions, site groups, sites, tenants, roles, VRFs, VLAN groups) when the shared
 * fixtures are there. Latency is set after seeding.
 */
export async function startSyncEmulator(
  count: number,
  latencyMs: number,
): Promise<{ emulator: NetboxEmulator; referenceRows: number }> {
  const emulator = await startNetboxEmulator({
    seed: 'empty',
    synthetic: { vlans: count, prefixes: count },
  });
  let referenceRows = 0;
  if (existsSync(NETBOX_DEMO_SQL_PATH)) {
    const demo = await startNetboxEmulator({ seed: 'demo' });
    try {
      for (const table of REFERENCE_TABLES) {
        for (const row of demo.state.rows(table)) {
          emulator.state.insert(table, structuredClone(row));
          referenceRows++;
        }
      }
      for (const row of demo.state.rows('ipam/vlan-groups')) {
        const { id: _id, ...rest } = structuredClone(row);
        emulator.state.insert('ipam/vlan-groups', rest);
        referenceRows++;
      }
    } finally {
      await demo.stop();
    }
  }
  emulator.setLatency(latencyMs);
  return { emulator, referenceRows };
}

/** Records what the provider applies, the way the catalog's connection receives it. */
class RecordingConnection implements EntityProviderConnection {
  entities = 0;
  async applyMutation(
    mutation: Parameters<EntityProviderConnection['applyMutation']>[0],
  ) {
    if (mutation.type === 'full') this.entities = mutation.entities.length;
  }
  async refresh() {}
}

/**
 * A NetboxEntityProvider as the catalog module wires it (config, SyncStore on in-memory SQLite,
 * SyncSources), with a recording connection and the test's client settings.
 */
export async function createSyncProvider(
  emulator: NetboxEmulator,
  links?: LinkIndex,
) {
  const knex = memorySqlite();
  const store = await SyncStore.create({ database: databaseOf(knex) as never });
  const [config] = readNetboxProviderConfigs(
    new ConfigReader({
      catalog: {
        providers: {
          netbox: { bench: { url: emulator.url, token: emulator.token } },
        },
      },
    }),
  );
  const sources = new SyncSources();
  sources.register({
    kind: 'netbox',
    id: 'bench',
    url: config.url,
    taskId: 't',
  });
  const provider = new NetboxEntityProvider(config, {
    logger: silentLogger(),
    taskRunner: { run: async () => {} },
    store,
    sources,
    clientOptions: { retry: { maxAttempts: 1 } },
    links,
  });
  const connection = new RecordingConnection();
  await provider.connect(connection);
  return {
    provider,
    connection,
    store,
    close: () => knex.destroy(),
  };
}
