import { PAGER_PROCURVE } from '../cleanOutput';
import { parseProcurveMacTable } from '../parsers/macTables';
import { parseProcurveInterfaces } from '../parsers/tableInterfaces';
import { parseProcurveLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/**
 * HPE ProCurve / Aruba AOS-S. Sessions start with a "Press any key to continue" banner and redraw
 * with cursor escapes, so only an interactive shell works. `show mac-address` takes a MAC or a
 * VLAN, not both: the VLAN, if given, is validated but the caller filters by it.
 */
export const hpProcurveDriver: SwitchDriver = {
  id: 'hp_procurve',
  label: 'HPE ProCurve / Aruba AOS-S',
  pagingOff: 'no page',
  pagerPatterns: [PAGER_PROCURVE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: false,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show mac-address ${macArgument(mac12, 'hp')}`;
  },
  macTableCommand: () => 'show mac-address',
  interfaceStatusCommand: () => 'show interfaces status',
  lldpNeighborsCommand: () => 'show lldp info remote-device',
  parseMacTable: parseProcurveMacTable,
  parseInterfaces: parseProcurveInterfaces,
  parseLldp: parseProcurveLldp,
};
