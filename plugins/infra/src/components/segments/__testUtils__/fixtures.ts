import { ResponseError } from '@backstage/errors';
import {
  Segment,
  SegmentsWriteResult,
} from '@infra-inventory/plugin-infra-common';
import { SegmentsApi } from '../../../api/SegmentsApi';

/** Two segments as `GET /segments` returns them. */
export const segments: Segment[] = [
  {
    id: 11,
    prefix: '10.20.30.0/24',
    vlan: { id: 501, vid: 120, name: 'web' },
    vlanId: 120,
    epgName: 'web',
    vrf: { id: 3, name: 'prod' },
    siteGroup: { id: 7, name: 'hq', slug: 'hq' },
    tenant: { id: 2, name: 'initech' },
    role: { id: 4, name: 'servers' },
    dhcp: true,
    description: 'front end',
  },
  {
    id: 12,
    prefix: '2001:db8:1::/64',
    vlan: { id: 502, vid: 130, name: 'db' },
    vlanId: 130,
    epgName: 'db',
    vrf: { id: 3, name: 'prod' },
    siteGroup: { id: 8, name: 'branch', slug: 'branch' },
    tenant: null,
    role: null,
    dhcp: false,
    description: '',
  },
];

/** A dry run's answer for creating VLAN 140 `app`. */
export const createPlan: SegmentsWriteResult = {
  dryRun: true,
  calls: [
    {
      method: 'POST',
      path: '/api/ipam/vlans/',
      body: [{ vid: 140, name: 'app' }],
      purpose: 'create the VLANs',
    },
    {
      method: 'POST',
      path: '/api/ipam/prefixes/',
      body: [{ prefix: '10.40.0.0/24', vlan: '$vlans[0]' }],
      purpose: 'create the prefixes',
    },
  ],
  diff: {
    create: [
      {
        prefix: '10.40.0.0/24',
        vlan: { vid: 140, name: 'app' },
        vlanId: 140,
        epgName: 'app',
        vrf: { id: 3, name: 'prod' },
        siteGroup: { id: 7, name: 'hq' },
        tenant: null,
        role: null,
        dhcp: false,
        description: '',
      },
    ],
  },
};

/** A `SegmentsApi` whose every method is a jest mock, answering with the fixtures. */
export function fakeSegmentsApi() {
  return {
    listSegments: jest.fn<
      ReturnType<SegmentsApi['listSegments']>,
      Parameters<SegmentsApi['listSegments']>
    >(async () => ({ segments })),
    createSegments: jest.fn<
      ReturnType<SegmentsApi['createSegments']>,
      Parameters<SegmentsApi['createSegments']>
    >(async (_items, options) =>
      options?.dryRun ? createPlan : { ...createPlan, dryRun: false },
    ),
    updateSegments: jest.fn<
      ReturnType<SegmentsApi['updateSegments']>,
      Parameters<SegmentsApi['updateSegments']>
    >(async (updates, options) => ({
      dryRun: Boolean(options?.dryRun),
      calls: [
        {
          method: 'PATCH',
          path: '/api/ipam/vlans/',
          body: [{ id: 501, name: updates[0].changes.epg_name }],
          purpose: 'rename the VLANs',
        },
      ],
      diff: {
        update: updates.map(u => ({
          id: u.id,
          before: { epgName: 'web' },
          after: { epgName: u.changes.epg_name },
        })),
      },
    })),
    deleteSegment: jest.fn<
      ReturnType<SegmentsApi['deleteSegment']>,
      Parameters<SegmentsApi['deleteSegment']>
    >(async (vlanId, options) => ({
      dryRun: Boolean(options?.dryRun),
      calls: [
        {
          method: 'DELETE',
          path: '/api/ipam/prefixes/',
          body: [{ id: 11 }],
          purpose: 'delete the prefixes of the VLAN',
        },
        {
          method: 'DELETE',
          path: `/api/ipam/vlans/${vlanId}/`,
          body: null,
          purpose: 'delete the VLAN',
        },
      ],
      diff: { deleteVlans: [{ id: vlanId, vid: 120, name: 'web' }] },
    })),
  } satisfies SegmentsApi;
}

/** A `ResponseError` as `SegmentsClient` builds it from the segments router's JSON error. */
export function responseError(status: number, body: Record<string, unknown>) {
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 400 ? 'Bad Request' : 'Error',
    headers: { get: () => 'application/json; charset=utf-8' },
    text: async () =>
      JSON.stringify({ ...body, response: { statusCode: status } }),
  } as unknown as Response);
}
