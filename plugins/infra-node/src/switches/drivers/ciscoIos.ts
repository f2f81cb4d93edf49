import { PAGER_MORE } from '../cleanOutput';
import { parseCiscoInterfaces } from '../parsers/ciscoInterfaces';
import { parseCiscoLldp } from '../parsers/ciscoLldp';
import { parseIosMacTable } from '../parsers/macTables';
import { SwitchDriver } from '../types';
import { macArgument, vlanSuffix } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * Cisco IOS and IOS-XE. `show mac address-table` is the spelling from 12.2 on; the 2950-era
 * `show mac-address-table` output is parsed too when a capture of it is fed in.
 */
export const ciscoIosDriver: SwitchDriver = {
  id: 'cisco_ios',
  label: 'Cisco IOS / IOS-XE',
  pagingOff: 'terminal length 0',
  pagerPatterns: [PAGER_MORE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: true,
  macLookupCommand: (mac12, vlan) =>
    `show mac address-table address ${macArgument(mac12, 'dot')}${vlanSuffix(
      vlan,
    )}`,
  macTableCommand: () => 'show mac address-table',
  interfaceStatusCommand: () => 'show interfaces status',
  lldpNeighborsCommand: () => 'show lldp neighbors',
  parseMacTable: parseIosMacTable,
  parseInterfaces: parseCiscoInterfaces,
  parseLldp: parseCiscoLldp,
};
