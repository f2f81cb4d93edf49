import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { CapacityBar } from '../../common/CapacityBar';
import { ErrorState } from '../../common/errors';
import { Field, Fields } from '../../common/Fields';
import { EntityLink } from '../../vsphere/EntityLinks';
import { relationRefs } from '../../vsphere/entityFields';
import {
  instanceSubheader,
  NetboxLink,
  NetboxStatus,
  refName,
} from '../NetboxLabels';
import {
  netboxIdentity,
  netboxType,
  placementRefs,
  prefixFields,
  scopeName,
} from '../netboxFields';
import { useDependencies } from '../queries';

/**
 * A NetBox prefix: its own fields from the entity, and the names of its VLAN and VRF (refs on its
 * relations) in ONE getEntitiesByRefs call. Site, site group and tenant names are already on the
 * entity: their refs only make them links.
 */
export function PrefixOverviewCard() {
  const { entity } = useEntity();
  const f = prefixFields(entity);
  const deps = relationRefs(entity, 'dependsOn');
  const placed = placementRefs(deps);
  const named = new Set(Object.values(placed));
  const wanted = (ref: string) => !named.has(ref);
  const hasDeps = deps.some(wanted);
  const { value, loading, error } = useDependencies(entity, wanted);
  const vlan = value?.find(e => netboxType(e) === NETBOX_ENTITY_TYPES.vlan);
  const vrf = value?.find(e => netboxType(e) === NETBOX_ENTITY_TYPES.vrf);
  const related = (e: typeof vlan, none: string, what: string) => {
    if (loading && hasDeps)
      return <Progress aria-label={`Loading the ${what}`} />;
    return e ? <EntityLink entity={e} /> : none;
  };

  return (
    <InfoCard
      title="NetBox prefix"
      subheader={instanceSubheader(entity)}
      action={
        <NetboxLink url={netboxIdentity(entity).url} what="this prefix" />
      }
    >
      <Fields>
        <Field label="Prefix">{f.prefix}</Field>
        <Field label="Status">
          <NetboxStatus status={f.status} />
        </Field>
        {/* NetBox's name for "no VRF" is the global table */}
        <Field label="VRF">{related(vrf, 'Global', 'VRF')}</Field>
        <Field label="VLAN">{related(vlan, '', 'VLAN')}</Field>
        <Field label="Scope">{scopeName(f.scope)}</Field>
        <Field label="Site group">
          {refName(f.siteGroup, placed.siteGroup)}
        </Field>
        <Field label="Site">{refName(f.site, placed.site)}</Field>
        <Field label="Tenant">{refName(f.tenant, placed.tenant)}</Field>
        <Field label="Role">{f.role}</Field>
        {f.dhcp !== undefined && (
          <Field label="DHCP">{f.dhcp ? 'Enabled' : 'Disabled'}</Field>
        )}
        <Field label="Description">{entity.metadata.description}</Field>
      </Fields>
      {f.utilization !== undefined && (
        <CapacityBar
          label="Utilisation"
          value={f.utilization}
          max={100}
          detail="in use"
        />
      )}
      {error && (
        <ErrorState title="Could not load the VLAN and VRF" error={error} />
      )}
    </InfoCard>
  );
}
