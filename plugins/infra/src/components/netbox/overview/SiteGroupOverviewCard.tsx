import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { Field, Fields } from '../../common/Fields';
import { relationRefs } from '../../vsphere/entityFields';
import { instanceSubheader, NetboxLink } from '../NetboxLabels';
import {
  isNetboxRefOf,
  netboxIdentity,
  siteGroupFields,
} from '../netboxFields';
import { useNetboxContents } from '../queries';
import { ContentsSections } from './ContentsSections';

/**
 * A NetBox site group: its parent, its sites, the VLANs of its sites and VLAN groups and the prefixes
 * scoped to it, in ONE catalog call. VLANs of child groups are on the child group's page.
 */
export function SiteGroupOverviewCard() {
  const { entity } = useEntity();
  const f = siteGroupFields(entity);
  const T = NETBOX_ENTITY_TYPES;
  const parentRef = relationRefs(entity, 'dependsOn').find(r =>
    isNetboxRefOf(T.siteGroup, r),
  );
  const contents = useNetboxContents(entity, [T.site, T.vlanGroup]);
  return (
    <InfoCard
      title="NetBox site group"
      subheader={instanceSubheader(entity)}
      action={
        <NetboxLink url={netboxIdentity(entity).url} what="this site group" />
      }
    >
      <Fields>
        <Field label="Name">{f.name}</Field>
        <Field label="Slug">{f.slug}</Field>
        <Field label="Parent group">
          {f.parent &&
            (parentRef ? (
              <EntityRefLink entityRef={parentRef}>{f.parent}</EntityRefLink>
            ) : (
              f.parent
            ))}
        </Field>
        <Field label="Description" md={12}>
          {entity.metadata.description}
        </Field>
      </Fields>
      <ContentsSections
        state={contents}
        sections={['sites', 'vlans', 'prefixes']}
        of="this site group"
      />
    </InfoCard>
  );
}
