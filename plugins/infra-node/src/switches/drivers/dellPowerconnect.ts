import { PAGER_DNOS, PAGER_POWERCONNECT } from '../cleanOutput';
import { parsePowerConnectMacTable } from '../parsers/macTables';
import { parsePowerConnectInterfaces } from '../parsers/tableInterfaces';
import { parsePowerConnectLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * Dell PowerConnect (5400, 6200, 7000/8000). Paging is turned off with `terminal datadump`.
 * A lookup filters by address only; the VLAN, if given, is validated but the caller filters by it.
 */
export const dellPowerconnectDriver: SwitchDriver = {
  id: 'dell_powerconnect',
  label: 'Dell PowerConnect',
  pagingOff: 'terminal datadump',
  pagerPatterns: [PAGER_POWERCONNECT, PAGER_DNOS],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: false,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show bridge address-table address ${macArgument(mac12, 'colon')}`;
  },
  macTableCommand: () => 'show bridge address-table',
  interfaceStatusCommand: () => 'show interfaces status',
  lldpNeighborsCommand: () => 'show lldp neighbors',
  parseMacTable: parsePowerConnectMacTable,
  parseInterfaces: parsePowerConnectInterfaces,
  parseLldp: parsePowerConnectLldp,
};
