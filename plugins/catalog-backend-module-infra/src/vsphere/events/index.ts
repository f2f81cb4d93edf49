export { VsphereChangePublisher } from './VsphereChangePublisher';
export type {
  VsphereApplied,
  VsphereAppliedHook,
} from './VsphereChangePublisher';
