import { PAGER_MORE } from '../cleanOutput';
import { parseCiscoInterfaces } from '../parsers/ciscoInterfaces';
import { parseEosMacTable } from '../parsers/macTables';
import { parseEosLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanSuffix } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

export const aristaEosDriver: SwitchDriver = {
  id: 'arista_eos',
  label: 'Arista EOS',
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
  parseMacTable: parseEosMacTable,
  parseInterfaces: parseCiscoInterfaces,
  parseLldp: parseEosLldp,
};
