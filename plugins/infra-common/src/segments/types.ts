/** One segment to create, as the segments API takes it. @public */
export interface SegmentInput {
  /** Site group: name, slug or id. */
  site: string | number;
  /** 802.1Q VLAN id, 1-4094. */
  vlan_id: number;
  /** EPG name; stored as the VLAN's name. */
  epg_name: string;
  /** CIDR with host bits zero. */
  prefix: string;
  /** VRF: name, RD or id. */
  vrf: string | number;
  dhcp?: boolean;
  description?: string;
}

/** What an update may change. @public */
export interface SegmentChanges {
  epg_name?: string;
  vlan_id?: number;
  prefix?: string;
  dhcp?: boolean;
  description?: string;
}

/** One problem with one item of a request; `field` names the request field. @public */
export interface SegmentItemError {
  /** Position of the item in the request; absent when NetBox rejected a batch without saying which item. */
  index?: number;
  /** Segment id, for updates. */
  id?: number;
  field: string;
  message: string;
}

/** A NetBox object as the segments API names it. @public */
export interface NamedRef {
  id: number;
  name: string;
  slug?: string;
}

/** A VLAN joined with its prefix and the prefix's VRF, site group, tenant and role. @public */
export interface Segment {
  /** The prefix's NetBox id; updates name segments by it. */
  id: number;
  prefix: string;
  vlan: { id: number; vid: number; name: string };
  /** = vlan.vid */
  vlanId: number;
  /** = vlan.name */
  epgName: string;
  vrf: NamedRef | null;
  siteGroup: NamedRef | null;
  tenant: NamedRef | null;
  role: NamedRef | null;
  dhcp: boolean;
  description: string;
}

/** A NetBox call the request makes (or would make, with `dryRun`). @public */
export interface PlannedCall {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** Bodies; ids of objects created earlier in the same plan read `"$vlans[2]"`. */
  body: unknown;
  /** Why the call is made. */
  purpose: string;
}

/** What a write changes (or would change), segment by segment. @public */
export interface SegmentDiff {
  create?: Array<
    Omit<Segment, 'id' | 'vlan'> & { vlan: { vid: number; name: string } }
  >;
  update?: Array<{
    id: number;
    before: Partial<Segment>;
    after: Partial<Segment>;
  }>;
  deleteVlans?: Array<{ id: number; vid: number; name: string }>;
  createVlanGroups?: string[];
}

/** Answer of a create, update or delete (200/201), also for dry runs. @public */
export interface SegmentsWriteResult {
  dryRun: boolean;
  requestId?: string;
  /** Another request with the same id already did this; its result is returned. */
  replayed?: boolean;
  calls: PlannedCall[];
  diff: SegmentDiff;
  segments?: Segment[];
  /** Old VLANs kept because something still uses them. */
  keptVlans?: Array<{ id: number; reason: string }>;
}

/** `GET /api/infra/segments` answer. @public */
export interface SegmentsListResponse {
  segments: Segment[];
}

/** One update of `PATCH /api/infra/segments`. @public */
export interface SegmentUpdate {
  /** Segment id (the prefix's NetBox id). */
  id: number;
  changes: SegmentChanges;
}
