const MINUTE = 60_000;

/** Default freshness per resource kind; kinds not listed get {@link DEFAULT_CACHE_TTL_MS}. */
export const DEFAULT_CACHE_TTLS_MS: Readonly<Record<string, number>> = {
  pools: 5 * MINUTE,
  networks: 5 * MINUTE,
  datastores: 5 * MINUTE,
  // templates change rarely and are the most expensive list to build
  templates: 15 * MINUTE,
  // triggered alarms are read live: a short TTL only spares vCenter when many people look
  alarms: 30_000,
};

export const DEFAULT_CACHE_TTL_MS = 5 * MINUTE;

/** How long entries of `kind` stay fresh: the configured override, else the default. */
export function cacheTtlMs(
  kind: string,
  overrides: Readonly<Record<string, number>> = {},
): number {
  const ttl =
    overrides[kind] ?? DEFAULT_CACHE_TTLS_MS[kind] ?? DEFAULT_CACHE_TTL_MS;
  if (!(ttl > 0)) {
    throw new RangeError(`Cache TTL of ${kind} must be > 0 ms, got ${ttl}`);
  }
  return ttl;
}
