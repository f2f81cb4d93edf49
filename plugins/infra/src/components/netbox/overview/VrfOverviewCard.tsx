import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Field, Fields, SectionTitle } from '../../common/Fields';
import { DependentPrefixes } from '../DependentPrefixes';
import { instanceSubheader, NetboxLink } from '../NetboxLabels';
import { netboxIdentity, vrfFields } from '../netboxFields';

/** A NetBox VRF: route distinguisher, tenant, and its prefixes (they depend on it) in ONE call. */
export function VrfOverviewCard() {
  const { entity } = useEntity();
  const f = vrfFields(entity);
  return (
    <InfoCard
      title="NetBox VRF"
      subheader={instanceSubheader(entity)}
      action={<NetboxLink url={netboxIdentity(entity).url} what="this VRF" />}
    >
      <Fields>
        <Field label="Name">{f.name}</Field>
        <Field label="Route distinguisher">{f.rd}</Field>
        <Field label="Tenant">{f.tenant}</Field>
        <Field label="Description">{entity.metadata.description}</Field>
      </Fields>
      <SectionTitle>Prefixes</SectionTitle>
      <DependentPrefixes label="Prefixes in this VRF" />
    </InfoCard>
  );
}
