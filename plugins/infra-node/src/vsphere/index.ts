/**
 * vSphere: our own vim25 SOAP client and the one-call inventory read.
 */
export { VimClient } from './client';
export type {
  InvokeOptions,
  PageOptions,
  RetrievePage,
  UpdateSetSummary,
  VimCallOptions,
  VimClientOptions,
  VimClientStats,
  VimLogger,
} from './client';
export type { VimTlsOptions } from './transport';
export type { StreamHandler, XmlNode } from './decoder';
export {
  InvalidCollectorVersionFault,
  InvalidLoginFault,
  InvalidPropertyFault,
  ManagedObjectNotFoundFault,
  NotAuthenticatedFault,
  RequestCanceledFault,
  VimConnectionError,
  VimFault,
  VimProtocolError,
  VimTimeoutError,
} from './errors';
export { asArray, isMoRef, moRefKey } from './types';
export { MoRefMap } from './moRefMap';
export { effectiveMemoryMb } from './units';
export type {
  MissingProperty,
  MoRef,
  ObjectContent,
  ObjectSpec,
  ObjectUpdate,
  PropertyChange,
  PropertyFilterSpec,
  PropertySpec,
  RetrieveOptions,
  SelectionSpec,
  ServiceContent,
  TraversalSpec,
  UserSession,
  VimValue,
  WaitOptions,
} from './types';
export { readInventory } from './readInventory';
export type {
  Inventory,
  InventoryReadStats,
  MissingValue,
  ReadInventoryOptions,
} from './readInventory';
export { DEFAULT_INVENTORY_SPEC, inventoryFilterSpecs } from './inventorySpec';
export type { InventorySpec } from './inventorySpec';
export type {
  ComputeResourceRecord,
  DatastoreHostMount,
  DatastoreRecord,
  DistributedSwitchRecord,
  EntityRecord,
  HostRecord,
  NetworkRecord,
  TriggeredAlarm,
  VlanSpec,
  VmRecord,
} from './records';
export { VapiClient } from './vapi/VapiClient';
export type { VapiClientOptions } from './vapi/VapiClient';
export { readTags } from './vapi/readTags';
export type { ReadTagsOptions, TagRead, VsphereTag } from './vapi/readTags';
