import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ErrorState } from '../../common/errors';
import { EmptyText, SectionTitle } from '../../common/Fields';
import { EntityLink, EntityLinkList } from '../../vsphere/EntityLinks';
import {
  Entity,
  entityRef,
  isTemplate,
  relationRefs,
  sortByName,
  vmFields,
  vsphereIdentity,
  vsphereStates,
} from '../../vsphere/entityFields';
import { PowerState, TemplateBadge } from '../../vsphere/StateLabels';
import { useVlanVsphere } from '../queries';

function Portgroups(props: { portgroups: Entity[]; vms: Entity[] }) {
  const { portgroups, vms } = props;
  if (portgroups.length === 0) {
    return <EmptyText>No vSphere port group is linked to this VLAN.</EmptyText>;
  }
  const vmCount = (pg: Entity) =>
    vms.filter(vm => relationRefs(vm, 'dependsOn').includes(entityRef(pg)))
      .length;
  return (
    <MuiTable size="small" aria-label="Port groups on this VLAN">
      <TableHead>
        <TableRow>
          <TableCell>Port group / network</TableCell>
          <TableCell>vCenter</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell align="right">VMs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {portgroups.map(pg => (
          <TableRow key={entityRef(pg)}>
            <TableCell>
              <EntityLink entity={pg} />
            </TableCell>
            <TableCell>{vsphereIdentity(pg).vcenter ?? '—'}</TableCell>
            <TableCell>
              {pg.spec?.type === VSPHERE_ENTITY_TYPES.dvPortgroup
                ? 'Distributed port group'
                : 'Standard network'}
            </TableCell>
            <TableCell align="right">{vmCount(pg)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

function Vms(props: { portgroups: Entity[]; vms: Entity[] }) {
  const { portgroups, vms } = props;
  if (vms.length === 0) {
    return <EmptyText>No VMs on these port groups.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="VMs on this VLAN">
      <TableHead>
        <TableRow>
          <TableCell>VM</TableCell>
          <TableCell>Power</TableCell>
          <TableCell>IP address</TableCell>
          <TableCell>Port group</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {vms.map(vm => {
          const deps = relationRefs(vm, 'dependsOn');
          const on = portgroups.filter(pg => deps.includes(entityRef(pg)));
          return (
            <TableRow key={entityRef(vm)}>
              <TableCell>
                <EntityLink entity={vm} />
                {isTemplate(vm) && (
                  <>
                    {' '}
                    <TemplateBadge />
                  </>
                )}
              </TableCell>
              <TableCell>
                <PowerState state={vsphereStates(vm).power} />
              </TableCell>
              <TableCell>{vmFields(vm).ip ?? '—'}</TableCell>
              <TableCell>
                <EntityLinkList entities={on} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </MuiTable>
  );
}

/**
 * The vSphere port groups linked to this VLAN and the VMs on them, in ONE catalog call (see
 * {@link useVlanVsphere}).
 */
export function VlanVsphereCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useVlanVsphere(entity);
  const portgroups = sortByName(value?.portgroups ?? []);
  const vms = sortByName(value?.vms ?? []);
  return (
    <InfoCard
      title="vSphere on this VLAN"
      subheader={
        value &&
        `${portgroups.length} port group${
          portgroups.length === 1 ? '' : 's'
        }, ${vms.length} VM${vms.length === 1 ? '' : 's'}`
      }
    >
      {loading && <Progress aria-label="Loading port groups and VMs" />}
      {error && (
        <ErrorState title="Could not load port groups and VMs" error={error} />
      )}
      {value && (
        <>
          <SectionTitle>Port groups</SectionTitle>
          <Portgroups portgroups={portgroups} vms={vms} />
          <SectionTitle>VMs</SectionTitle>
          <Vms portgroups={portgroups} vms={vms} />
        </>
      )}
    </InfoCard>
  );
}
