export { infraApiRef } from './InfraApi';
export type { InfraApi } from './InfraApi';
export { InfraClient } from './InfraClient';
export { segmentsApiRef } from './SegmentsApi';
export type {
  SegmentCreateOptions,
  SegmentsApi,
  SegmentWriteOptions,
} from './SegmentsApi';
export { SegmentsClient } from './SegmentsClient';
