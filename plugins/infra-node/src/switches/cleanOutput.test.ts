import {
  describeWith,
  sharedFixtures,
  sharedPath,
} from '@internal/infra-test-utils';
import { readFileSync } from 'node:fs';
import { cleanOutput } from './cleanOutput';
import { switchDrivers } from './drivers';

const BS = (n: number) => '\b'.repeat(n);

describe('cleanOutput', () => {
  it.each([
    [
      'IOS: prompt erased with backspaces and spaces',
      `one\r\n --More-- ${BS(10)}          ${BS(10)}two\r\n`,
      'one\ntwo',
    ],
    [
      'NX-OS: reverse-video prompt, then carriage return and erase-line',
      'one\r\n\x1b[7m--More--\x1b[m\r\x1b[Ktwo\r\n',
      'one\ntwo',
    ],
    [
      'ProCurve: prompt on a positioned, cleared line',
      'one\r\n\x1b[24;1H\x1b[2K-- MORE --, next page: Space, next line: Enter, quit: Control-C\x1b[24;1H\x1b[2Ktwo\r\n',
      'one\ntwo',
    ],
    [
      'AOS-CX pager left in the text',
      'one\n-- MORE --, next page: Space, next line: Enter, quit: q\ntwo',
      'one\ntwo',
    ],
    ['Junos', 'one\n---(more 45%)---\r                \rtwo\n', 'one\ntwo'],
    ['Dell N-series', 'one\n--More-- or (q)uit\ntwo\n', 'one\ntwo'],
    [
      'PowerConnect',
      'one\nMore: <space>,  Quit: q, One line: <return>\ntwo',
      'one\ntwo',
    ],
    [
      'OS10 lower case, glued to the next row',
      'one\n--more-- two\n',
      'one\ntwo',
    ],
    ['a prompt left without its erasure', 'one\n --More-- \ntwo', 'one\ntwo'],
    [
      'colour codes inside a row',
      '\x1b[1mEt1\x1b[0m   connected',
      'Et1   connected',
    ],
    [
      'window title (OSC) and charset selection',
      '\x1b]0;sw1\x07\x1b(Bone',
      'one',
    ],
    ['carriage return overwrites like a terminal', 'abc\rxy\n', 'xyc'],
    [
      'keeps blank separator lines but drops trailing ones',
      'a\n\nb\n\n\n',
      'a\n\nb',
    ],
    ['other control characters are dropped', 'a\u0007b\u0000c', 'abc'],
  ])('%s', (_, input, expected) => {
    expect(cleanOutput(input)).toBe(expected);
  });

  it('copes with empty and odd input', () => {
    expect(cleanOutput('')).toBe('');
    expect(cleanOutput('\b\b\r\x1b[K')).toBe('');
    expect(cleanOutput('\x1b')).toBe('');
  });
});

// Real captures with pager debris spliced in between rows must parse exactly like the clean ones.
describeWith(sharedFixtures)('pager debris in real captures', () => {
  const debris = [
    ` --More-- ${BS(10)}          ${BS(10)}`,
    '\x1b[7m--More--\x1b[m\r\x1b[K',
    '\x1b[24;1H\x1b[2K-- MORE --, next page: Space, next line: Enter, quit: Control-C\x1b[24;1H\x1b[2K',
    '--More-- or (q)uit\r                  \r',
  ];
  const spliced = (text: string, every: number) =>
    text
      .split('\n')
      .map((line, i) =>
        i > 0 && i % every === 0 ? debris[i % debris.length] + line : line,
      )
      .join('\n');

  it.each([
    [
      'cisco_ios',
      'cisco_ios/show_mac-address-table/cisco_ios_show_mac-address-table8.raw',
    ],
    [
      'cisco_ios',
      'cisco_ios/show_mac-address-table/cisco_ios_show_mac-address-table7.raw',
    ],
    [
      'cisco_nxos',
      'cisco_nxos/show_mac_address-table/cisco_nxos_show_mac_address-table.raw',
    ],
    [
      'arista_eos',
      'arista_eos/show_mac_address-table/arista_eos_show_mac_address-table.raw',
    ],
    [
      'hp_procurve',
      'hp_procurve/show_mac-address/hp_procurve_show_mac-address.raw',
    ],
    [
      'dell_powerconnect',
      'dell_powerconnect/show_bridge_address_table/dell_powerconnect_show_bridge_address_table.raw',
    ],
  ] as const)('%s %s', (platform, file) => {
    const text = readFileSync(sharedPath('switch-cli', file), 'utf8');
    const driver = switchDrivers[platform];
    const clean = driver.parseMacTable(text);
    expect(clean.length).toBeGreaterThan(0);
    for (const every of [2, 3, 5]) {
      const dirty = spliced(text, every);
      expect(dirty).not.toBe(text);
      expect(driver.parseMacTable(dirty)).toEqual(clean);
    }
  });
});
