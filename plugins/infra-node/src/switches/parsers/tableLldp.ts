import { LldpNeighbor } from '../types';
import { ColumnSpec, parseColumnTables } from './columns';
import { lldpCapabilities, lldpNeighbor } from './fields';

/** Maps the cells of one neighbour table row to a neighbour; undefined skips the row. */
type RowReader = (row: Record<string, string>) => LldpNeighbor | undefined;

const noValue = (s: string | undefined) =>
  s === undefined || s === '' || s === '-' || s === '--' ? undefined : s;

function fromColumns(
  columns: readonly ColumnSpec[],
  read: RowReader,
  stopAt?: RegExp,
): (text: string) => LldpNeighbor[] {
  return text =>
    parseColumnTables(text, columns, { stopAt }).flatMap(row => {
      const n = row.localPort ? read(row) : undefined;
      return n ? [lldpNeighbor(n)] : [];
    });
}

const standard: RowReader = row => ({
  localPort: row.localPort,
  neighbor: noValue(row.neighbor) ?? '',
  remotePort: noValue(row.remotePort),
  remotePortDescription: noValue(row.remotePortDescription),
  chassisId: noValue(row.chassisId),
  capabilities: lldpCapabilities(row.capabilities),
  localLag: noValue(row.localLag),
});

/** EOS `show lldp neighbors`: Port, Neighbor Device ID, Neighbor Port ID, TTL. */
export const parseEosLldp = fromColumns(
  [
    { key: 'localPort', label: 'Port' },
    { key: 'neighbor', label: 'Neighbor Device ID' },
    { key: 'remotePort', label: 'Neighbor Port ID' },
    { key: 'ttl', label: 'TTL' },
  ],
  standard,
);

/** Junos `show lldp neighbors`: Local Interface, Parent Interface, Chassis Id, Port info, System Name. */
export const parseJunosLldp = fromColumns(
  [
    { key: 'localPort', label: 'Local Interface' },
    { key: 'localLag', label: 'Parent Interface' },
    { key: 'chassisId', label: 'Chassis Id' },
    { key: 'remotePort', label: 'Port info' },
    { key: 'neighbor', label: 'System Name' },
  ],
  standard,
);

/** ProCurve `show lldp info remote-device`: LocalPort | ChassisId, PortId, PortDescr, SysName. */
export const parseProcurveLldp = fromColumns(
  [
    { key: 'localPort', label: 'LocalPort' },
    { key: 'bar', label: '|' },
    { key: 'chassisId', label: 'ChassisId' },
    { key: 'remotePort', label: 'PortId' },
    { key: 'remotePortDescription', label: 'PortDescr' },
    { key: 'neighbor', label: 'SysName' },
  ],
  standard,
);

/**
 * Dell OS10 and OS9 `show lldp neighbors`: Loc PortID, Rem Host Name, Rem Port Id, Rem Chassis Id.
 * OS9 names interfaces with a space ("Te 0/0", "TenGigabitEthernet 0/1"), hence columns.
 */
export const parseDellLldp = fromColumns(
  [
    { key: 'localPort', label: 'Loc PortID' },
    { key: 'neighbor', label: 'Rem Host Name' },
    { key: 'remotePort', label: 'Rem Port Id' },
    { key: 'chassisId', label: 'Rem Chassis Id' },
  ],
  row => standard({ ...row, localPort: row.localPort.replace(/\s+/g, ' ') }),
);

/** Dell N-series (DNOS6) `show lldp remote-device all`: Interface, RemID, Chassis ID, Port ID, System Name. */
export const parseDnosLldp = fromColumns(
  [
    { key: 'localPort', label: 'Interface' },
    { key: 'remId', label: 'RemID' },
    { key: 'chassisId', label: 'Chassis ID' },
    { key: 'remotePort', label: 'Port ID' },
    { key: 'neighbor', label: 'System Name' },
  ],
  standard,
);

/** PowerConnect `show lldp neighbors`: Port, Device ID, Port ID, System Name, Capabilities. */
export const parsePowerConnectLldp = fromColumns(
  [
    { key: 'localPort', label: 'Port' },
    { key: 'chassisId', label: 'Device ID' },
    { key: 'remotePort', label: 'Port ID' },
    { key: 'neighbor', label: 'System Name' },
    { key: 'capabilities', label: 'Capabilities' },
  ],
  standard,
);
