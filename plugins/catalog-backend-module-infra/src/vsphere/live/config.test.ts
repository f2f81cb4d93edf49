import { ConfigReader } from '@backstage/config';
import { DEFAULT_LIVE_CONFIG, readVsphereLiveConfig } from './config';

describe('readVsphereLiveConfig', () => {
  it('applies the defaults without a live block', () => {
    expect(readVsphereLiveConfig(new ConfigReader({ url: 'x' }))).toEqual(
      DEFAULT_LIVE_CONFIG,
    );
    expect(readVsphereLiveConfig(undefined)).toEqual({
      enabled: true,
      maxWaitSeconds: 30,
      maxObjectUpdates: 500,
      batchWindowMs: 250,
      maxEntitiesPerDelta: 100,
      initialBackoffMs: 1000,
      maxBackoffMs: 300_000,
      leaseTtlMs: 45_000,
      leaseRenewMs: 15_000,
    });
  });

  it('reads every key', () => {
    expect(
      readVsphereLiveConfig(
        new ConfigReader({
          live: {
            enabled: false,
            maxWaitSeconds: 10,
            maxObjectUpdates: 100,
            batchWindowMs: 500,
            maxEntitiesPerDelta: 250,
            initialBackoffMs: 2000,
            maxBackoffMs: 60_000,
            leaseTtlMs: 30_000,
            leaseRenewMs: 5_000,
          },
        }),
      ),
    ).toEqual({
      enabled: false,
      maxWaitSeconds: 10,
      maxObjectUpdates: 100,
      batchWindowMs: 500,
      maxEntitiesPerDelta: 250,
      initialBackoffMs: 2000,
      maxBackoffMs: 60_000,
      leaseTtlMs: 30_000,
      leaseRenewMs: 5_000,
    });
  });

  it('names the key of a bad value', () => {
    expect(() =>
      readVsphereLiveConfig(
        new ConfigReader({ live: { maxWaitSeconds: 0 } }),
        'catalog.providers.vsphere.prod',
      ),
    ).toThrow(
      'catalog.providers.vsphere.prod.live.maxWaitSeconds must be a positive number, got 0',
    );
    expect(() =>
      readVsphereLiveConfig(
        new ConfigReader({ live: { leaseTtlMs: 1000, leaseRenewMs: 1000 } }),
      ),
    ).toThrow(/leaseRenewMs \(1000\) must be below leaseTtlMs/);
  });
});
