import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Settings of a vCenter's live update loop (`catalog.providers.vsphere.<id>.live`). */
export interface VsphereLiveConfig {
  /** Run the WaitForUpdatesEx loop after the first full read. */
  enabled: boolean;
  /** `WaitOptions.maxWaitSeconds` of each WaitForUpdatesEx. */
  maxWaitSeconds: number;
  /** `WaitOptions.maxObjectUpdates`: vCenter truncates above it and the loop calls again. */
  maxObjectUpdates: number;
  /** Updates arriving within this window become one catalog delta. */
  batchWindowMs: number;
  /**
   * Most entities (changed plus removed) in one catalog `delta` mutation: a larger batch is split
   * into several mutations applied in order, so the first entities are readable sooner.
   */
  maxEntitiesPerDelta: number;
  /** First pause after a failure; doubles up to `maxBackoffMs`, with jitter. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** A lease not renewed for this long is taken over by another replica. */
  leaseTtlMs: number;
  /** How often the holder renews (and others try to take over). */
  leaseRenewMs: number;
}

export const DEFAULT_LIVE_CONFIG: VsphereLiveConfig = {
  enabled: true,
  maxWaitSeconds: 30,
  maxObjectUpdates: 500,
  batchWindowMs: 250,
  maxEntitiesPerDelta: 100,
  initialBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  leaseTtlMs: 45_000,
  leaseRenewMs: 15_000,
};

/**
 * Reads the `live` block of one vCenter's provider config (`provider` is the block holding
 * `url`, `username`, ...). Every key is optional.
 */
export function readVsphereLiveConfig(
  provider: Config | undefined,
  path = 'catalog.providers.vsphere.<id>',
): VsphereLiveConfig {
  const c = provider?.getOptionalConfig('live');
  if (!c) return { ...DEFAULT_LIVE_CONFIG };
  const positive = (key: keyof VsphereLiveConfig) => {
    const value = c.getOptionalNumber(key) ?? Number(DEFAULT_LIVE_CONFIG[key]);
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new InputError(
        `${path}.live.${key} must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  const out: VsphereLiveConfig = {
    enabled: c.getOptionalBoolean('enabled') ?? DEFAULT_LIVE_CONFIG.enabled,
    maxWaitSeconds: Math.floor(positive('maxWaitSeconds')),
    maxObjectUpdates: Math.floor(positive('maxObjectUpdates')),
    batchWindowMs: positive('batchWindowMs'),
    maxEntitiesPerDelta: Math.max(
      1,
      Math.floor(positive('maxEntitiesPerDelta')),
    ),
    initialBackoffMs: positive('initialBackoffMs'),
    maxBackoffMs: positive('maxBackoffMs'),
    leaseTtlMs: positive('leaseTtlMs'),
    leaseRenewMs: positive('leaseRenewMs'),
  };
  if (out.leaseRenewMs >= out.leaseTtlMs) {
    throw new InputError(
      `${path}.live.leaseRenewMs (${out.leaseRenewMs}) must be below leaseTtlMs (${out.leaseTtlMs}), or the lease lapses between renewals`,
    );
  }
  if (out.maxBackoffMs < out.initialBackoffMs)
    out.maxBackoffMs = out.initialBackoffMs;
  return out;
}
