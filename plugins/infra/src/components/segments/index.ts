export { SegmentsPage } from './SegmentsPage';
export { segmentsRouteRef } from './routes';
