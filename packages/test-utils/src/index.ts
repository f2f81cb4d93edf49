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
export { buildVcsim, infraCacheDir, vcsimRequirement } from './vcsim/build';
export { startVcsim } from './vcsim/launcher';
export { createSoapForwarder } from './vcsim/soapForwarder';
export { tagVcsimObjects } from './vcsim/tags';
export type { VcsimTagging } from './vcsim/tags';
export type { ForwardedAnswer } from './vcsim/soapForwarder';
export type { RunningVcsim, StartVcsimOptions } from './vcsim/launcher';
export { expectedVmCount, topologies } from './vcsim/topologies';
export type { TopologyName, VcsimTopology } from './vcsim/topologies';
export * from './redisServer';
export * from './netbox';
export * from './switches';
export * from './portal';
export * from './vcsimPortgroups';
