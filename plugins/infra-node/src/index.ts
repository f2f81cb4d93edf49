/**
 * Source clients of Infra Inventory with no Backstage wiring: vSphere (vim25 SOAP), NetBox (REST)
 * and switches (SSH).
 *
 * @packageDocumentation
 */
export * from './vsphere';
export * from './switches';
export * from './netbox';
