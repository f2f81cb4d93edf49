import {
  parseEosMacTable,
  parseIosMacTable,
  parseJunosMacTable,
  parseNxosMacTable,
  parseOs9MacTable,
} from './macTables';

const strip = <T extends { raw?: string }>(entries: T[]) =>
  entries.map(({ raw, ...rest }) => rest);

describe('MAC table edge cases', () => {
  it('ignores the echoed lookup command, whose MAC and "vlan N" would look like a row', () => {
    const text = [
      'leaf1#show mac address-table address 0011.2233.4455 vlan 10',
      'Vlan    Mac Address       Type        Ports      Moves   Last Move',
      '----    -----------       ----        -----      -----   ---------',
      '  10    0011.2233.4455    DYNAMIC     Et12       1       0:01:02 ago',
      'Total Mac Addresses for this criterion: 1',
      'leaf1#',
    ].join('\n');
    expect(strip(parseEosMacTable(text))).toEqual([
      { mac: '001122334455', vlan: 10, port: 'Et12', type: 'dynamic' },
    ]);
  });

  it('keeps NX-OS ports that contain a space and reads the Secure column', () => {
    const text = [
      '   VLAN     MAC Address      Type      age     Secure NTFY Ports',
      '---------+-----------------+--------+---------+------+----+------------------',
      '+   10     0050.56a1.5b1f   dynamic  0         F      F    vPC Peer-Link',
      '*   20     0050.56a1.0002   dynamic  10        T      F    Eth1/7',
      'G    -     0000.0c9f.f001   static   -         F      F    sup-eth1(R)',
    ].join('\n');
    expect(strip(parseNxosMacTable(text))).toEqual([
      { mac: '005056a15b1f', vlan: 10, port: 'vPC Peer-Link', type: 'dynamic' },
      { mac: '005056a10002', vlan: 20, port: 'Eth1/7', type: 'secure' },
      { mac: '00000c9ff001', port: 'sup-eth1(R)', type: 'static' },
    ]);
  });

  it('splits a comma-separated port list into one entry per port', () => {
    const text =
      '*  100  0100.5e00.0001    static  Yes          -   Gi1/1,Gi1/2';
    expect(strip(parseIosMacTable(text)).map(e => e.port)).toEqual([
      'Gi1/1',
      'Gi1/2',
    ]);
  });

  it('skips IOS rows without a port', () => {
    expect(parseIosMacTable('   1      ffff.ffff.ffff   system')).toEqual([]);
  });

  it('keeps Junos VLAN names and reads ids only from vlanNNN-style names', () => {
    const text = [
      '   default     00:11:22:33:44:55   D   -   ge-0/0/1.0   0   0',
      '   VLAN_0042   00:11:22:33:44:56   S   -   ge-0/0/2.0   0   0',
      '   vlan5000    00:11:22:33:44:57   D   -   ge-0/0/3.0   0   0',
    ].join('\n');
    expect(strip(parseJunosMacTable(text))).toEqual([
      {
        mac: '001122334455',
        vlanName: 'default',
        port: 'ge-0/0/1.0',
        type: 'dynamic',
      },
      {
        mac: '001122334456',
        vlan: 42,
        vlanName: 'VLAN_0042',
        port: 'ge-0/0/2.0',
        type: 'static',
      },
      {
        mac: '001122334457',
        vlanName: 'vlan5000',
        port: 'ge-0/0/3.0',
        type: 'dynamic',
      },
    ]);
  });

  it('reads OS9 rows without a State column', () => {
    expect(
      strip(parseOs9MacTable('10   00:01:e8:8b:1a:2b   Dynamic   Te 0/32')),
    ).toEqual([
      { mac: '0001e88b1a2b', vlan: 10, port: 'Te 0/32', type: 'dynamic' },
    ]);
  });
});
