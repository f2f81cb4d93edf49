import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { ErrorState } from '../common/errors';
import { PrefixTable, TruncatedNote } from './NetboxLabels';
import { sortByPrefix } from './netboxFields';
import { useDependents } from './queries';

/** The prefixes that depend on the page's entity (a VLAN's or a VRF's), in ONE catalog call. */
export function DependentPrefixes(props: { label: string }) {
  const { entity } = useEntity();
  const { value, loading, error } = useDependents(
    entity,
    NETBOX_ENTITY_TYPES.prefix,
  );
  if (loading) return <Progress aria-label="Loading the prefixes" />;
  if (error) {
    return <ErrorState title="Could not load the prefixes" error={error} />;
  }
  const prefixes = sortByPrefix(value?.items ?? []);
  return (
    <>
      <PrefixTable prefixes={prefixes} label={props.label} />
      <TruncatedNote shown={prefixes.length} total={value?.totalItems} />
    </>
  );
}
