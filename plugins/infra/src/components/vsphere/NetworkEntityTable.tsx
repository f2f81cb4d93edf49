import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EmptyText } from '../common/Fields';
import { EntityLink } from './EntityLinks';
import { Entity, entityRef, networkFields } from './entityFields';

/**
 * Networks and port groups with their kind and VLAN (`120`, `trunk:100-199,300`), read from the
 * network entities' own fields.
 */
export function NetworkEntityTable(props: { networks: Entity[] }) {
  if (props.networks.length === 0) {
    return <EmptyText>No networks in the catalog.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="Networks">
      <TableHead>
        <TableRow>
          <TableCell>Network / port group</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>VLAN</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.networks.map(n => (
          <TableRow key={entityRef(n)}>
            <TableCell>
              <EntityLink entity={n} />
            </TableCell>
            <TableCell>
              {n.spec?.type === VSPHERE_ENTITY_TYPES.dvPortgroup
                ? 'Distributed port group'
                : 'Standard network'}
            </TableCell>
            <TableCell>{networkFields(n).vlan ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}
