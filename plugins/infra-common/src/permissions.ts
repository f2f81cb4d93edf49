import {
  createPermission,
  type BasicPermission,
} from '@backstage/plugin-permission-common';

/** Start a MAC trace. @public */
export const infraMacTracePermission: BasicPermission = createPermission({
  name: 'infra.mactrace.run',
  attributes: { action: 'create' },
});

/** See uplink ports and trunk VLANs in MAC-trace results (the old tool's network role). @public */
export const infraMacTraceUplinksPermission: BasicPermission = createPermission(
  {
    name: 'infra.mactrace.uplinks.read',
    attributes: { action: 'read' },
  },
);

/** Create, update and delete NetBox segments (VLAN + prefix pairs). @public */
export const infraSegmentsWritePermission: BasicPermission = createPermission({
  name: 'infra.segments.write',
  attributes: { action: 'update' },
});

/** Trigger a sync now and invalidate caches. @public */
export const infraAdminPermission: BasicPermission = createPermission({
  name: 'infra.admin',
  attributes: { action: 'update' },
});

/** Every permission this plugin defines, for the backend's permission integration. @public */
export const infraPermissions = [
  infraMacTracePermission,
  infraMacTraceUplinksPermission,
  infraSegmentsWritePermission,
  infraAdminPermission,
];
