import { ModelDef } from '../model';
import { prefixes, roles, vlanGroups, vlans, vrfs } from './ipam';
import {
  clusters,
  deviceRoles,
  devices,
  deviceTypes,
  manufacturers,
  platforms,
  virtualMachines,
} from './inventory';
import {
  regions,
  siteGroups,
  sites,
  tenantGroups,
  tenants,
} from './organization';

/** Every emulated model, served over HTTP or only seen nested, by endpoint. */
export function createModels(): Map<string, ModelDef> {
  const all = [
    vlans,
    prefixes,
    vlanGroups,
    vrfs,
    roles,
    sites,
    siteGroups,
    regions,
    tenants,
    tenantGroups,
    devices,
    virtualMachines,
    manufacturers,
    platforms,
    clusters,
    deviceRoles,
    deviceTypes,
  ];
  return new Map(all.map(m => [m.endpoint, m]));
}

/** Endpoints served over HTTP. */
export const SERVED_ENDPOINTS: readonly string[] = [...createModels().values()]
  .filter(m => m.served)
  .map(m => m.endpoint);

/** Filter names the emulator implements per served endpoint (others it ignores, as NetBox does). */
export const EMULATED_FILTERS: Readonly<Record<string, readonly string[]>> =
  Object.fromEntries(
    [...createModels().values()]
      .filter(m => m.served)
      .map(m => [m.endpoint, Object.keys(m.filters)]),
  );
