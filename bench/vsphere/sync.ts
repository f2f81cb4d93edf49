import type { Entity } from '@backstage/catalog-model';
import { readInventory, VimClient } from '../../plugins/infra-node/src/vsphere';
import type { InventoryReadStats } from '../../plugins/infra-node/src/vsphere';
import { resolveInventory } from '../../plugins/catalog-backend-module-infra/src/vsphere/inventory/resolve';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';

/** The provider's entity settings with everything emitted (the defaults). */
export const ENTITY_OPTIONS = {
  owner: 'group:default/infra',
  entities: {
    vms: true,
    templates: true,
    networks: true,
    include: [] as RegExp[],
    exclude: [] as RegExp[],
  },
};

/**
 * What one sync does before it talks to the catalog, as VsphereEntityProvider does it: the one-pass
 * inventory read (view, RetrievePropertiesEx streamed through the decoder, records), then
 * resolveInventory and buildVsphereEntities.
 */
export async function syncOnce(
  client: VimClient,
  vcenter: { url: string },
): Promise<{ entities: Entity[]; stats: InventoryReadStats }> {
  const read = await readInventory(client);
  const inventory = resolveInventory(read, {
    vcenterId: 'bench',
    url: vcenter.url,
    instanceUuid: client.serviceContent.about.instanceUuid,
  });
  const entities = buildVsphereEntities(inventory, ENTITY_OPTIONS);
  return { entities, stats: read.stats };
}

/**
 * A logged-in client for a benchmark run, without the keepalive timer: a run is far shorter than
 * vCenter's idle timeout, and a timer's calls would land among the measured ones.
 */
export function benchClient(vc: {
  url: string;
  username: string;
  password: string;
}): Promise<VimClient> {
  return VimClient.connect({
    url: vc.url,
    username: vc.username,
    password: vc.password,
    keepAliveIntervalMs: 0,
  });
}
