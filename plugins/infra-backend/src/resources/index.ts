export { createResourcesRouter, RESOURCES_ROUTES } from './router';
export type { ResourcesRouter, ResourcesRouterDeps } from './router';
export { readResourcesConfig } from './config';
export type { ResourcesConfig, ResourcesVcenter } from './config';
export { ResourcesService } from './ResourcesService';
export type { VimClientFactory } from './VcenterClients';
export type {
  ClusterItem,
  ClusterResourcesResponse,
  ClustersResponse,
  DatacenterItem,
  DatacentersResponse,
  DatastoreItem,
  NetworkItem,
  PoolItem,
  ResourceSection,
  TemplateItem,
  TemplatesSection,
} from './types';
