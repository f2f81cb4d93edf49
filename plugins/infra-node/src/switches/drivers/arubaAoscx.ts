import { PAGER_PROCURVE } from '../cleanOutput';
import { parseAoscxLldpDetail } from '../parsers/aoscxLldp';
import { parseAoscxInterfaces } from '../parsers/aoscxInterfaces';
import { parseAoscxMacTable } from '../parsers/macTables';
import { SwitchDriver } from '../types';
import { macArgument, vlanSuffix } from './commandArgs';
import { CISCO_LIKE_PROMPT } from './prompts';

/** Aruba AOS-CX. Exec requests are not relied on: the shell is known to work on every release. */
export const arubaAoscxDriver: SwitchDriver = {
  id: 'aruba_aoscx',
  label: 'Aruba AOS-CX',
  pagingOff: 'no page',
  pagerPatterns: [PAGER_PROCURVE],
  promptPattern: CISCO_LIKE_PROMPT,
  execSupported: false,
  macLookupCommand: (mac12, vlan) =>
    `show mac-address-table address ${macArgument(mac12, 'colon')}${vlanSuffix(
      vlan,
    )}`,
  macTableCommand: () => 'show mac-address-table',
  interfaceStatusCommand: () => 'show interface brief',
  lldpNeighborsCommand: () => 'show lldp neighbor-info detail',
  parseMacTable: parseAoscxMacTable,
  parseInterfaces: parseAoscxInterfaces,
  parseLldp: parseAoscxLldpDetail,
};
