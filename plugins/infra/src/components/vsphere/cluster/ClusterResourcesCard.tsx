import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ClusterResourcesResponse,
  ResourceSection,
} from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { StatusPending } from '../../common/Status';
import { ErrorState } from '../../common/errors';
import { EmptyText, SectionTitle } from '../../common/Fields';
import { formatCount } from '../../common/format';
import { Freshness } from '../../common/Freshness';
import {
  DatastoresTable,
  NetworksTable,
  PoolsTable,
  TemplatesTable,
} from './resourceTables';
import { useClusterRead, useRetryWhile } from './useClusterRead';

/** While the backend reads the templates for the first time, ask again this often, this many times. */
const TEMPLATES_RETRY_MS = 5000;
const TEMPLATES_RETRIES = 12;

function Section(props: {
  title: string;
  section: ResourceSection<unknown>;
  receivedAt: number;
  children: ReactNode;
}) {
  return (
    <section aria-label={props.title}>
      <SectionTitle>
        {props.title} ({formatCount(props.section.items.length)})
      </SectionTitle>
      <Freshness section={props.section} receivedAt={props.receivedAt} />
      <Box overflow="auto">{props.children}</Box>
    </section>
  );
}

function Templates(props: {
  templates: ClusterResourcesResponse['templates'];
  receivedAt: number;
}) {
  const { templates, receivedAt } = props;
  if (templates.loading) {
    return (
      <section aria-label="VM templates">
        <SectionTitle>VM templates</SectionTitle>
        <StatusPending>
          Templates still loading: vCenter is being read, this card checks again
          shortly.
        </StatusPending>
      </section>
    );
  }
  return (
    <Section title="VM templates" section={templates} receivedAt={receivedAt}>
      {templates.truncated && (
        <Typography variant="caption" color="textSecondary" component="p">
          Showing {formatCount(templates.items.length)} of{' '}
          {formatCount(templates.total)} templates.
        </Typography>
      )}
      <TemplatesTable templates={templates.items} />
    </Section>
  );
}

/**
 * What the cluster offers to place a VM: resource pools, networks with their VLAN, datastores with
 * free space and VM templates, read from vCenter through the infra backend's cache (ONE call).
 * Each section says how old it is, and that it is stale when the backend could not refresh it.
 */
export function ClusterResourcesCard() {
  const { entity } = useEntity();
  const { value, loading, error, retry, missing } = useClusterRead(
    entity,
    'resources',
  );
  const templatesLoading = value?.value.templates.loading === true;
  useRetryWhile(
    templatesLoading && !loading,
    retry,
    TEMPLATES_RETRY_MS,
    TEMPLATES_RETRIES,
  );

  let body: ReactNode;
  if (missing) {
    body = (
      <EmptyText>
        This entity has no vCenter or moref annotation to look the cluster up
        with.
      </EmptyText>
    );
  } else if (value) {
    const { pools, networks, datastores, templates } = value.value;
    const at = value.receivedAt;
    body = (
      <>
        <Section title="Resource pools" section={pools} receivedAt={at}>
          <PoolsTable pools={pools.items} />
        </Section>
        <Section title="Networks" section={networks} receivedAt={at}>
          <NetworksTable networks={networks.items} />
        </Section>
        <Section title="Datastores" section={datastores} receivedAt={at}>
          <DatastoresTable datastores={datastores.items} />
        </Section>
        <Templates templates={templates} receivedAt={at} />
      </>
    );
  } else if (error) {
    body = (
      <ErrorState
        title="Could not load the cluster's resources"
        error={error}
      />
    );
  } else {
    body = <Progress aria-label="Loading the cluster's resources" />;
  }

  return (
    <InfoCard
      title="Resources of this cluster"
      subheader="Pools, networks, datastores and templates, read from vCenter"
    >
      {body}
    </InfoCard>
  );
}
