/** NetBox 4.x REST API emulator for tests and benchmarks, and the OpenAPI contract helpers. */
export { startNetboxEmulator } from './startNetboxEmulator';
export type {
  CallRecord as NetboxCallRecord,
  LatencyFn as NetboxLatencyFn,
  NetboxCallStats,
  NetboxEmulator,
  NetboxEmulatorOptions,
  NetboxExchange,
} from './startNetboxEmulator';
export type { FaultSpec as NetboxFaultSpec } from './faults';
export { NetboxEmulatorState } from './state';
export type { Row as NetboxEmulatorRow } from './state';
export { DEMO_SQL_PATH as NETBOX_DEMO_SQL_PATH } from './seeds';
export type { SyntheticOptions as NetboxSyntheticOptions } from './seeds';
export {
  EMULATED_FILTERS as NETBOX_EMULATOR_FILTERS,
  SERVED_ENDPOINTS as NETBOX_EMULATOR_ENDPOINTS,
} from './models';
export {
  BRIEF_SCHEMAS as NETBOX_BRIEF_SCHEMAS,
  COMPONENT_FIXES as NETBOX_COMPONENT_FIXES,
  listParameterNames as netboxListParameterNames,
  loadOpenApi as loadNetboxOpenApi,
  NETBOX_OPENAPI_PATH,
  NetboxContract,
  NULLABLE_CHOICE_OVERRIDES as NETBOX_NULLABLE_CHOICE_OVERRIDES,
  toJsonSchema as openApiToJsonSchema,
} from './openapi';
export type {
  CheckResult as NetboxContractResult,
  OpenApiDocument as NetboxOpenApiDocument,
  ResponseCheck as NetboxResponseCheck,
} from './openapi';
