import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_EPG_NAME_PATTERN } from '@infra-inventory/plugin-infra-common';

/** How the DHCP flag of a segment is stored on its prefix. */
export type DhcpStorage =
  | { kind: 'customField'; name: string }
  | { kind: 'descriptionTag'; tag: string };

/** `infra.segments` with defaults applied. */
export interface SegmentsConfig {
  /** Tenant (name or slug) set on every VLAN and prefix created; unset leaves it empty. */
  tenant?: string;
  /** IPAM role (name or slug) set on every VLAN and prefix created. */
  role?: string;
  /** Name of the VLAN group of a segment; `{vrf}` and `{siteGroup}` are replaced by names. */
  vlanGroupTemplate: string;
  /** EPG names (the VLAN name) must match this. */
  epgNamePattern: RegExp;
  /** How long site groups, tenants, roles, VRFs and VLAN groups are reused. */
  referenceTtlMs: number;
  /** How long the segment (prefix) index is reused; writes through this API keep it current. */
  indexTtlMs: number;
  /** How long a request id is remembered for retries. */
  idempotencyTtlMs: number;
  dhcp: DhcpStorage;
  /**
   * The NetBox to write to: `infra.segments.netbox`, else the catalog's `catalog.providers.netbox`
   * (its single-block form, the instance named by `infra.segments.netboxInstance`, or its only
   * instance); undefined when none is configured.
   */
  netbox?: { baseUrl: string; token: string };
}

export const SEGMENT_DEFAULTS = {
  vlanGroupTemplate: '{vrf}-ClickCluster-{siteGroup}',
  epgNamePattern: DEFAULT_EPG_NAME_PATTERN,
  referenceTtlSeconds: 600,
  indexTtlSeconds: 60,
  idempotencyTtlSeconds: 86400,
  dhcpCustomField: 'dhcp',
  dhcpDescriptionTag: '[dhcp]',
} as const;

function seconds(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(
      `infra.segments.${key} must be a number of seconds >= 0`,
    );
  }
  return value * 1000;
}

function readNetbox(
  root: Config,
  c: Config | undefined,
): { baseUrl: string; token: string } | undefined {
  const own = c?.getOptionalConfig('netbox');
  if (own)
    return { baseUrl: own.getString('url'), token: own.getString('token') };
  const catalog = root.getOptionalConfig('catalog.providers.netbox');
  if (!catalog) return undefined;
  let instance = catalog;
  if (!catalog.has('url')) {
    const wanted = c?.getOptionalString('netboxInstance');
    const ids = catalog.keys();
    if (wanted) {
      if (!ids.includes(wanted)) {
        throw new InputError(
          `infra.segments.netboxInstance '${wanted}' is not under catalog.providers.netbox (${ids.join(
            ', ',
          )})`,
        );
      }
      instance = catalog.getConfig(wanted);
    } else if (ids.length === 1) {
      instance = catalog.getConfig(ids[0]);
    } else {
      throw new InputError(
        `Several NetBox instances are configured (${ids.join(
          ', ',
        )}); name the one segments are written to in infra.segments.netboxInstance`,
      );
    }
  }
  return {
    baseUrl: instance.getString('url'),
    token: instance.getString('token').trim(),
  };
}

/** Reads `infra.segments` (every key optional). */
export function readSegmentsConfig(root: Config): SegmentsConfig {
  const c = root.getOptionalConfig('infra.segments');
  const template =
    c?.getOptionalString('vlanGroupTemplate') ??
    SEGMENT_DEFAULTS.vlanGroupTemplate;
  if (!template.includes('{siteGroup}')) {
    throw new InputError(
      'infra.segments.vlanGroupTemplate must contain {siteGroup}, or every site group would share one VLAN group',
    );
  }
  const pattern =
    c?.getOptionalString('epgNamePattern') ?? SEGMENT_DEFAULTS.epgNamePattern;
  let epgNamePattern: RegExp;
  try {
    epgNamePattern = new RegExp(pattern);
  } catch (e) {
    throw new InputError(
      `infra.segments.epgNamePattern is not a valid regular expression: ${e}`,
    );
  }
  const storage = c?.getOptionalString('dhcp.storage') ?? 'customField';
  let dhcp: DhcpStorage;
  if (storage === 'customField') {
    dhcp = {
      kind: 'customField',
      name:
        c?.getOptionalString('dhcp.customField') ??
        SEGMENT_DEFAULTS.dhcpCustomField,
    };
  } else if (storage === 'descriptionTag') {
    dhcp = {
      kind: 'descriptionTag',
      tag:
        c?.getOptionalString('dhcp.descriptionTag') ??
        SEGMENT_DEFAULTS.dhcpDescriptionTag,
    };
  } else {
    throw new InputError(
      `infra.segments.dhcp.storage must be customField or descriptionTag, not ${storage}`,
    );
  }
  return {
    tenant: c?.getOptionalString('tenant') || undefined,
    role: c?.getOptionalString('role') || undefined,
    vlanGroupTemplate: template,
    epgNamePattern,
    referenceTtlMs: seconds(
      c,
      'referenceTtlSeconds',
      SEGMENT_DEFAULTS.referenceTtlSeconds,
    ),
    indexTtlMs: seconds(c, 'indexTtlSeconds', SEGMENT_DEFAULTS.indexTtlSeconds),
    idempotencyTtlMs: seconds(
      c,
      'idempotencyTtlSeconds',
      SEGMENT_DEFAULTS.idempotencyTtlSeconds,
    ),
    dhcp,
    netbox: readNetbox(root, c),
  };
}
