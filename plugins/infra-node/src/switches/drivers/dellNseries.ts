import { PAGER_DNOS } from '../cleanOutput';
import { parseVlanMacTypePortTable } from '../parsers/macTables';
import { parseDnosInterfaces } from '../parsers/tableInterfaces';
import { parseDnosLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * Dell N-series (DNOS 6.x: N1100-N3200). MACs are written aabb.ccdd.eeff. A lookup filters by
 * address only; the VLAN, if given, is validated but the caller filters by it.
 */
export const dellNseriesDriver: SwitchDriver = {
  id: 'dell_nseries',
  label: 'Dell N-series (DNOS6)',
  pagingOff: 'terminal length 0',
  pagerPatterns: [PAGER_DNOS],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: false,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show mac address-table address ${macArgument(mac12, 'dot')}`;
  },
  macTableCommand: () => 'show mac address-table',
  interfaceStatusCommand: () => 'show interfaces status',
  lldpNeighborsCommand: () => 'show lldp remote-device all',
  parseMacTable: parseVlanMacTypePortTable,
  parseInterfaces: parseDnosInterfaces,
  parseLldp: parseDnosLldp,
};
