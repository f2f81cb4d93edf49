import { InputError } from '@backstage/errors';
import { tryNormalizeMac } from '@infra-inventory/plugin-infra-common';
import {
  getSwitchDriver,
  isSwitchPlatformId,
  switchDrivers,
  switchPlatformIds,
} from '.';

const MAC = '00a0c9f1e2d3';
const drivers = Object.values(switchDrivers);

describe('switch drivers', () => {
  it('has one driver per platform id, each under its own id', () => {
    expect(switchPlatformIds.sort()).toEqual(
      [
        'arista_eos',
        'aruba_aoscx',
        'cisco_ios',
        'cisco_nxos',
        'dell_nseries',
        'dell_os10',
        'dell_os9',
        'dell_powerconnect',
        'hp_procurve',
        'juniper_junos',
      ].sort(),
    );
    for (const [id, driver] of Object.entries(switchDrivers))
      expect(driver.id).toBe(id);
    expect(getSwitchDriver('dell_os9')).toBe(switchDrivers.dell_os9);
    expect(isSwitchPlatformId('toString')).toBe(false);
    expect(() => getSwitchDriver('cisco_xr')).toThrow(InputError);
    expect(() => getSwitchDriver('__proto__')).toThrow(InputError);
  });

  it.each([
    ['cisco_ios', 'show mac address-table address 00a0.c9f1.e2d3'],
    ['cisco_nxos', 'show mac address-table address 00a0.c9f1.e2d3'],
    ['arista_eos', 'show mac address-table address 00a0.c9f1.e2d3'],
    ['dell_nseries', 'show mac address-table address 00a0.c9f1.e2d3'],
    ['dell_os10', 'show mac address-table address 00:a0:c9:f1:e2:d3'],
    ['dell_os9', 'show mac-address-table address 00:a0:c9:f1:e2:d3'],
    [
      'dell_powerconnect',
      'show bridge address-table address 00:a0:c9:f1:e2:d3',
    ],
    ['aruba_aoscx', 'show mac-address-table address 00:a0:c9:f1:e2:d3'],
    ['hp_procurve', 'show mac-address 00a0c9-f1e2d3'],
    [
      'juniper_junos',
      'show ethernet-switching table | match 00:a0:c9:f1:e2:d3 | no-more',
    ],
  ] as const)('%s looks a MAC up in its own notation', (id, command) => {
    expect(switchDrivers[id].macLookupCommand(MAC)).toBe(command);
  });

  it('narrows by VLAN where the CLI takes both filters', () => {
    expect(switchDrivers.cisco_ios.macLookupCommand(MAC, 20)).toBe(
      'show mac address-table address 00a0.c9f1.e2d3 vlan 20',
    );
    expect(switchDrivers.aruba_aoscx.macLookupCommand(MAC, 4094)).toBe(
      'show mac-address-table address 00:a0:c9:f1:e2:d3 vlan 4094',
    );
    // The others validate the VLAN but leave filtering to the caller.
    expect(switchDrivers.hp_procurve.macLookupCommand(MAC, 20)).toBe(
      'show mac-address 00a0c9-f1e2d3',
    );
  });

  it.each(drivers.map(d => [d.id, d] as const))(
    '%s renders a MAC that reads back to the same address',
    (_, driver) => {
      const command = driver.macLookupCommand(MAC);
      const macs = command.split(' ').flatMap(w => tryNormalizeMac(w) ?? []);
      expect(macs).toEqual([MAC]);
    },
  );

  const badMacs: unknown[] = [
    'AABBCCDDEEFF',
    'aa:bb:cc:dd:ee:ff',
    'aabb.ccdd.eeff',
    ' aabbccddeeff',
    'aabbccddeeff\n',
    'aabbccddeef',
    'aabbccddeeff0',
    'aabbccddeeff; reload',
    'aabbccddeeff | include',
    '',
    undefined,
    null,
    0xaabbccddeeff,
    ['aabbccddeeff'],
    { toString: () => 'aabbccddeeff' },
  ];
  it.each(drivers.map(d => [d.id, d] as const))(
    '%s refuses anything but 12 lower-case hex digits',
    (_, driver) => {
      for (const bad of badMacs) {
        expect(() => driver.macLookupCommand(bad as string)).toThrow(
          InputError,
        );
      }
      for (const vlan of [
        0,
        4095,
        -1,
        1.5,
        NaN,
        Infinity,
        '10',
        '10; reload',
      ]) {
        expect(() => driver.macLookupCommand(MAC, vlan as number)).toThrow(
          InputError,
        );
      }
    },
  );

  it.each(drivers.map(d => [d.id, d] as const))(
    '%s has well-formed settings',
    (_, driver) => {
      expect(driver.label).not.toBe('');
      for (const command of [
        driver.macTableCommand(),
        driver.interfaceStatusCommand(),
        driver.lldpNeighborsCommand(),
        driver.macLookupCommand(MAC, 10),
      ]) {
        expect(command).toMatch(/^show [\w\- .:|]+$/);
        expect(command).not.toMatch(/[\n\r;]/);
      }
      // Without a session-wide paging command, every command must turn the pager off itself.
      expect(driver.pagingOff ?? driver.macTableCommand()).toMatch(
        /^[a-z ]+\d?$|\| no-more$/,
      );
      expect(driver.pagerPatterns.length).toBeGreaterThan(0);
      expect(typeof driver.execSupported).toBe('boolean');
    },
  );

  it.each([
    ['cisco_ios', 'sw-core-01#', true],
    ['cisco_ios', 'sw-core-01>', true],
    ['cisco_ios', 'output\nsw-core-01(config)# ', true],
    ['cisco_ios', 'Gi1/0/1  desc with # inside  connected', false],
    ['cisco_ios', 'sw1#show mac address-table', false],
    ['juniper_junos', 'user@ex2200> ', true],
    ['juniper_junos', '{master:0}\nuser@ex2200> ', true],
    ['juniper_junos', 'ex2200> ', false],
    ['hp_procurve', 'HP-2920# ', true],
    ['dell_os10', 'OS10# ', true],
    ['dell_nseries', 'console#', true],
  ] as const)('%s prompt %j: %s', (id, text, matches) => {
    expect(switchDrivers[id].promptPattern.test(text)).toBe(matches);
  });

  it.each([
    ['cisco_ios', ' --More-- '],
    ['cisco_nxos', '--More--'],
    ['arista_eos', ' --More-- '],
    ['dell_os9', ' --More-- '],
    ['dell_os10', '--more--'],
    ['dell_nseries', '--More-- or (q)uit'],
    ['dell_powerconnect', 'More: <space>,  Quit: q, One line: <return> '],
    [
      'hp_procurve',
      '-- MORE --, next page: Space, next line: Enter, quit: Control-C',
    ],
    ['aruba_aoscx', '-- MORE --, next page: Space, next line: Enter, quit: q'],
    ['juniper_junos', '---(more 27%)---'],
  ] as const)('%s recognises its pager %j', (id, text) => {
    expect(switchDrivers[id].pagerPatterns.some(p => p.test(text))).toBe(true);
  });
});
