/** NetBox entity provider: VLANs, VLAN groups, prefixes and VRFs of one or more NetBox instances. */
export { readNetboxProviderConfigs } from './config';
export type { NetboxProviderConfig } from './config';
export {
  NetboxEntityProvider,
  netboxIncrementalTaskId,
  netboxTaskId,
} from './NetboxEntityProvider';
export type { NetboxEntityProviderDeps } from './NetboxEntityProvider';
export { buildNetboxEntities, netboxEntityName } from './transform';
