/**
 * Catalog entity providers for vSphere and NetBox inventory.
 *
 * @packageDocumentation
 */
export { catalogModuleInfra as default } from './module';
export { readVsphereProviderConfigs } from './vsphere/config';
export type { VsphereProviderConfig } from './vsphere/config';
