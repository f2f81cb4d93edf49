import {
  formatBytes,
  formatDuration,
  formatMhz,
  formatPercent,
  humanize,
} from './format';

describe('format', () => {
  it('formats bytes in binary units, as vSphere does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(274877906944)).toBe('256 GiB');
    expect(formatBytes(1e13)).toBe('9.1 TiB');
    expect(formatBytes(-2 * 1024 ** 3)).toBe('-2 GiB');
    expect(formatBytes(undefined)).toBeUndefined();
    expect(formatBytes(NaN)).toBeUndefined();
  });

  it('formats MHz as GHz from 1000 on', () => {
    expect(formatMhz(800)).toBe('800 MHz');
    expect(formatMhz(2600)).toBe('2.6 GHz');
    expect(formatMhz(40000)).toBe('40 GHz');
    expect(formatMhz(83200)).toBe('83.2 GHz');
    expect(formatMhz(undefined)).toBeUndefined();
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatDuration(-1)).toBeUndefined();
  });

  it('formats ratios and vSphere identifiers', () => {
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(1.4)).toBe('140%');
    expect(humanize('poweredOn')).toBe('Powered on');
    expect(humanize('fullyAutomated')).toBe('Fully automated');
    expect(humanize('backing-off')).toBe('Backing off');
    expect(humanize(undefined)).toBeUndefined();
  });
});
