import { PAGER_MORE } from '../cleanOutput';
import { parseCiscoInterfaces } from '../parsers/ciscoInterfaces';
import { parseCiscoLldp } from '../parsers/ciscoLldp';
import { parseNxosMacTable } from '../parsers/macTables';
import { SwitchDriver } from '../types';
import { macArgument, vlanSuffix } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

export const ciscoNxosDriver: SwitchDriver = {
  id: 'cisco_nxos',
  label: 'Cisco NX-OS',
  pagingOff: 'terminal length 0',
  pagerPatterns: [PAGER_MORE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: true,
  macLookupCommand: (mac12, vlan) =>
    `show mac address-table address ${macArgument(mac12, 'dot')}${vlanSuffix(
      vlan,
    )}`,
  macTableCommand: () => 'show mac address-table',
  interfaceStatusCommand: () => 'show interface status',
  lldpNeighborsCommand: () => 'show lldp neighbors',
  parseMacTable: parseNxosMacTable,
  parseInterfaces: parseCiscoInterfaces,
  parseLldp: parseCiscoLldp,
};
