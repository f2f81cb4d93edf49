/**
 * Segments API: NetBox VLAN + prefix pairs, listed from a cache and written with permission checks.
 *
 * Storage decisions: the EPG name is the VLAN's name (unique per VLAN group, as EPG names are per
 * site group and VRF); the site group is the prefix's scope and the VLAN group's scope; DHCP is a
 * boolean custom field on the prefix (`infra.segments.dhcp.customField`, default `dhcp`, to be
 * defined in NetBox for ipam.prefix), or with `dhcp.storage: descriptionTag` a marker at the start
 * of the prefix description for NetBox instances without that custom field. Tags were not used:
 * they must exist beforehand too and the emulator (like a NetBox without them) only accepts `[]`.
 */
export { createSegmentsRouter, SEGMENT_ROUTES } from './router';
export type { SegmentsRouterDeps } from './router';
export { readSegmentsConfig, SEGMENT_DEFAULTS } from './config';
export type { DhcpStorage, SegmentsConfig } from './config';
export { SegmentsService } from './SegmentsService';
export type { SegmentsReference } from './SegmentsService';
export { SegmentsValidationError } from './errors';
// the wire types and their validation live in @infra-inventory/plugin-infra-common
