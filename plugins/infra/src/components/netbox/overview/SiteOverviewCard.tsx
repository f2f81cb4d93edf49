import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { Field, Fields } from '../../common/Fields';
import { relationRefs } from '../../vsphere/entityFields';
import { instanceSubheader, NetboxLink, NetboxStatus } from '../NetboxLabels';
import { isNetboxRefOf, netboxIdentity, siteFields } from '../netboxFields';
import { useNetboxContents } from '../queries';
import { ContentsSections } from './ContentsSections';

/**
 * A NetBox site: status, site group, and its VLANs (bound to it or in its VLAN groups) and the
 * prefixes scoped to it, in ONE catalog call.
 */
export function SiteOverviewCard() {
  const { entity } = useEntity();
  const f = siteFields(entity);
  const T = NETBOX_ENTITY_TYPES;
  // the group's ref is on the site's relations: a link without a lookup
  const groupRef = relationRefs(entity, 'dependsOn').find(r =>
    isNetboxRefOf(T.siteGroup, r),
  );
  const contents = useNetboxContents(entity, [T.vlanGroup]);
  return (
    <InfoCard
      title="NetBox site"
      subheader={instanceSubheader(entity)}
      action={<NetboxLink url={netboxIdentity(entity).url} what="this site" />}
    >
      <Fields>
        <Field label="Name">{f.name}</Field>
        <Field label="Slug">{f.slug}</Field>
        <Field label="Status">
          <NetboxStatus status={f.status} />
        </Field>
        <Field label="Site group">
          {f.siteGroup &&
            (groupRef ? (
              <EntityRefLink entityRef={groupRef}>{f.siteGroup}</EntityRefLink>
            ) : (
              f.siteGroup
            ))}
        </Field>
        <Field label="Description" md={8}>
          {entity.metadata.description}
        </Field>
      </Fields>
      <ContentsSections
        state={contents}
        sections={['vlans', 'prefixes']}
        of="this site"
      />
    </InfoCard>
  );
}
