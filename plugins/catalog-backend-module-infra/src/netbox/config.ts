import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Where the DHCP flag of a prefix is stored: the segments API's `infra.segments.dhcp` setting
 * (`plugins/infra-backend/src/segments/config.ts`), read again here so the catalog shows the flag
 * that API writes.
 */
export type NetboxDhcpStorage =
  | { kind: 'customField'; name: string }
  | { kind: 'descriptionTag'; tag: string };

/** Which of the NetBox objects that are only joined today also become entities. */
export interface NetboxEntitySwitches {
  sites: boolean;
  siteGroups: boolean;
  tenants: boolean;
}

/** A NetBox instance's provider settings with every default applied. */
export interface NetboxProviderConfig {
  id: string;
  /** NetBox root, without `/api` and without a trailing slash: `https://netbox.example.com`. */
  url: string;
  token: string;
  /** Full reads. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Incremental reads (`last_updated__gte` plus id lists); undefined when off. */
  incremental?: SchedulerServiceTaskScheduleDefinition;
  owner: string;
  system?: string;
  /** Only objects of this tenant (slug or numeric id); VLAN groups and VRFs they use are kept. */
  tenant?: string | number;
  maxRemovalShare: number;
  /** NetBox calls in flight at once. */
  concurrency: number;
  /** `limit` asked for; NetBox clamps it to its MAX_PAGE_SIZE. */
  pageSize: number;
  requestTimeoutMs: number;
  entities: NetboxEntitySwitches;
  dhcp: NetboxDhcpStorage;
}

const ROOT = 'catalog.providers.netbox';
/** Ids go into entity names (`<id>-prefix-<netbox id>`, at most 63 characters), so they are short. */
const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

const DEFAULT_INCREMENTAL: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 2 },
  timeout: { minutes: 5 },
  initialDelay: { minutes: 1 },
};

/**
 * Reads every NetBox instance under `catalog.providers.netbox`, in its map form or its single-block
 * form (id `default`). Errors name the key and say how to fix it.
 */
export function readNetboxProviderConfigs(
  config: Config,
): NetboxProviderConfig[] {
  const root = config.getOptionalConfig(ROOT);
  if (!root) return [];
  const dhcp = readDhcpStorage(config);
  if (root.has('url')) return [readOne('default', root, ROOT, dhcp)];
  return root.keys().map(id => {
    if (!ID_PATTERN.test(id)) {
      throw new InputError(
        `${ROOT}: the id '${id}' must be 1-16 lowercase letters, digits or dashes (it becomes part of every entity name); rename the key`,
      );
    }
    return readOne(id, root.getConfig(id), `${ROOT}.${id}`, dhcp);
  });
}

/** `infra.segments.dhcp` with the segments API's defaults (a custom field named `dhcp`). */
function readDhcpStorage(config: Config): NetboxDhcpStorage {
  const c = config.getOptionalConfig('infra.segments.dhcp');
  const storage = c?.getOptionalString('storage') ?? 'customField';
  if (storage === 'customField') {
    return {
      kind: 'customField',
      name: c?.getOptionalString('customField') ?? 'dhcp',
    };
  }
  if (storage === 'descriptionTag') {
    return {
      kind: 'descriptionTag',
      tag: c?.getOptionalString('descriptionTag') ?? '[dhcp]',
    };
  }
  throw new InputError(
    `infra.segments.dhcp.storage must be customField or descriptionTag, not ${storage}`,
  );
}

function readOne(
  id: string,
  c: Config,
  path: string,
  dhcp: NetboxDhcpStorage,
): NetboxProviderConfig {
  const rawUrl = c.getString('url');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new InputError(
      `${path}.url: '${rawUrl}' is not a URL; write it as https://netbox.example.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`${path}.url must start with https:// or http://`);
  }
  if (url.search || url.hash) {
    throw new InputError(
      `${path}.url must not carry a query or fragment, got '${rawUrl}'`,
    );
  }
  const root = `${url.origin}${url.pathname
    .replace(/\/+$/, '')
    .replace(/\/api$/, '')}`;

  const token = c.getString('token').trim();
  if (!token) {
    throw new InputError(
      `${path}.token is empty; give a NetBox API token with read rights`,
    );
  }

  const positiveInt = (key: string, fallback: number) => {
    const value = c.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(
        `${path}.${key} must be a positive whole number, got ${value}`,
      );
    }
    return value;
  };
  const maxRemovalShare = c.getOptionalNumber('maxRemovalShare') ?? 0.2;
  if (!(maxRemovalShare >= 0 && maxRemovalShare <= 1)) {
    throw new InputError(
      `${path}.maxRemovalShare must be between 0 and 1 (a share of the entities), got ${maxRemovalShare}`,
    );
  }

  let tenant: string | number | undefined;
  if (c.has('tenant')) {
    const raw = c.get('tenant');
    if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) {
      tenant = raw;
    } else if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) {
      tenant = Number(raw.trim());
    } else if (typeof raw === 'string' && /^[-a-zA-Z0-9_]+$/.test(raw)) {
      tenant = raw;
    } else {
      throw new InputError(
        `${path}.tenant must be a tenant slug or numeric id, got ${JSON.stringify(
          raw,
        )}`,
      );
    }
  }

  const schedule = (key: string) =>
    readSchedulerServiceTaskScheduleDefinitionFromConfig(c.getConfig(key));
  let incremental: SchedulerServiceTaskScheduleDefinition | undefined;
  if (c.has('incremental')) {
    const raw = c.get('incremental');
    if (raw === true) incremental = DEFAULT_INCREMENTAL;
    else if (raw === false) incremental = undefined;
    else if (raw && typeof raw === 'object')
      incremental = schedule('incremental');
    else {
      throw new InputError(
        `${path}.incremental must be true, false or a schedule ({ frequency: { minutes: 2 }, timeout: { minutes: 5 } })`,
      );
    }
  }

  return {
    id,
    url: root,
    token,
    schedule: c.has('schedule') ? schedule('schedule') : DEFAULT_SCHEDULE,
    incremental,
    owner: c.getOptionalString('owner') ?? 'group:default/infrastructure',
    system: c.getOptionalString('system'),
    tenant,
    maxRemovalShare,
    concurrency: positiveInt('concurrency', 4),
    pageSize: positiveInt('pageSize', 1000),
    requestTimeoutMs: positiveInt('requestTimeoutMs', 60_000),
    entities: {
      sites: c.getOptionalBoolean('entities.sites') ?? true,
      siteGroups: c.getOptionalBoolean('entities.siteGroups') ?? true,
      tenants: c.getOptionalBoolean('entities.tenants') ?? true,
    },
    dhcp,
  };
}
