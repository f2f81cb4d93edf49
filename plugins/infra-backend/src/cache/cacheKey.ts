import { createHash } from 'node:crypto';

/**
 * Version of the shapes stored in the cache. Bump it whenever a cached value changes shape: keys
 * carry it, so new code never reads entries written by old code. Old entries age out of Redis; in
 * the database they stay until their prefix (`infra:v<old>:`) is invalidated.
 */
export const CACHE_SCHEMA_VERSION = 1;

/** Every key of this plugin's cache starts with this, in all three layers. */
export const CACHE_KEY_ROOT = 'infra';

// Origin and path only: spelling variants of one vCenter share a namespace, and credentials
// embedded as user:password@ never reach the hash.
function normaliseUrl(raw: string): string {
  try {
    const url = new URL(raw.trim());
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return raw.trim();
  }
}

/**
 * The cache namespace of one vCenter connection: 16 hex digits of a SHA-256 of the URL and the
 * user. Two users may see different inventories (permissions), so they never share entries; the
 * password is deliberately not an input, so rotating it keeps the cache warm and no secret-derived
 * value ever reaches Redis or the database.
 */
export function cacheNamespace(identity: {
  vcenterUrl: string;
  username: string;
}): string {
  return createHash('sha256')
    .update(`${normaliseUrl(identity.vcenterUrl)}\n${identity.username}`)
    .digest('hex')
    .slice(0, 16);
}

/** The parts of a cache key; later parts may be left out to build a prefix. */
export interface CacheKeyParts {
  /** Defaults to {@link CACHE_SCHEMA_VERSION}. */
  version?: number;
  /** From {@link cacheNamespace}. */
  namespace: string;
  /** Resource kind, for example `templates` or `pools`. */
  kind: string;
  /** Resource id, for example a cluster's managed object id. */
  id: string;
}

// ':' separates the parts, so a part must not contain it or a prefix could match a sibling
const encodePart = (part: string) => part.replace(/[%:]/g, encodeURIComponent);

/** `infra:v<version>:<namespace>:<kind>:<id>` */
export function cacheKey(parts: CacheKeyParts): string {
  return `${cacheKeyPrefix(parts)}${encodePart(parts.id)}`;
}

/**
 * The prefix shared by all keys under a namespace, or under a kind of a namespace, for
 * `invalidatePrefix`. It ends with the separator, so the prefix of `domain-c7` never matches
 * `domain-c70`.
 */
export function cacheKeyPrefix(
  parts: Omit<CacheKeyParts, 'kind' | 'id'> & { kind?: string },
): string {
  const version = parts.version ?? CACHE_SCHEMA_VERSION;
  const head = `${CACHE_KEY_ROOT}:v${version}:${encodePart(parts.namespace)}:`;
  return parts.kind === undefined ? head : `${head}${encodePart(parts.kind)}:`;
}
