/**
 * Infra Inventory frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { infraPlugin as default } from './plugin';
export * from './api';
export { rootRouteRef } from './routes';
