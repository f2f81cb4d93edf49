import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { sharedPath } from '../shared';

/** NetBox 4.3 OpenAPI schema beside the repository (see ../shared/netbox/NOTICE.md). */
export const NETBOX_OPENAPI_PATH = sharedPath('netbox', 'openapi.yaml');

type Node = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Node>>;
  components: { schemas: Record<string, Node> };
}

/** Parses the 4 MB YAML schema (about 2 s). */
export function loadOpenApi(
  path: string = NETBOX_OPENAPI_PATH,
): OpenApiDocument {
  return parse(readFileSync(path, 'utf8'), {
    maxAliasCount: -1,
  }) as OpenApiDocument;
}

/** Names of the query parameters of `GET path` (a list operation), e.g. `/api/ipam/vlans/`. */
export function listParameterNames(
  doc: OpenApiDocument,
  path: string,
): string[] {
  const op = doc.paths[path]?.get as
    | { parameters?: Array<{ name?: string }> }
    | undefined;
  if (!op) throw new Error(`The OpenAPI schema has no GET ${path}`);
  return (op.parameters ?? [])
    .map(p => p.name)
    .filter((n): n is string => Boolean(n));
}

const ID = 'netbox';
const REF = '#/components/schemas/';

/**
 * Where the post-processed 4.3 schema (go-netbox's fix-spec.py stripped null from nullable choice
 * fields) is stricter than NetBox itself: an unset choice field is rendered as `null`.
 */
export const NULLABLE_CHOICE_OVERRIDES: ReadonlyArray<
  [schema: string, property: string]
> = [
  ['VLAN', 'qinq_role'],
  ['DeviceWithConfigContext', 'face'],
  ['DeviceWithConfigContext', 'airflow'],
];

/**
 * Components the 4.3 schema gets wrong, replaced wholesale. `IntegerRange` is one `[lower, upper]`
 * pair in NetBox's answers, but the schema nests it once more, so `vid_ranges` reads `[[[1, 4094]]]`
 * (netbox-community/netbox#20494, fixed in 4.4).
 */
export const COMPONENT_FIXES: Readonly<Record<string, unknown>> = {
  IntegerRange: {
    type: 'array',
    items: { type: 'integer' },
    minItems: 2,
    maxItems: 2,
  },
};

/** `?brief=1` item schemas per model schema; the 4.3 schema has no BriefPrefix (see below). */
export const BRIEF_SCHEMAS: Readonly<Record<string, string>> = {
  VLAN: 'BriefVLAN',
  VLANGroup: 'BriefVLANGroup',
  VRF: 'BriefVRF',
  Role: 'BriefRole',
  Site: 'BriefSite',
  SiteGroup: 'BriefSiteGroup',
  Tenant: 'BriefTenant',
  DeviceWithConfigContext: 'BriefDevice',
  VirtualMachineWithConfigContext: 'BriefVirtualMachine',
};

export interface ConvertOptions {
  /**
   * Objects that list `properties` and say nothing about others get `additionalProperties: false`.
   * drf-spectacular lists every serializer field, so an unlisted key is drift, not an extension.
   */
  closeObjects: boolean;
}

/** OpenAPI 3.0 schema object to JSON Schema (draft-07) as Ajv reads it. */
export function toJsonSchema(node: unknown, options: ConvertOptions): unknown {
  if (Array.isArray(node)) return node.map(n => toJsonSchema(n, options));
  if (!node || typeof node !== 'object') return node;
  const src = node as Node;
  if (typeof src.$ref === 'string') {
    if (!src.$ref.startsWith(REF))
      throw new Error(`Unsupported $ref ${src.$ref}`);
    const ref = { $ref: `${ID}#/definitions/${src.$ref.slice(REF.length)}` };
    return src.nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(src)) {
    if (
      key === 'nullable' ||
      key === 'example' ||
      key === 'discriminator' ||
      key.startsWith('x-')
    ) {
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, options)]),
      );
    } else if (key === 'additionalProperties' && typeof value === 'object') {
      out.additionalProperties = toJsonSchema(value, options);
    } else if (['items', 'allOf', 'anyOf', 'oneOf', 'not'].includes(key)) {
      out[key] = toJsonSchema(value, options);
    } else {
      out[key] = value;
    }
  }
  // OpenAPI 3.0 keeps draft-04 boolean exclusive bounds; draft-07 wants the bound itself
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else {
        delete out[flag];
      }
    }
  }
  if (
    options.closeObjects &&
    out.properties &&
    out.additionalProperties === undefined &&
    !out.allOf &&
    !out.anyOf &&
    !out.oneOf
  ) {
    out.additionalProperties = false;
  }
  if (src.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null))
        out.enum = [...out.enum, null];
    } else {
      const { readOnly, description, title, ...rest } = out;
      const annotations = { readOnly, description, title };
      return Object.keys(rest).length === 0
        ? annotations
        : { ...annotations, anyOf: [rest, { type: 'null' }] };
    }
  }
  return out;
}

/** Error bodies: NetBox's own shapes, which the schema does not describe at all. */
const ERROR_BODY_SCHEMA = {
  anyOf: [
    {
      type: 'object',
      required: ['detail'],
      properties: { detail: { type: 'string' } },
      additionalProperties: false,
    },
    {
      type: 'object',
      minProperties: 1,
      not: { required: ['detail'] },
      additionalProperties: {
        type: 'array',
        minItems: 1,
        items: { type: 'string' },
      },
    },
    {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: {
          type: 'array',
          minItems: 1,
          items: { type: 'string' },
        },
      },
    },
  ],
};

export interface ResponseCheck {
  method: string;
  /** OpenAPI path template, e.g. `/api/ipam/vlans/{id}/`. */
  route: string;
  status: number;
  body: unknown;
  /** Model schema of the objects (`VLAN`), needed for brief lists and bulk creates. */
  schema?: string;
  mode: 'full' | 'brief' | 'fields' | 'omit';
  /** The request body was a list (bulk write). */
  bulk?: boolean;
}

export interface CheckResult {
  /** What the body was validated against, for reports. */
  against: string;
  errors: string[];
}

/**
 * Validates NetBox responses against the response schema of their operation, with the exemptions
 * listed in this file (and nothing else) made explicit.
 */
export class NetboxContract {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly doc: OpenApiDocument,
    options: ConvertOptions = { closeObjects: true },
  ) {
    const definitions: Node = {};
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      definitions[name] = toJsonSchema(schema, options);
    }
    Object.assign(definitions, COMPONENT_FIXES);
    for (const [schema, property] of NULLABLE_CHOICE_OVERRIDES) {
      const props = (definitions[schema] as { properties: Node }).properties;
      props[property] = { anyOf: [props[property], { type: 'null' }] };
    }
    // brief prefixes carry NetBox's brief_fields; the 4.3 schema only has the full Prefix, whose
    // required `children` is not a brief field
    const prefix = definitions.Prefix as { required: string[] };
    definitions.BriefPrefixDerived = {
      ...prefix,
      required: prefix.required.filter(r => r !== 'children'),
    };
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateFormats: true,
    });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: ID, definitions });
  }

  /** The JSON Schema a component validates against (for negative controls in tests). */
  validateComponent(name: string, value: unknown): string[] {
    return this.run(
      `component:${name}`,
      () => ({ $ref: `${ID}#/definitions/${name}` }),
      value,
    );
  }

  check(c: ResponseCheck): CheckResult {
    const method = c.method.toLowerCase();
    if (c.status >= 400) {
      return {
        against: 'NetBox error body',
        errors: this.run('error', () => ERROR_BODY_SCHEMA, c.body),
      };
    }
    if (c.status === 204) {
      return {
        against: '204 without body',
        errors: c.body === undefined ? [] : ['204 with a body'],
      };
    }
    const op = this.doc.paths[c.route]?.[method] as
      | {
          responses?: Record<
            string,
            { content?: Record<string, { schema?: unknown }> }
          >;
        }
      | undefined;
    const responseSchema =
      op?.responses?.[String(c.status)]?.content?.['application/json']?.schema;
    if (!responseSchema) {
      return {
        against: 'nothing',
        errors: [
          `The schema has no ${c.status} JSON response for ${c.method} ${c.route}`,
        ],
      };
    }
    if (c.mode === 'brief' && c.schema) {
      const brief =
        BRIEF_SCHEMAS[c.schema] ??
        (c.schema === 'Prefix' ? 'BriefPrefixDerived' : undefined);
      if (!brief)
        return {
          against: 'nothing',
          errors: [`No brief schema for ${c.schema}`],
        };
      const item = { $ref: `${ID}#/definitions/${brief}` };
      const isList = !c.route.endsWith('{id}/');
      const key = `brief:${brief}:${isList}`;
      return {
        against: isList ? `paginated ${brief}` : brief,
        errors: this.run(
          key,
          () =>
            isList
              ? {
                  type: 'object',
                  required: ['count', 'results'],
                  additionalProperties: false,
                  properties: {
                    count: { type: 'integer' },
                    next: { type: ['string', 'null'], format: 'uri' },
                    previous: { type: ['string', 'null'], format: 'uri' },
                    results: { type: 'array', items: item },
                  },
                }
              : item,
          c.body,
        ),
      };
    }
    const converted = () =>
      toJsonSchema(responseSchema, { closeObjects: true });
    // drf-spectacular documents POST on a list endpoint as single-object only; NetBox also takes a
    // list and answers with a list of the same objects
    if (method === 'post' && c.bulk) {
      return {
        against: `list of ${c.method} ${c.route} ${c.status}`,
        errors: this.run(
          `bulk:${c.route}:${c.status}`,
          () => ({ type: 'array', items: converted() }),
          c.body,
        ),
      };
    }
    return {
      against: `${c.method} ${c.route} ${c.status}`,
      errors: this.run(`${method}:${c.route}:${c.status}`, converted, c.body),
    };
  }

  private run(key: string, schema: () => unknown, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema() as object);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      e =>
        `${e.instancePath || '(root)'} ${e.message}${
          e.params ? ` ${JSON.stringify(e.params)}` : ''
        }`,
    );
  }
}
