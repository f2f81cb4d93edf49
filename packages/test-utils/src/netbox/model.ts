import { NetboxEmulatorState, Row } from './state';
import { formatTimestamp } from './timestamps';

export type Json =
  | null
  | boolean
  | number
  | string
  | Json[]
  | { [key: string]: Json };
export type JsonObj = { [key: string]: Json };

/** DRF-style field errors: `{"vid": ["Ensure this value is less than or equal to 4094."]}`. */
export type FieldErrors = Record<string, string[]>;

/** How a filter reads its value from a row and parses query values. */
export type FilterDef =
  /** MultiValueNumberFilter: any integer, no existence check. */
  | { kind: 'number'; get: (row: Row, ctx: Ctx) => number | null | undefined }
  /** MultiValueCharFilter: exact match. */
  | { kind: 'string'; get: (row: Row, ctx: Ctx) => string | null | undefined }
  /** Choice filter: values outside the choices are a 400. */
  | {
      kind: 'choice';
      choices: Record<string, string>;
      get: (row: Row) => string | null | undefined;
    }
  /**
   * ModelMultipleChoiceFilter on `to`: ids must exist (400 otherwise), `null` matches unset; with
   * `tree`, an id matches its descendants too (TreeNodeMultipleChoiceFilter).
   */
  | {
      kind: 'fk';
      to: string;
      tree?: boolean;
      get: (row: Row, ctx: Ctx) => number | null | undefined;
    }
  /** `__gte`/`__lte` on a timestamp. */
  | {
      kind: 'datetime';
      op: 'gte' | 'lte';
      get: (row: Row) => number | null | undefined;
    }
  /** Anything else; `match` sees every value given for the name. */
  | {
      kind: 'custom';
      /** Single-value filters (`within`) use only the last value, as Django's `GET.get` does. */
      single?: boolean;
      match: (row: Row, values: string[], ctx: Ctx) => boolean;
    };

/** How a writable field validates input and stores it. */
export type FieldSpec =
  | { kind: 'int'; min?: number; max?: number; nullable?: boolean }
  | { kind: 'decimal'; nullable?: boolean }
  | { kind: 'string'; max?: number; nullable?: boolean; slug?: boolean }
  | { kind: 'bool' }
  | { kind: 'choice'; choices: Record<string, string>; nullable?: boolean }
  | { kind: 'fk'; to: string; nullable?: boolean }
  | { kind: 'cidr' }
  | { kind: 'contentType'; allowed: string[]; nullable?: boolean }
  | { kind: 'ranges' }
  | { kind: 'customFields' }
  /** Lists of related objects we do not model (tags, asns, route targets): only `[]` is accepted. */
  | { kind: 'emptyList' }
  /** Accepted and ignored (`changelog_message`, JSON blobs we do not model). */
  | { kind: 'ignored' };

export interface Relation {
  /** Endpoint whose rows hold the reference. */
  from: string;
  field: string;
  onDelete: 'protect' | 'setNull' | 'cascade';
}

export interface ModelDef {
  endpoint: string;
  /** Served over HTTP; the rest only appear nested (regions, device types...). */
  served: boolean;
  /** Model verbose name, as in `No VLAN matches the given query.` */
  verboseName: string;
  /** UI path for `display_url`. */
  uiPath: string;
  /** `app_label.model`, for scope fields. */
  contentType: string;
  /** OpenAPI component schema of the full representation. */
  schema?: string;
  display(row: Row, ctx: Ctx): string;
  /** Full representation, keys in NetBox's serializer order. */
  full?(row: Row, ctx: Ctx): JsonObj;
  /** `?brief=1` representation (NetBox's `brief_fields`, with annotated counts). */
  brief(row: Row, ctx: Ctx): JsonObj;
  /** Representation inside another object (brief fields, counts not annotated). */
  nested(row: Row, ctx: Ctx): JsonObj;
  filters: Record<string, FilterDef>;
  fields: Record<string, FieldSpec>;
  required: string[];
  defaults?: () => Record<string, unknown>;
  /** Unique together; skipped when any value is null, as DRF's UniqueTogetherValidator does. */
  uniqueTogether?: string[][];
  /** Single-field unique, with the field's verbose name for the message. */
  unique?: Array<{ field: string; label: string }>;
  /** Custom fields defined for the model. */
  customFields?: string[];
  /** Tree models: the parent field. */
  parentField?: string;
  /** `Model.clean()`: cross-field rules, run on the merged row. */
  clean?(row: Row, ctx: Ctx): FieldErrors | string | undefined;
  /** Keep derived data right after a save (prefix depth and children). */
  afterSave?(row: Row, before: Row | undefined, ctx: Ctx): void;
  afterDelete?(row: Row, ctx: Ctx): void;
  /** References to this model from other tables. */
  relations?: Relation[];
}

/** Per-request serialization context: absolute URLs from the request's host, memoized counts. */
export class Ctx {
  private readonly memo = new Map<string, Map<number, number>>();

  constructor(
    readonly state: NetboxEmulatorState,
    readonly models: Map<string, ModelDef>,
    /** `http://host:port` as the client addressed us; NetBox builds links from the Host header. */
    readonly base: string,
  ) {}

  model(endpoint: string): ModelDef {
    const m = this.models.get(endpoint);
    if (!m) throw new Error(`No emulator model for ${endpoint}`);
    return m;
  }

  apiUrl(endpoint: string, id: number): string {
    return `${this.base}/api/${endpoint}/${id}/`;
  }

  uiUrl(uiPath: string, id: number): string {
    return `${this.base}/${uiPath}/${id}/`;
  }

  row(endpoint: string, id: unknown): Row | undefined {
    return typeof id === 'number' ? this.state.get(endpoint, id) : undefined;
  }

  /** Nested representation of `endpoint` `id`, or null. */
  nested(endpoint: string, id: unknown): JsonObj | null {
    const row = this.row(endpoint, id);
    return row ? this.model(endpoint).nested(row, this) : null;
  }

  /**
   * Counts of `from` rows per value of `field` (or of `key`, which `field` then names), computed
   * once per request.
   */
  countBy(
    from: string,
    field: string,
    key: (row: Row) => unknown = r => r[field],
  ): (id: number) => number {
    const name = `${from}:${field}`;
    let counts = this.memo.get(name);
    if (!counts) {
      counts = new Map();
      for (const r of this.state.rows(from)) {
        const k = key(r);
        if (typeof k === 'number') counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      this.memo.set(name, counts);
    }
    const c = counts;
    return id => c.get(id) ?? 0;
  }

  /** Depth of a row in a tree model (0 for roots). */
  depth(endpoint: string, row: Row): number {
    const parentField = this.model(endpoint).parentField ?? 'parent';
    let depth = 0;
    let current: Row | undefined = row;
    const seen = new Set<number>();
    while (
      current &&
      typeof current[parentField] === 'number' &&
      !seen.has(current.id)
    ) {
      seen.add(current.id);
      current = this.row(endpoint, current[parentField]);
      if (current) depth++;
    }
    return depth;
  }

  /** `id` and every descendant of it in a tree model. */
  descendants(endpoint: string, id: number): Set<number> {
    const parentField = this.model(endpoint).parentField ?? 'parent';
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const r of this.state.rows(endpoint)) {
        if (!out.has(r.id) && out.has(r[parentField] as number)) {
          out.add(r.id);
          grew = true;
        }
      }
    }
    return out;
  }
}

/** `{value, label}` as NetBox's ChoiceField renders it; null for unset (and for ''). */
export function choice(value: unknown, choices: Record<string, string>): Json {
  if (value === null || value === undefined || value === '') return null;
  return { value: value as string, label: choices[value as string] ?? '' };
}

/** id, url, display_url, display: the head of every full representation. */
export function head(m: ModelDef, row: Row, ctx: Ctx): JsonObj {
  return {
    id: row.id,
    url: ctx.apiUrl(m.endpoint, row.id),
    display_url: ctx.uiUrl(m.uiPath, row.id),
    display: m.display(row, ctx),
  };
}

/** id, url, display: the head of brief and nested representations. */
export function briefHead(m: ModelDef, row: Row, ctx: Ctx): JsonObj {
  return {
    id: row.id,
    url: ctx.apiUrl(m.endpoint, row.id),
    display: m.display(row, ctx),
  };
}

export function customFieldsOf(m: ModelDef, row: Row): JsonObj {
  const stored = (row.custom_fields ?? {}) as JsonObj;
  const out: JsonObj = {};
  for (const name of m.customFields ?? []) out[name] = stored[name] ?? null;
  return out;
}

/** tags, custom_fields, created, last_updated. */
export function tail(m: ModelDef, row: Row): JsonObj {
  return {
    tags: [],
    custom_fields: customFieldsOf(m, row),
    created: formatTimestamp(row.created),
    last_updated: formatTimestamp(row.last_updated),
  };
}

/** The string or '' (DRF renders blank CharFields as ''). */
export function str(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Python's float repr for whole numbers (`12.0`), as NetBox's rounded utilization prints. */
export function pyFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
