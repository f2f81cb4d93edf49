/**
 * Shared types and constants of the Infra Inventory plugins: annotation keys, entity types,
 * permissions and REST wire types. Pure: no I/O, usable in the browser and in Node.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './entityTypes';
export * from './permissions';
export * from './status';
export * from './sync';
export * from './mac';
export * from './objects';
export * from './resources';
export * from './segments';
