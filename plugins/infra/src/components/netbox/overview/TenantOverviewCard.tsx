import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { Field, Fields } from '../../common/Fields';
import { EntityLinkList } from '../../vsphere/EntityLinks';
import { instanceSubheader, NetboxLink } from '../NetboxLabels';
import { netboxIdentity, tenantFields } from '../netboxFields';
import { useNetboxContents } from '../queries';
import { ContentsSections, ofNetboxType } from './ContentsSections';

/** A NetBox tenant: its VLAN groups, VRFs, VLANs and prefixes (all depend on it) in ONE call. */
export function TenantOverviewCard() {
  const { entity } = useEntity();
  const f = tenantFields(entity);
  const contents = useNetboxContents(entity);
  const items = contents.value?.items ?? [];
  const linked = (type: string) => {
    if (contents.loading) return <Progress />;
    const of = ofNetboxType(items, type);
    return of.length ? <EntityLinkList entities={of} /> : undefined;
  };
  return (
    <InfoCard
      title="NetBox tenant"
      subheader={instanceSubheader(entity)}
      action={
        <NetboxLink url={netboxIdentity(entity).url} what="this tenant" />
      }
    >
      <Fields>
        <Field label="Name">{f.name}</Field>
        <Field label="Slug">{f.slug}</Field>
        <Field label="Description">{entity.metadata.description}</Field>
        <Field label="VLAN groups" md={6}>
          {linked(NETBOX_ENTITY_TYPES.vlanGroup)}
        </Field>
        <Field label="VRFs" md={6}>
          {linked(NETBOX_ENTITY_TYPES.vrf)}
        </Field>
      </Fields>
      <ContentsSections
        state={contents}
        sections={['vlans', 'prefixes']}
        of="this tenant"
      />
    </InfoCard>
  );
}
