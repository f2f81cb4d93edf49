import { InputError, NotFoundError } from '@backstage/errors';
import {
  checkCreateItem,
  checkUpdateItem,
  NamedRef,
  PlannedCall,
  Segment,
  SegmentChanges,
  SegmentDiff,
  SegmentInput,
  SegmentItemError,
  SegmentsWriteResult,
} from '@infra-inventory/plugin-infra-common';
import {
  NetboxClient,
  NetboxConflictError,
  NetboxValidationError,
} from '@infra-inventory/plugin-infra-node';
import { SegmentsConfig } from './config';
import {
  fromNetboxValidation,
  IdempotencyConflictError,
  SegmentsValidationError,
} from './errors';
import { TtlCache } from './TtlCache';

/** The subset of `LoggerService` used here. */
export interface SegmentsLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

interface Ref extends NamedRef {
  rd?: string | null;
}

interface VlanGroupRef extends Ref {
  scope_type: string | null;
  scope_id: number | null;
}

/** Site groups, VRFs, VLAN groups and the configured tenant and role. */
export interface SegmentsReference {
  siteGroups: Ref[];
  vrfs: Ref[];
  vlanGroups: VlanGroupRef[];
  tenant: Ref | null;
  role: Ref | null;
}

interface PrefixRow {
  id: number;
  prefix: string;
  vrf: Ref | null;
  scope_type: string | null;
  scope_id: number | null;
  scope?: Ref | null;
  tenant: Ref | null;
  role: Ref | null;
  vlan: { id: number; vid: number; name: string } | null;
  description: string;
  custom_fields?: Record<string, unknown>;
}

interface VlanRow {
  id: number;
  vid: number;
  name: string;
  group?: { id: number } | null;
}

const REFERENCE_KEY = 'reference';
const INDEX_KEY = 'index';
const PREFIX_FIELDS = [
  'id',
  'prefix',
  'vrf',
  'scope_type',
  'scope_id',
  'scope',
  'tenant',
  'role',
  'vlan',
  'description',
  'custom_fields',
];
const REF_FIELDS = ['id', 'name', 'slug'];
const SITE_GROUP = 'dcim.sitegroup';

function pick(ref: Ref | null | undefined): NamedRef | null {
  if (!ref) return null;
  return ref.slug === undefined
    ? { id: ref.id, name: ref.name }
    : { id: ref.id, name: ref.name, slug: ref.slug };
}

function matchRef<T extends Ref>(
  refs: T[],
  key: string | number,
): T | undefined {
  if (typeof key === 'number') return refs.find(r => r.id === key);
  const k = key.trim().toLowerCase();
  return (
    refs.find(r => r.name.toLowerCase() === k) ??
    refs.find(r => r.slug?.toLowerCase() === k) ??
    refs.find(r => r.rd?.toLowerCase() === k) ??
    (/^\d+$/.test(k) ? refs.find(r => r.id === Number(k)) : undefined)
  );
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

function fingerprint(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Segments: a NetBox VLAN (name = EPG name) joined with the prefix that points to it. The prefix
 * carries the VRF, the site group (as its scope), tenant, role and the DHCP flag; the VLAN lives in
 * the VLAN group named by `vlanGroupTemplate`, scoped to the site group.
 */
export class SegmentsService {
  private readonly now: () => number;
  private readonly reference: TtlCache<SegmentsReference>;
  private readonly index: TtlCache<Map<number, Segment>>;
  private readonly requests = new Map<
    string,
    {
      fingerprint: string;
      result: Promise<SegmentsWriteResult>;
      expires: number;
    }
  >();

  constructor(
    private readonly netbox: NetboxClient,
    private readonly config: SegmentsConfig,
    private readonly logger?: SegmentsLogger,
    now: () => number = Date.now,
  ) {
    this.reference = new TtlCache(config.referenceTtlMs, now);
    // lists after the TTL are answered from the previous index while it is re-read (for up to
    // another reference TTL); writes through this API keep the index current in between
    this.index = new TtlCache(config.indexTtlMs, now, config.referenceTtlMs);
    this.now = now;
  }

  /** Drops cached reference data and the segment index. */
  invalidate(): void {
    this.reference.clear();
    this.index.clear();
  }

  // ---------------------------------------------------------------- reads

  /** Reference data, fetched with parallel reads when missing or older than the TTL. */
  getReference(): Promise<SegmentsReference> {
    return this.reference.get(REFERENCE_KEY, async () => {
      const fields = { fields: REF_FIELDS };
      const [siteGroups, vrfs, vlanGroups, tenants, roles] = await Promise.all([
        this.netbox.list<Ref>('dcim/site-groups', fields),
        this.netbox.list<Ref>('ipam/vrfs', { fields: ['id', 'name', 'rd'] }),
        this.netbox.list<VlanGroupRef>('ipam/vlan-groups', {
          fields: ['id', 'name', 'slug', 'scope_type', 'scope_id'],
          filters: { scope_type: SITE_GROUP },
        }),
        this.config.tenant
          ? this.netbox.list<Ref>('tenancy/tenants', fields)
          : undefined,
        this.config.role
          ? this.netbox.list<Ref>('ipam/roles', fields)
          : undefined,
      ]);
      const configured = (
        list: Ref[] | undefined,
        key: string | undefined,
        what: string,
      ) => {
        if (!key || !list) return null;
        const found = matchRef(list, key);
        if (!found) {
          throw new InputError(
            `infra.segments.${what} '${key}' is not a NetBox ${what} (name or slug)`,
          );
        }
        return found;
      };
      return {
        siteGroups: siteGroups.results,
        vrfs: vrfs.results,
        vlanGroups: vlanGroups.results,
        tenant: configured(tenants?.results, this.config.tenant, 'tenant'),
        role: configured(roles?.results, this.config.role, 'role'),
      };
    });
  }

  private toSegment(row: PrefixRow): Segment | undefined {
    if (!row.vlan) return undefined;
    const dhcpStorage = this.config.dhcp;
    let description = row.description ?? '';
    let dhcp = false;
    if (dhcpStorage.kind === 'customField') {
      dhcp = row.custom_fields?.[dhcpStorage.name] === true;
    } else if (description.startsWith(dhcpStorage.tag)) {
      dhcp = true;
      description = description.slice(dhcpStorage.tag.length).trimStart();
    }
    return {
      id: row.id,
      prefix: row.prefix,
      vlan: { id: row.vlan.id, vid: row.vlan.vid, name: row.vlan.name },
      vlanId: row.vlan.vid,
      epgName: row.vlan.name,
      vrf: pick(row.vrf),
      siteGroup:
        row.scope_type === SITE_GROUP && row.scope_id
          ? pick(row.scope) ?? { id: row.scope_id, name: String(row.scope_id) }
          : null,
      tenant: pick(row.tenant),
      role: pick(row.role),
      dhcp,
      description,
    };
  }

  /** Every prefix that points to a VLAN, by prefix id: one list read (one page up to 1000 rows). */
  private getIndex(): Promise<Map<number, Segment>> {
    return this.index.get(INDEX_KEY, async () => {
      const { results } = await this.netbox.list<PrefixRow>('ipam/prefixes', {
        fields:
          this.config.dhcp.kind === 'customField'
            ? PREFIX_FIELDS
            : PREFIX_FIELDS.filter(f => f !== 'custom_fields'),
      });
      const map = new Map<number, Segment>();
      for (const row of results) {
        const s = this.toSegment(row);
        if (s) map.set(s.id, s);
      }
      return map;
    });
  }

  /** Segments, optionally of one site group (id, name or slug), ordered by VLAN id. */
  async list(filter: { siteGroup?: string } = {}): Promise<Segment[]> {
    const index = await this.getIndex();
    let segments = [...index.values()];
    const sg = filter.siteGroup?.trim().toLowerCase();
    if (sg) {
      segments = segments.filter(
        s =>
          s.siteGroup &&
          (String(s.siteGroup.id) === sg ||
            s.siteGroup.name.toLowerCase() === sg ||
            s.siteGroup.slug?.toLowerCase() === sg),
      );
    }
    return segments.sort((a, b) => a.vlanId - b.vlanId || a.id - b.id);
  }

  // ---------------------------------------------------------------- helpers

  private groupName(vrf: string, siteGroup: string): string {
    return this.config.vlanGroupTemplate
      .replaceAll('{vrf}', vrf)
      .replaceAll('{siteGroup}', siteGroup);
  }

  private findGroup(ref: SegmentsReference, name: string, siteGroupId: number) {
    return ref.vlanGroups.find(
      g =>
        g.name === name &&
        g.scope_type === SITE_GROUP &&
        g.scope_id === siteGroupId,
    );
  }

  private dhcpFields(
    dhcp: boolean,
    description: string,
  ): { description: string; custom_fields?: Record<string, boolean> } {
    const storage = this.config.dhcp;
    if (storage.kind === 'customField') {
      return { description, custom_fields: { [storage.name]: dhcp } };
    }
    return {
      description: dhcp
        ? `${storage.tag} ${description}`.trim().slice(0, 200)
        : description,
    };
  }

  private withRequestId(
    requestId: string | undefined,
    body: unknown,
    run: () => Promise<SegmentsWriteResult>,
  ): Promise<SegmentsWriteResult> {
    if (!requestId) return run();
    const now = this.now();
    for (const [key, entry] of this.requests) {
      if (entry.expires <= now) this.requests.delete(key);
    }
    const print = fingerprint(body);
    const seen = this.requests.get(requestId);
    if (seen) {
      if (seen.fingerprint !== print) {
        throw new IdempotencyConflictError(
          `Request id '${requestId}' was already used for a different request body`,
        );
      }
      return seen.result.then(r => ({ ...r, replayed: true }));
    }
    const result = run();
    this.requests.set(requestId, {
      fingerprint: print,
      result,
      expires: now + this.config.idempotencyTtlMs,
    });
    // a failed request changed nothing (it rolled back), so a retry may run it again
    result.catch(() => this.requests.delete(requestId));
    return result;
  }

  // ---------------------------------------------------------------- create

  /** Creates segments, all or none. */
  create(
    body: unknown[],
    options: { dryRun?: boolean; requestId?: string } = {},
  ): Promise<SegmentsWriteResult> {
    if (options.dryRun) return this.createNow(body, true);
    return this.withRequestId(options.requestId, body, () =>
      this.createNow(body, false, options.requestId),
    );
  }

  private async createNow(
    body: unknown[],
    dryRun: boolean,
    requestId?: string,
  ): Promise<SegmentsWriteResult> {
    if (body.length === 0) {
      throw new SegmentsValidationError([
        { field: 'body', message: 'body must hold at least one segment' },
      ]);
    }
    const errors: SegmentItemError[] = [];
    const items = body.map((raw, i) =>
      checkCreateItem(raw, i, this.config.epgNamePattern, errors),
    );
    const ref = await this.getReference();
    const cachedIndex = this.index.peek(INDEX_KEY);

    type Resolved = {
      index: number;
      input: SegmentInput;
      siteGroup: Ref;
      vrf: Ref;
      groupName: string;
    };
    const resolved: Resolved[] = [];
    items.forEach((input, index) => {
      if (!input) return;
      const siteGroup = matchRef(ref.siteGroups, input.site);
      const vrf = matchRef(ref.vrfs, input.vrf);
      if (!siteGroup) {
        errors.push({
          index,
          field: 'site',
          message: `site '${input.site}' is not a NetBox site group (name, slug or id)`,
        });
      }
      if (!vrf) {
        errors.push({
          index,
          field: 'vrf',
          message: `vrf '${input.vrf}' is not a NetBox VRF (name, RD or id)`,
        });
      }
      if (siteGroup && vrf) {
        resolved.push({
          index,
          input,
          siteGroup,
          vrf,
          groupName: this.groupName(vrf.name, siteGroup.name),
        });
      }
    });

    // duplicates within the request, then against the cached index (NetBox checks the rest)
    const seen = new Map<string, number>();
    const dup = (key: string, r: Resolved, field: string, what: string) => {
      const first = seen.get(key);
      if (first === undefined) seen.set(key, r.index);
      else {
        errors.push({
          index: r.index,
          field,
          message: `${field} ${what} is already used by item ${first} of this request`,
        });
      }
    };
    const existing = cachedIndex ? [...cachedIndex.values()] : [];
    for (const r of resolved) {
      const { input } = r;
      dup(
        `vid|${r.groupName}|${input.vlan_id}`,
        r,
        'vlan_id',
        `${input.vlan_id} in VLAN group ${r.groupName}`,
      );
      dup(
        `name|${r.groupName}|${input.epg_name}`,
        r,
        'epg_name',
        `'${input.epg_name}' in VLAN group ${r.groupName}`,
      );
      dup(
        `prefix|${r.vrf.id}|${input.prefix}`,
        r,
        'prefix',
        `${input.prefix} in VRF ${r.vrf.name}`,
      );
      const sameGroup = existing.filter(
        s => s.vrf?.id === r.vrf.id && s.siteGroup?.id === r.siteGroup.id,
      );
      const taken = (field: string, s: Segment | undefined, what: string) => {
        if (s) {
          errors.push({
            index: r.index,
            field,
            message: `${field} ${what} already exists in NetBox (segment ${s.id}, VLAN ${s.vlanId} '${s.epgName}')`,
          });
        }
      };
      taken(
        'vlan_id',
        sameGroup.find(s => s.vlanId === input.vlan_id),
        `${input.vlan_id} in VLAN group ${r.groupName}`,
      );
      taken(
        'epg_name',
        sameGroup.find(s => s.epgName === input.epg_name),
        `'${input.epg_name}' in VLAN group ${r.groupName}`,
      );
      taken(
        'prefix',
        existing.find(s => s.vrf?.id === r.vrf.id && s.prefix === input.prefix),
        `${input.prefix} in VRF ${r.vrf.name}`,
      );
    }
    if (errors.length > 0) {
      throw new SegmentsValidationError(
        errors.sort((a, b) => (a.index ?? -1) - (b.index ?? -1)),
      );
    }

    // the plan
    const calls: PlannedCall[] = [];
    const newGroups = new Map<string, { name: string; siteGroup: Ref }>();
    for (const r of resolved) {
      if (!this.findGroup(ref, r.groupName, r.siteGroup.id)) {
        newGroups.set(`${r.siteGroup.id}|${r.groupName}`, {
          name: r.groupName,
          siteGroup: r.siteGroup,
        });
      }
    }
    const groupBodies = [...newGroups.values()].map(g => ({
      name: g.name,
      slug: slugify(g.name),
      scope_type: SITE_GROUP,
      scope_id: g.siteGroup.id,
      tenant: ref.tenant?.id ?? null,
      description: 'Created by the Infra Inventory segments API',
    }));
    if (groupBodies.length > 0) {
      calls.push({
        method: 'POST',
        path: '/api/ipam/vlan-groups/',
        body: groupBodies,
        purpose: 'create the missing VLAN groups',
      });
    }
    const groupRef = (r: Resolved): number | string =>
      this.findGroup(ref, r.groupName, r.siteGroup.id)?.id ??
      `$vlanGroups[${groupBodies.findIndex(
        b => b.name === r.groupName && b.scope_id === r.siteGroup.id,
      )}]`;
    const vlanBodies = resolved.map(r => ({
      vid: r.input.vlan_id,
      name: r.input.epg_name,
      group: groupRef(r) as number,
      tenant: ref.tenant?.id ?? null,
      role: ref.role?.id ?? null,
      status: 'active',
      description: r.input.description ?? '',
    }));
    calls.push({
      method: 'POST',
      path: '/api/ipam/vlans/',
      body: vlanBodies,
      purpose: 'create the VLANs (all or none)',
    });
    const prefixBodies = resolved.map((r, i) => ({
      prefix: r.input.prefix,
      vrf: r.vrf.id,
      scope_type: SITE_GROUP,
      scope_id: r.siteGroup.id,
      vlan: `$vlans[${i}]` as unknown as number,
      tenant: ref.tenant?.id ?? null,
      role: ref.role?.id ?? null,
      status: 'active',
      ...this.dhcpFields(r.input.dhcp ?? false, r.input.description ?? ''),
    }));
    calls.push({
      method: 'POST',
      path: '/api/ipam/prefixes/',
      body: prefixBodies,
      purpose:
        'create the prefixes (all or none); on failure the VLANs are deleted again',
    });
    const diff: SegmentDiff = {
      createVlanGroups: groupBodies.map(g => g.name),
      create: resolved.map(r => ({
        prefix: r.input.prefix,
        vlan: { vid: r.input.vlan_id, name: r.input.epg_name },
        vlanId: r.input.vlan_id,
        epgName: r.input.epg_name,
        vrf: pick(r.vrf),
        siteGroup: pick(r.siteGroup),
        tenant: pick(ref.tenant),
        role: pick(ref.role),
        dhcp: r.input.dhcp ?? false,
        description: r.input.description ?? '',
      })),
    };
    if (dryRun) return { dryRun, calls, diff };

    const changelogMessage = requestId
      ? `infra segments API, request ${requestId}`
      : 'infra segments API';
    const itemOf = resolved.map(r => r.index);

    if (groupBodies.length > 0) {
      let created: VlanGroupRef[];
      try {
        created = await this.netbox.create<VlanGroupRef>(
          'ipam/vlan-groups',
          groupBodies,
          { changelogMessage },
        );
      } catch (e) {
        if (e instanceof NetboxValidationError) {
          // most likely the group was created behind the cache: re-read next time
          this.reference.delete(REFERENCE_KEY);
          throw new SegmentsValidationError(
            fromNetboxValidation(
              e,
              'ipam/vlan-groups',
              groupBodies.map(
                b =>
                  resolved.find(
                    r =>
                      r.groupName === b.name && r.siteGroup.id === b.scope_id,
                  )!.index,
              ),
            ),
          );
        }
        throw e;
      }
      const groups: VlanGroupRef[] = created.map(g => ({
        id: g.id,
        name: g.name,
        slug: g.slug,
        scope_type: SITE_GROUP,
        scope_id: (g.scope_id as number) ?? null,
      }));
      ref.vlanGroups.push(...groups);
      resolved.forEach((r, i) => {
        vlanBodies[i].group = this.findGroup(
          ref,
          r.groupName,
          r.siteGroup.id,
        )!.id;
      });
    }

    let vlans: VlanRow[];
    try {
      vlans = await this.netbox.create<VlanRow>('ipam/vlans', vlanBodies, {
        changelogMessage,
      });
    } catch (e) {
      if (e instanceof NetboxValidationError) {
        // a group deleted or renamed behind the cache: the next attempt re-reads the reference data
        if (e.fieldErrors.some(f => f.field === 'group')) {
          this.reference.delete(REFERENCE_KEY);
        }
        throw new SegmentsValidationError(
          fromNetboxValidation(e, 'ipam/vlans', itemOf),
        );
      }
      throw e;
    }

    let prefixes: PrefixRow[];
    try {
      prefixes = await this.netbox.create<PrefixRow>(
        'ipam/prefixes',
        prefixBodies.map((b, i) => ({ ...b, vlan: vlans[i].id })),
        { changelogMessage },
      );
    } catch (e) {
      const ids = vlans.map(v => v.id);
      try {
        await this.netbox.delete('ipam/vlans', ids, {
          changelogMessage: `${changelogMessage}: rollback, prefixes failed`,
        });
      } catch (rollback) {
        this.logger?.error(
          `Segments: creating prefixes failed and deleting VLANs ${ids.join(
            ', ',
          )} again failed too: ${rollback}`,
        );
        throw new InputError(
          `Creating the prefixes failed (${e}); deleting the VLANs just created (ids ${ids.join(
            ', ',
          )}) failed too (${rollback}); delete them by hand`,
        );
      }
      if (e instanceof NetboxValidationError) {
        throw new SegmentsValidationError(
          fromNetboxValidation(e, 'ipam/prefixes', itemOf),
        );
      }
      throw e;
    }

    const segments = prefixes.map((p, i) =>
      this.toSegment({
        ...p,
        vrf: resolved[i].vrf,
        scope: resolved[i].siteGroup,
        scope_type: SITE_GROUP,
        scope_id: resolved[i].siteGroup.id,
        tenant: ref.tenant,
        role: ref.role,
        vlan: { id: vlans[i].id, vid: vlans[i].vid, name: vlans[i].name },
      }),
    ) as Segment[];
    this.index.update(INDEX_KEY, map => {
      for (const s of segments) map.set(s.id, s);
      return map;
    });
    return { dryRun, requestId, calls, diff, segments };
  }

  // ---------------------------------------------------------------- update

  /** Updates segments: `[{id, changes}]` where `id` is the segment (prefix) id. */
  async update(
    body: unknown[],
    options: { dryRun?: boolean } = {},
  ): Promise<SegmentsWriteResult> {
    const dryRun = Boolean(options.dryRun);
    if (body.length === 0) {
      throw new SegmentsValidationError([
        { field: 'body', message: 'body must hold at least one {id, changes}' },
      ]);
    }
    const errors: SegmentItemError[] = [];
    const checked = body.map((raw, i) =>
      checkUpdateItem(raw, i, this.config.epgNamePattern, errors),
    );
    const index = await this.getIndex();
    type Item = {
      index: number;
      id: number;
      changes: SegmentChanges;
      seg: Segment;
    };
    const items: Item[] = [];
    const seenIds = new Map<number, number>();
    checked.forEach((c, i) => {
      if (!c) return;
      const seg = index.get(c.id);
      if (!seg) {
        errors.push({
          index: i,
          id: c.id,
          field: 'id',
          message: `id ${c.id} is not a segment (a prefix with a VLAN)`,
        });
        return;
      }
      if (seenIds.has(c.id)) {
        errors.push({
          index: i,
          id: c.id,
          field: 'id',
          message: `id ${c.id} is already changed by item ${seenIds.get(
            c.id,
          )} of this request`,
        });
        return;
      }
      seenIds.set(c.id, i);
      items.push({ index: i, id: c.id, changes: c.changes, seg });
    });
    if (errors.length > 0) throw new SegmentsValidationError(errors);

    const moves = items.filter(
      it =>
        it.changes.vlan_id !== undefined &&
        it.changes.vlan_id !== it.seg.vlanId,
    );
    const ref = moves.length > 0 ? await this.getReference() : undefined;

    // VLAN group of each moved segment's current VLAN: from the template when it names a known group
    const groupOf = new Map<number, number>();
    const unknownGroup: number[] = [];
    for (const m of moves) {
      const g =
        m.seg.vrf && m.seg.siteGroup
          ? this.findGroup(
              ref!,
              this.groupName(m.seg.vrf.name, m.seg.siteGroup.name),
              m.seg.siteGroup.id,
            )
          : undefined;
      if (g) groupOf.set(m.seg.vlan.id, g.id);
      else if (!unknownGroup.includes(m.seg.vlan.id))
        unknownGroup.push(m.seg.vlan.id);
    }
    if (unknownGroup.length > 0) {
      const { results } = await this.netbox.list<VlanRow>('ipam/vlans', {
        filters: { id: unknownGroup },
        fields: ['id', 'group'],
      });
      for (const v of results) if (v.group) groupOf.set(v.id, v.group.id);
    }
    for (const m of moves) {
      if (!groupOf.has(m.seg.vlan.id)) {
        errors.push({
          index: m.index,
          id: m.id,
          field: 'changes.vlan_id',
          message: `changes.vlan_id: VLAN ${m.seg.vlanId} of segment ${m.id} is in no VLAN group, so the VLAN to move to is ambiguous`,
        });
      }
    }
    if (errors.length > 0) throw new SegmentsValidationError(errors);

    // existing VLANs the moves go to (one read for all)
    const targets = new Map<string, VlanRow>();
    if (moves.length > 0) {
      const { results } = await this.netbox.list<VlanRow>('ipam/vlans', {
        filters: {
          group_id: [...new Set(moves.map(m => groupOf.get(m.seg.vlan.id)!))],
          vid: [...new Set(moves.map(m => m.changes.vlan_id!))],
        },
        fields: ['id', 'vid', 'name', 'group'],
      });
      for (const v of results) targets.set(`${v.group?.id}|${v.vid}`, v);
    }

    // who uses each VLAN after this request, from the cached prefix index
    const users = new Map<number, Set<number>>();
    for (const s of index.values()) {
      if (!users.has(s.vlan.id)) users.set(s.vlan.id, new Set());
      users.get(s.vlan.id)!.add(s.id);
    }
    const movedFrom = new Map<number, Item[]>();
    for (const m of moves) {
      users.get(m.seg.vlan.id)!.delete(m.id);
      movedFrom.set(m.seg.vlan.id, [
        ...(movedFrom.get(m.seg.vlan.id) ?? []),
        m,
      ]);
    }

    const vlanCreates: Array<{
      key: string;
      body: Record<string, unknown>;
      items: Item[];
    }> = [];
    const vlanPatches = new Map<
      number,
      {
        body: Record<string, unknown>;
        before: Record<string, unknown>;
        item: Item;
      }
    >();
    const prefixPatches = new Map<
      number,
      {
        body: Record<string, unknown>;
        before: Record<string, unknown>;
        item: Item;
      }
    >();
    const targetOf = new Map<number, number | string>();
    const renumbered = new Set<number>();
    const toDelete = new Set<number>();

    for (const m of moves) {
      const group = groupOf.get(m.seg.vlan.id)!;
      const vid = m.changes.vlan_id!;
      const key = `${group}|${vid}`;
      const existing = targets.get(key);
      const oldUnused = users.get(m.seg.vlan.id)!.size === 0;
      const siblings = movedFrom.get(m.seg.vlan.id)!;
      if (existing) {
        targetOf.set(m.id, existing.id);
        if (
          m.changes.epg_name !== undefined &&
          m.changes.epg_name !== existing.name
        ) {
          vlanPatches.set(existing.id, {
            body: { id: existing.id, name: m.changes.epg_name },
            before: { id: existing.id, name: existing.name },
            item: m,
          });
        }
        if (oldUnused) toDelete.add(m.seg.vlan.id);
        continue;
      }
      const pending = vlanCreates.find(c => c.key === key);
      if (pending) {
        pending.items.push(m);
        targetOf.set(m.id, `$vlans[${vlanCreates.indexOf(pending)}]`);
        if (oldUnused && !renumbered.has(m.seg.vlan.id))
          toDelete.add(m.seg.vlan.id);
        continue;
      }
      if (
        oldUnused &&
        siblings.every(s => s.changes.vlan_id === vid) &&
        !renumbered.has(m.seg.vlan.id)
      ) {
        // nothing else uses the old VLAN: give it the new VLAN id instead of delete + create, which
        // would clash on the (group, name) uniqueness while both exist
        renumbered.add(m.seg.vlan.id);
        targets.set(key, {
          id: m.seg.vlan.id,
          vid,
          name: m.changes.epg_name ?? m.seg.epgName,
        });
        targetOf.set(m.id, m.seg.vlan.id);
        vlanPatches.set(m.seg.vlan.id, {
          body: {
            id: m.seg.vlan.id,
            vid,
            ...(m.changes.epg_name !== undefined
              ? { name: m.changes.epg_name }
              : {}),
          },
          before: { id: m.seg.vlan.id, vid: m.seg.vlanId, name: m.seg.epgName },
          item: m,
        });
        continue;
      }
      const name = m.changes.epg_name ?? m.seg.epgName;
      if (!oldUnused && name === m.seg.epgName) {
        errors.push({
          index: m.index,
          id: m.id,
          field: 'changes.epg_name',
          message: `changes.epg_name is needed: VLAN ${m.seg.vlanId} '${m.seg.epgName}' stays (other prefixes use it), and a new VLAN ${vid} in the same group cannot have the same name`,
        });
        continue;
      }
      vlanCreates.push({
        key,
        items: [m],
        body: {
          vid,
          name,
          group,
          tenant: ref?.tenant?.id ?? null,
          role: ref?.role?.id ?? null,
          status: 'active',
          description: m.seg.description,
        },
      });
      targetOf.set(m.id, `$vlans[${vlanCreates.length - 1}]`);
      if (oldUnused) toDelete.add(m.seg.vlan.id);
    }

    for (const it of items) {
      const moved = targetOf.has(it.id);
      if (
        !moved &&
        it.changes.epg_name !== undefined &&
        it.changes.epg_name !== it.seg.epgName
      ) {
        const prior = vlanPatches.get(it.seg.vlan.id);
        if (prior && prior.body.name !== it.changes.epg_name) {
          errors.push({
            index: it.index,
            id: it.id,
            field: 'changes.epg_name',
            message: `changes.epg_name conflicts with item ${prior.item.index}: both rename VLAN ${it.seg.vlanId}`,
          });
          continue;
        }
        vlanPatches.set(it.seg.vlan.id, {
          body: { id: it.seg.vlan.id, name: it.changes.epg_name },
          before: { id: it.seg.vlan.id, name: it.seg.epgName },
          item: it,
        });
      }
      const patch: Record<string, unknown> = { id: it.id };
      const before: Record<string, unknown> = { id: it.id };
      if (moved && targetOf.get(it.id) !== it.seg.vlan.id) {
        patch.vlan = targetOf.get(it.id);
        before.vlan = it.seg.vlan.id;
      }
      if (
        it.changes.prefix !== undefined &&
        it.changes.prefix !== it.seg.prefix
      ) {
        patch.prefix = it.changes.prefix;
        before.prefix = it.seg.prefix;
      }
      if (
        it.changes.dhcp !== undefined ||
        it.changes.description !== undefined
      ) {
        Object.assign(
          patch,
          this.dhcpFields(
            it.changes.dhcp ?? it.seg.dhcp,
            it.changes.description ?? it.seg.description,
          ),
        );
        Object.assign(before, this.dhcpFields(it.seg.dhcp, it.seg.description));
      }
      if (Object.keys(patch).length > 1)
        prefixPatches.set(it.id, { body: patch, before, item: it });
    }
    if (errors.length > 0) throw new SegmentsValidationError(errors);

    const calls: PlannedCall[] = [];
    if (vlanCreates.length > 0)
      calls.push({
        method: 'POST',
        path: '/api/ipam/vlans/',
        body: vlanCreates.map(c => c.body),
        purpose: 'create the VLANs segments move to',
      });
    if (vlanPatches.size > 0)
      calls.push({
        method: 'PATCH',
        path: '/api/ipam/vlans/',
        body: [...vlanPatches.values()].map(p => p.body),
        purpose: 'rename VLANs (EPG names); renumber VLANs nothing else uses',
      });
    if (prefixPatches.size > 0)
      calls.push({
        method: 'PATCH',
        path: '/api/ipam/prefixes/',
        body: [...prefixPatches.values()].map(p => p.body),
        purpose: 'change prefixes, DHCP, and the VLAN of moved segments',
      });
    if (toDelete.size > 0)
      calls.push({
        method: 'DELETE',
        path: '/api/ipam/vlans/',
        body: [...toDelete].map(id => ({ id })),
        purpose: 'delete VLANs no prefix uses any more',
      });

    const afterOf = (it: Item): Segment => {
      const target = targetOf.get(it.id);
      const vid = it.changes.vlan_id ?? it.seg.vlanId;
      const name =
        it.changes.epg_name ??
        (typeof target === 'number'
          ? [...targets.values()].find(t => t.id === target)?.name
          : undefined) ??
        it.seg.epgName;
      return {
        ...it.seg,
        prefix: it.changes.prefix ?? it.seg.prefix,
        vlan: {
          id: typeof target === 'number' ? target : it.seg.vlan.id,
          vid,
          name,
        },
        vlanId: vid,
        epgName: name,
        dhcp: it.changes.dhcp ?? it.seg.dhcp,
        description: it.changes.description ?? it.seg.description,
      };
    };
    const diffOf = (it: Item) => {
      const after = afterOf(it);
      const b: Partial<Segment> = {};
      const a: Partial<Segment> = {};
      for (const k of [
        'prefix',
        'vlanId',
        'epgName',
        'dhcp',
        'description',
      ] as const) {
        if (after[k] !== it.seg[k]) {
          (b as Record<string, unknown>)[k] = it.seg[k];
          (a as Record<string, unknown>)[k] = after[k];
        }
      }
      return { id: it.id, before: b, after: a };
    };
    const diff: SegmentDiff = {
      update: items.map(diffOf),
      deleteVlans: [...toDelete].map(id => {
        const s = [...index.values()].find(x => x.vlan.id === id)!;
        return { id, vid: s.vlanId, name: s.epgName };
      }),
    };
    if (dryRun) return { dryRun, calls, diff };

    const changelogMessage = 'infra segments API';
    let created: VlanRow[] = [];
    const undo = async (patchedVlans: boolean) => {
      try {
        if (patchedVlans && vlanPatches.size > 0) {
          await this.netbox.update(
            'ipam/vlans',
            [...vlanPatches.values()].map(p => p.before as { id: number }),
            { changelogMessage: `${changelogMessage}: rollback` },
          );
        }
        if (created.length > 0) {
          await this.netbox.delete(
            'ipam/vlans',
            created.map(v => v.id),
            { changelogMessage: `${changelogMessage}: rollback` },
          );
        }
      } catch (e) {
        this.logger?.error(
          `Segments: rolling back a failed update failed: ${e}`,
        );
      }
    };
    const rethrow = (
      e: unknown,
      endpoint: string,
      itemsOfBody: Item[],
    ): never => {
      if (e instanceof NetboxValidationError) {
        throw new SegmentsValidationError(
          fromNetboxValidation(
            e,
            endpoint,
            itemsOfBody.map(i => i.index),
            'changes.',
            itemsOfBody.map(i => i.id),
          ),
        );
      }
      throw e;
    };

    if (vlanCreates.length > 0) {
      try {
        created = await this.netbox.create<VlanRow>(
          'ipam/vlans',
          vlanCreates.map(c => c.body),
          { changelogMessage },
        );
      } catch (e) {
        rethrow(
          e,
          'ipam/vlans',
          vlanCreates.map(c => c.items[0]),
        );
      }
      created.forEach((v, i) => targets.set(vlanCreates[i].key, v));
      for (const [id, t] of targetOf) {
        if (typeof t === 'string')
          targetOf.set(id, created[Number(/\d+/.exec(t)![0])].id);
      }
      for (const p of prefixPatches.values()) {
        if (typeof p.body.vlan === 'string')
          p.body.vlan = targetOf.get(p.item.id);
      }
    }
    if (vlanPatches.size > 0) {
      try {
        await this.netbox.update(
          'ipam/vlans',
          [...vlanPatches.values()].map(p => p.body as { id: number }),
          { changelogMessage },
        );
      } catch (e) {
        await undo(false);
        rethrow(
          e,
          'ipam/vlans',
          [...vlanPatches.values()].map(p => p.item),
        );
      }
    }
    let patched: PrefixRow[] = [];
    if (prefixPatches.size > 0) {
      try {
        patched = await this.netbox.update<PrefixRow>(
          'ipam/prefixes',
          [...prefixPatches.values()].map(p => p.body as { id: number }),
          { changelogMessage },
        );
      } catch (e) {
        await undo(true);
        rethrow(
          e,
          'ipam/prefixes',
          [...prefixPatches.values()].map(p => p.item),
        );
      }
    }

    // delete old VLANs: unused per the index, and confirmed by the PATCH result
    const keptVlans: Array<{ id: number; reason: string }> = [];
    const stillPointing = new Set(patched.map(p => p.vlan?.id));
    const deletable = [...toDelete].filter(id => {
      if (!stillPointing.has(id)) return true;
      keptVlans.push({
        id,
        reason: 'a prefix still points to it after the update',
      });
      return false;
    });
    if (deletable.length > 0) {
      try {
        await this.netbox.delete('ipam/vlans', deletable, { changelogMessage });
      } catch (e) {
        if (!(e instanceof NetboxConflictError)) throw e;
        // something the index did not know uses one of them: delete one by one, keep the rest
        this.index.delete(INDEX_KEY);
        for (const id of deletable) {
          try {
            await this.netbox.delete('ipam/vlans', id, { changelogMessage });
          } catch (inner) {
            if (!(inner instanceof NetboxConflictError)) throw inner;
            keptVlans.push({ id, reason: `NetBox refused: ${inner.message}` });
          }
        }
      }
    }

    const segments = items.map(afterOf);
    this.index.update(INDEX_KEY, map => {
      for (const s of segments) map.set(s.id, s);
      // renames reach every prefix of the VLAN
      for (const [vlanId, p] of vlanPatches) {
        for (const s of map.values()) {
          if (s.vlan.id === vlanId && typeof p.body.name === 'string') {
            map.set(s.id, {
              ...s,
              epgName: p.body.name,
              vlan: { ...s.vlan, name: p.body.name },
            });
          }
        }
      }
      return map;
    });
    return { dryRun, calls, diff, segments, keptVlans };
  }

  // ---------------------------------------------------------------- delete

  /** Deletes the VLAN with this NetBox id and every prefix that points to it. */
  async delete(
    vlanId: number,
    options: { dryRun?: boolean } = {},
  ): Promise<SegmentsWriteResult> {
    const dryRun = Boolean(options.dryRun);
    // an authoritative read: the index may miss a prefix added outside this API
    let results: PrefixRow[];
    try {
      ({ results } = await this.netbox.list<PrefixRow>('ipam/prefixes', {
        filters: { vlan_id: vlanId },
        fields: ['id', 'prefix'],
      }));
    } catch (e) {
      // NetBox answers a filter on an id that does not exist with 400 "Select a valid choice"
      if (
        e instanceof NetboxValidationError &&
        e.fieldErrors.some(f => f.field === 'vlan_id')
      ) {
        throw new NotFoundError(`No VLAN with id ${vlanId}`);
      }
      throw e;
    }
    const calls: PlannedCall[] = [];
    if (results.length > 0) {
      calls.push({
        method: 'DELETE',
        path: '/api/ipam/prefixes/',
        body: results.map(p => ({ id: p.id })),
        purpose: 'delete the prefixes of the VLAN',
      });
    }
    calls.push({
      method: 'DELETE',
      path: `/api/ipam/vlans/${vlanId}/`,
      body: null,
      purpose: 'delete the VLAN',
    });
    const cached = [...(this.index.peek(INDEX_KEY)?.values() ?? [])].find(
      s => s.vlan.id === vlanId,
    );
    const diff: SegmentDiff = {
      deleteVlans: [
        { id: vlanId, vid: cached?.vlanId ?? 0, name: cached?.epgName ?? '' },
      ],
    };
    if (dryRun) return { dryRun, calls, diff };
    if (results.length === 0) {
      // fail early with 404 before anything changes
      try {
        await this.netbox.delete('ipam/vlans', vlanId, {
          changelogMessage: 'infra segments API',
        });
      } catch (e) {
        if (e instanceof NotFoundError)
          throw new NotFoundError(`No VLAN with id ${vlanId}`);
        throw e;
      }
    } else {
      await this.netbox.delete(
        'ipam/prefixes',
        results.map(p => p.id),
        { changelogMessage: 'infra segments API' },
      );
      await this.netbox.delete('ipam/vlans', vlanId, {
        changelogMessage: 'infra segments API',
      });
    }
    this.index.update(INDEX_KEY, map => {
      for (const p of results) map.delete(p.id);
      return map;
    });
    return { dryRun, calls, diff };
  }
}
