import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLag, isPseudoPort } from '../ports';
import { SwitchPlatformId } from '../types';
import { switchDrivers } from '.';

/*
 * Outputs written by hand in each platform's documented layout, for what no public capture
 * exists of (Dell OS10, OS9/FTOS, N-series) and for variants the shared captures lack
 * (PowerConnect 6200, AOS-CX interface brief, ProCurve single-address lookup, pre-ELS Junos).
 * File names: __fixtures__/<platform>/<mac|interfaces|lldp>.<command>.raw, the full expected
 * parse beside it as .json.
 */
const root = join(__dirname, '__fixtures__');
const cases = readdirSync(root).flatMap(platform =>
  readdirSync(join(root, platform))
    .filter(f => f.endsWith('.raw'))
    .map(f => [`${platform}/${f}`, platform as SwitchPlatformId, f] as const),
);

describe('hand-written platform outputs', () => {
  it('covers the Dell platforms that have no public captures', () => {
    const platforms = new Set(cases.map(([, p]) => p));
    for (const p of ['dell_os10', 'dell_os9', 'dell_nseries'] as const) {
      expect(platforms).toContain(p);
      for (const kind of ['mac', 'interfaces', 'lldp']) {
        expect(
          cases.some(([, q, f]) => q === p && f.startsWith(`${kind}.`)),
        ).toBe(true);
      }
    }
  });

  const read = (platform: SwitchPlatformId, file: string) => ({
    driver: switchDrivers[platform],
    text: readFileSync(join(root, platform, file), 'utf8'),
    expected: JSON.parse(
      readFileSync(
        join(root, platform, file.replace(/\.raw$/, '.json')),
        'utf8',
      ),
    ),
  });
  const ofKind = (kind: string) =>
    cases.filter(([, , f]) => f.startsWith(`${kind}.`));

  it.each(ofKind('mac'))('%s', (_, platform, file) => {
    const { driver, text, expected } = read(platform, file);
    const entries = driver.parseMacTable(text);
    expect(entries.map(({ raw, ...rest }) => rest)).toEqual(expected);
    expect(entries.every(e => /^[0-9a-f]{12}$/.test(e.mac))).toBe(true);
    expect(entries.every(e => e.raw?.includes(e.port))).toBe(true);
  });

  it.each(ofKind('lldp'))('%s', (_, platform, file) => {
    const { driver, text, expected } = read(platform, file);
    expect(driver.parseLldp(text)).toEqual(expected);
  });

  it.each(ofKind('interfaces'))('%s', (_, platform, file) => {
    const { driver, text, expected } = read(platform, file);
    expect(driver.parseInterfaces(text)).toEqual(expected);
  });

  it('reads OS9 interface names with their space and drops the state column', () => {
    const text = readFileSync(
      join(root, 'dell_os9/mac.show_mac-address-table.raw'),
      'utf8',
    );
    const ports = switchDrivers.dell_os9.parseMacTable(text).map(e => e.port);
    expect(ports).toContain('Te 0/32');
    expect(ports).toContain('Po 128');
    expect(ports.filter(isLag)).toEqual(['Po 1', 'Po 128']);
  });

  it('marks the N-series management address as not a host port', () => {
    const text = readFileSync(
      join(root, 'dell_nseries/mac.show_mac_address-table.raw'),
      'utf8',
    );
    const mgmt = switchDrivers.dell_nseries
      .parseMacTable(text)
      .filter(e => e.type === 'other');
    expect(mgmt.map(e => e.port)).toEqual(['Vl1']);
    expect(isPseudoPort(mgmt[0].port)).toBe(true);
  });
});
