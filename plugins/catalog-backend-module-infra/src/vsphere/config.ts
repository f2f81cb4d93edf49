import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readVsphereLiveConfig, VsphereLiveConfig } from './live/config';

/** A vCenter's provider settings with every default applied. */
export interface VsphereProviderConfig {
  id: string;
  /** Always ends in `/sdk`. */
  url: string;
  username: string;
  password: string;
  tls: { ca?: string; skipTlsVerify: boolean };
  schedule: SchedulerServiceTaskScheduleDefinition;
  owner: string;
  system?: string;
  maxObjectsPerPage: number;
  requestTimeoutMs: number;
  maxRemovalShare: number;
  /** The WaitForUpdatesEx loop after the first full read. */
  live: VsphereLiveConfig;
  entities: {
    vms: boolean;
    templates: boolean;
    networks: boolean;
    include: RegExp[];
    exclude: RegExp[];
  };
  /** vSphere tags (vAPI REST) on the entities. */
  tags: {
    enabled: boolean;
    /** Only these categories (names, any case); all when empty. */
    categories: string[];
  };
}

const ROOT = 'catalog.providers.vsphere';
/** Ids go into entity names (`<id>-<moref>`, at most 63 characters), so they are short. */
const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 3 },
};

/**
 * Reads every vCenter under `catalog.providers.vsphere`, in its map form or its single-block form.
 * Errors name the key and say how to fix it.
 */
export function readVsphereProviderConfigs(
  config: Config,
): VsphereProviderConfig[] {
  const root = config.getOptionalConfig(ROOT);
  if (!root) return [];
  if (root.has('url')) return [readOne('default', root, ROOT)];
  return root.keys().map(id => {
    checkId(id);
    return readOne(id, root.getConfig(id), `${ROOT}.${id}`);
  });
}

function checkId(id: string) {
  if (!ID_PATTERN.test(id)) {
    throw new InputError(
      `${ROOT}: the id '${id}' must be 1-16 lowercase letters, digits or dashes (it becomes part of every entity name); rename the key`,
    );
  }
}

function readOne(id: string, c: Config, path: string): VsphereProviderConfig {
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

  const positive = (key: string, fallback: number) => {
    const value = c.getOptionalNumber(key) ?? fallback;
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new InputError(
        `${path}.${key} must be a positive number, got ${value}`,
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
  const patterns = (key: string) =>
    (c.getOptionalStringArray(`entities.${key}`) ?? []).map((p, i) => {
      try {
        return new RegExp(p);
      } catch (e) {
        throw new InputError(
          `${path}.entities.${key}[${i}] is not a valid regular expression: ${
            (e as Error).message
          }`,
        );
      }
    });

  return {
    id,
    url: url.toString(),
    username: c.getString('username'),
    password: c.getString('password'),
    tls: {
      ca: c.getOptionalString('tls.ca'),
      skipTlsVerify: c.getOptionalBoolean('tls.skipTlsVerify') ?? false,
    },
    schedule: c.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          c.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    owner: c.getOptionalString('owner') ?? 'group:default/infrastructure',
    system: c.getOptionalString('system'),
    maxObjectsPerPage: Math.floor(positive('maxObjectsPerPage', 1000)),
    requestTimeoutMs: positive('requestTimeoutMs', 120_000),
    maxRemovalShare,
    live: readVsphereLiveConfig(c, path),
    entities: {
      vms: c.getOptionalBoolean('entities.vms') ?? true,
      templates: c.getOptionalBoolean('entities.templates') ?? true,
      networks: c.getOptionalBoolean('entities.networks') ?? true,
      include: patterns('include'),
      exclude: patterns('exclude'),
    },
    tags: {
      enabled: c.getOptionalBoolean('tags.enabled') ?? true,
      categories: c.getOptionalStringArray('tags.categories') ?? [],
    },
  };
}
