// The wire types live in the common package so the frontend reads the same shapes.
export type {
  AlarmItem,
  ClusterAlarmsResponse,
  ClusterItem,
  ClusterResourcesResponse,
  ClusterUsage,
  ClusterUsageResponse,
  ClustersResponse,
  DatacenterItem,
  DatacentersResponse,
  DatastoreItem,
  NetworkItem,
  PoolItem,
  ResourceSection,
  TemplateItem,
  TemplatesSection,
} from '@infra-inventory/plugin-infra-common';
