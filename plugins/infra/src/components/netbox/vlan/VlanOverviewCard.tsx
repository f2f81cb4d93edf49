import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { Field, Fields, SectionTitle } from '../../common/Fields';
import { relationRefs } from '../../vsphere/entityFields';
import { DependentPrefixes } from '../DependentPrefixes';
import {
  instanceSubheader,
  NetboxLink,
  NetboxStatus,
  refName,
} from '../NetboxLabels';
import {
  isVlanGroupRef,
  netboxIdentity,
  placementRefs,
  vlanFields,
} from '../netboxFields';

/**
 * A NetBox VLAN: id, name, group, placement, tenant, role and status from the entity itself, and
 * its prefixes (prefixes depend on their VLAN) in ONE catalog call.
 */
export function VlanOverviewCard() {
  const { entity } = useEntity();
  const f = vlanFields(entity);
  // the group's ref is on the VLAN's relations: a link without a lookup
  const deps = relationRefs(entity, 'dependsOn');
  const groupRef = deps.find(isVlanGroupRef);
  const placed = placementRefs(deps);
  return (
    <InfoCard
      title="NetBox VLAN"
      subheader={instanceSubheader(entity)}
      action={<NetboxLink url={netboxIdentity(entity).url} what="this VLAN" />}
    >
      <Fields>
        <Field label="VLAN ID">{f.vid !== undefined && String(f.vid)}</Field>
        <Field label="Name">{f.name}</Field>
        <Field label="Status">
          <NetboxStatus status={f.status} />
        </Field>
        <Field label="VLAN group">
          {f.vlanGroup &&
            (groupRef ? (
              <EntityRefLink entityRef={groupRef}>{f.vlanGroup}</EntityRefLink>
            ) : (
              f.vlanGroup
            ))}
        </Field>
        <Field label="Site group">{f.siteGroup}</Field>
        <Field label="Site">{refName(f.site, placed.site)}</Field>
        <Field label="Tenant">{refName(f.tenant, placed.tenant)}</Field>
        <Field label="Role">{f.role}</Field>
        <Field label="Description">{entity.metadata.description}</Field>
      </Fields>
      <SectionTitle>Prefixes</SectionTitle>
      <DependentPrefixes label="Prefixes of this VLAN" />
    </InfoCard>
  );
}
