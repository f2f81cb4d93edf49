/** Links between vSphere and NetBox entities (issue 9): a join of lists both providers read. */
export { readLinkConfigs } from './config';
export type { VlanScope, VsphereNetboxLinkConfig } from './config';
export { LinkIndex, VsphereLinker } from './LinkIndex';
export type { EntityLinker } from './LinkIndex';
export { linkVsphereEntities, summarizeLinkReport } from './link';
export type { LinkReport } from './link';
export { buildNetboxLinkData, readLinkLists } from './netbox';
export type { LinkLists, LinkWants, NetboxLinkData } from './netbox';
