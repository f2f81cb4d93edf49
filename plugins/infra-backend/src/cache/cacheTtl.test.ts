import { cacheTtlMs } from './cacheTtl';

describe('cacheTtlMs', () => {
  it('defaults per kind and lets configuration override', () => {
    expect(cacheTtlMs('pools')).toBe(300_000);
    expect(cacheTtlMs('networks')).toBe(300_000);
    expect(cacheTtlMs('datastores')).toBe(300_000);
    expect(cacheTtlMs('templates')).toBe(900_000);
    expect(cacheTtlMs('alarms')).toBe(30_000);
    expect(cacheTtlMs('somethingNew')).toBe(300_000);
    expect(cacheTtlMs('templates', { templates: 60_000 })).toBe(60_000);
    expect(() => cacheTtlMs('pools', { pools: 0 })).toThrow(RangeError);
  });
});
