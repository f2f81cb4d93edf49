import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ErrorState } from '../../common/errors';
import { EmptyText, Field, Fields, SectionTitle } from '../../common/Fields';
import { EntityLink } from '../../vsphere/EntityLinks';
import { Entity, entityRef } from '../../vsphere/entityFields';
import {
  instanceSubheader,
  NetboxLink,
  NetboxStatus,
  TruncatedNote,
} from '../NetboxLabels';
import {
  netboxIdentity,
  scopeName,
  sortByVid,
  vlanFields,
  vlanGroupFields,
} from '../netboxFields';
import { useDependents } from '../queries';

function VlanTable(props: { vlans: Entity[] }) {
  if (props.vlans.length === 0) {
    return <EmptyText>No VLANs of this group in the catalog.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="VLANs in this group">
      <TableHead>
        <TableRow>
          <TableCell align="right">ID</TableCell>
          <TableCell>VLAN</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Tenant</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.vlans.map(v => {
          const f = vlanFields(v);
          return (
            <TableRow key={entityRef(v)}>
              <TableCell align="right">{f.vid ?? '—'}</TableCell>
              <TableCell>
                <EntityLink entity={v} />
              </TableCell>
              <TableCell>
                <NetboxStatus status={f.status} />
              </TableCell>
              <TableCell>{f.tenant ?? '—'}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </MuiTable>
  );
}

function Vlans() {
  const { entity } = useEntity();
  const { value, loading, error } = useDependents(
    entity,
    NETBOX_ENTITY_TYPES.vlan,
  );
  if (loading) return <Progress aria-label="Loading the VLANs" />;
  if (error)
    return <ErrorState title="Could not load the VLANs" error={error} />;
  const vlans = sortByVid(value?.items ?? []);
  return (
    <>
      <VlanTable vlans={vlans} />
      <TruncatedNote shown={vlans.length} total={value?.totalItems} />
    </>
  );
}

/** A NetBox VLAN group: scope, tenant, and its VLANs (they depend on it) in ONE catalog call. */
export function VlanGroupOverviewCard() {
  const { entity } = useEntity();
  const f = vlanGroupFields(entity);
  return (
    <InfoCard
      title="NetBox VLAN group"
      subheader={instanceSubheader(entity)}
      action={
        <NetboxLink url={netboxIdentity(entity).url} what="this VLAN group" />
      }
    >
      <Fields>
        <Field label="Name">{f.name}</Field>
        <Field label="Slug">{f.slug}</Field>
        <Field label="Scope">{scopeName(f.scope)}</Field>
        <Field label="Site group">{f.siteGroup}</Field>
        <Field label="Site">{f.site}</Field>
        <Field label="Tenant">{f.tenant}</Field>
      </Fields>
      <SectionTitle>VLANs</SectionTitle>
      <Vlans />
    </InfoCard>
  );
}
