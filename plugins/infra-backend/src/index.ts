/**
 * Infra Inventory backend plugin.
 *
 * @packageDocumentation
 */
export { infraPlugin as default } from './plugin';
