import { PAGER_MORE } from '../cleanOutput';
import { parseVlanMacTypePortTable } from '../parsers/macTables';
import { parseOs10Interfaces } from '../parsers/tableInterfaces';
import { parseDellLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * Dell OS10 (SmartFabric OS10). The MAC table filters (address, interface, vlan) are documented
 * as alternatives, so a lookup filters by address only; the VLAN, if given, is validated but the
 * caller filters by it.
 */
export const dellOs10Driver: SwitchDriver = {
  id: 'dell_os10',
  label: 'Dell OS10',
  pagingOff: 'terminal length 0',
  pagerPatterns: [PAGER_MORE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: true,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show mac address-table address ${macArgument(mac12, 'colon')}`;
  },
  macTableCommand: () => 'show mac address-table',
  interfaceStatusCommand: () => 'show interface status',
  lldpNeighborsCommand: () => 'show lldp neighbors',
  parseMacTable: parseVlanMacTypePortTable,
  parseInterfaces: parseOs10Interfaces,
  parseLldp: parseDellLldp,
};
