import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** What the resources API needs of one vCenter, read from `catalog.providers.vsphere`. */
export interface ResourcesVcenter {
  /** The key under `catalog.providers.vsphere`, or `default` for the single-block form. */
  id: string;
  /** Always ends in `/sdk`. */
  url: string;
  username: string;
  password: string;
  tls: { ca?: string; skipTlsVerify: boolean };
  requestTimeoutMs: number;
}

/** The resources API's settings with defaults applied. */
export interface ResourcesConfig {
  vcenters: ResourcesVcenter[];
  /** Cache TTL overrides per kind (`datacenters`, `clusters`, `pools`, `networks`, `datastores`, `templates`, `alarms`). */
  ttlsMs: Record<string, number>;
  templates: {
    /** How long a request waits for templates before answering without them. Default 10 s. */
    timeoutMs: number;
    /** At most this many templates per cluster, the first by name. Default 200. */
    limit: number;
  };
}

const VSPHERE = 'catalog.providers.vsphere';
const RESOURCES = 'infra.resources';
export const RESOURCE_KINDS = [
  'datacenters',
  'clusters',
  'pools',
  'networks',
  'datastores',
  'templates',
  'alarms',
] as const;

function positive(c: Config, key: string, path: string, fallback: number) {
  const value = c.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InputError(
      `${path}.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

function readVcenter(id: string, c: Config, path: string): ResourcesVcenter {
  const rawUrl = c.getString('url');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new InputError(
      `${path}.url: '${rawUrl}' is not a URL; write it as https://vcenter.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `${path}.url must start with https:// (or http:// for a simulator)`,
    );
  }
  if (!url.pathname.endsWith('/sdk')) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/sdk`;
  }
  return {
    id,
    url: url.toString(),
    username: c.getString('username'),
    password: c.getString('password'),
    tls: {
      ca: c.getOptionalString('tls.ca'),
      skipTlsVerify: c.getOptionalBoolean('tls.skipTlsVerify') ?? false,
    },
    requestTimeoutMs: positive(c, 'requestTimeoutMs', path, 120_000),
  };
}

/**
 * Reads the vCenters of `catalog.providers.vsphere` (map or single-block form, like the catalog
 * module) and the `infra.resources` settings.
 */
export function readResourcesConfig(config: Config): ResourcesConfig {
  const root = config.getOptionalConfig(VSPHERE);
  let vcenters: ResourcesVcenter[] = [];
  if (root?.has('url')) vcenters = [readVcenter('default', root, VSPHERE)];
  else if (root) {
    vcenters = root
      .keys()
      .map(id => readVcenter(id, root.getConfig(id), `${VSPHERE}.${id}`));
  }

  const resources = config.getOptionalConfig(RESOURCES);
  const ttlsMs: Record<string, number> = {};
  const ttls = resources?.getOptionalConfig('ttlSeconds');
  for (const kind of ttls?.keys() ?? []) {
    if (!(RESOURCE_KINDS as readonly string[]).includes(kind)) {
      throw new InputError(
        `${RESOURCES}.ttlSeconds.${kind} is not a resource kind; use one of ${RESOURCE_KINDS.join(
          ', ',
        )}`,
      );
    }
    ttlsMs[kind] = positive(ttls!, kind, `${RESOURCES}.ttlSeconds`, 1) * 1000;
  }
  const templates = resources?.getOptionalConfig('templates');
  return {
    vcenters,
    ttlsMs,
    templates: {
      timeoutMs: templates
        ? positive(templates, 'timeoutMs', `${RESOURCES}.templates`, 10_000)
        : 10_000,
      limit: Math.floor(
        templates
          ? positive(templates, 'limit', `${RESOURCES}.templates`, 200)
          : 200,
      ),
    },
  };
}
