import { PAGER_JUNOS } from '../cleanOutput';
import { parseJunosMacTable } from '../parsers/macTables';
import { parseJunosSwitchingInterfaces } from '../parsers/tableInterfaces';
import { parseJunosLldp } from '../parsers/tableLldp';
import { SwitchDriver } from '../types';
import { macArgument, vlanArgument } from './commandArgs';
import { JUNOS_PROMPT } from './prompts';

/**
 * Juniper Junos (EX/QFX). Paging is turned off per command with `| no-more`.
 *
 * The MAC filter differs between ELS and older EX releases, and neither takes a VLAN id when
 * VLANs are named, so a lookup pipes the table through `match`, which both accept; the parser
 * does not need the header. The VLAN, if given, is validated but the caller filters by it.
 */
export const juniperJunosDriver: SwitchDriver = {
  id: 'juniper_junos',
  label: 'Juniper Junos',
  pagingOff: undefined,
  pagerPatterns: [PAGER_JUNOS],
  promptPattern: JUNOS_PROMPT,
  execSupported: true,
  macLookupCommand: (mac12, vlan) => {
    vlanArgument(vlan);
    return `show ethernet-switching table | match ${macArgument(
      mac12,
      'colon',
    )} | no-more`;
  },
  macTableCommand: () => 'show ethernet-switching table | no-more',
  // Pre-ELS EX spelling; ELS releases call it "show ethernet-switching interface" (not parsed yet).
  interfaceStatusCommand: () => 'show ethernet-switching interfaces | no-more',
  lldpNeighborsCommand: () => 'show lldp neighbors | no-more',
  parseMacTable: parseJunosMacTable,
  parseInterfaces: parseJunosSwitchingInterfaces,
  parseLldp: parseJunosLldp,
};
