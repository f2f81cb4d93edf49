/**
 * Test and demo tooling for Infra Inventory: real-service settings and requirements, loopback
 * addresses for emulated devices, the vcsim launcher, the NetBox emulator.
 *
 * @packageDocumentation
 */
export * from './requirements';
export * from './shared';
export * from './services';
export * from './loopback';
export * from './browser';
export * from './backend';
