import { PAGER_MORE } from '../cleanOutput';
import { parseOs9MacTable } from '../parsers/macTables';
import { parseOs9Interfaces } from '../parsers/tableInterfaces';
import { parseDellLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * Dell OS9 / Force10 FTOS. Interface names carry a space ("Te 0/32"). `show mac-address-table`
 * takes one filter, so a lookup filters by address; the VLAN, if given, is validated but the
 * caller filters by it.
 */
export const dellOs9Driver: SwitchDriver = {
  id: 'dell_os9',
  label: 'Dell OS9 / FTOS',
  pagingOff: 'terminal length 0',
  pagerPatterns: [PAGER_MORE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: false,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show mac-address-table address ${macArgument(mac12, 'colon')}`;
  },
  macTableCommand: () => 'show mac-address-table',
  interfaceStatusCommand: () => 'show interfaces status',
  lldpNeighborsCommand: () => 'show lldp neighbors',
  parseMacTable: parseOs9MacTable,
  parseInterfaces: parseOs9Interfaces,
  parseLldp: parseDellLldp,
};
