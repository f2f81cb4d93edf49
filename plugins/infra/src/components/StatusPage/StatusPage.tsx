import { Content, InfoCard, Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { ErrorState } from '../common/errors';
import { EmptyText } from '../common/Fields';
import { BackendStatusCard } from './BackendStatusCard';
import { SyncSourceCard } from './SyncSourceCard';
import { DEFAULT_POLL_MS, useSyncStatus } from './useSyncStatus';

function SyncSources(props: { pollMs: number }) {
  const { value, error, loading, watch } = useSyncStatus(props.pollMs);
  if (loading) return <Progress aria-label="Loading sync status" />;
  return (
    <Grid container spacing={3}>
      {error && (
        <Grid item xs={12}>
          <ErrorState title="Sync status unavailable" error={error} />
        </Grid>
      )}
      {value && value.sources.length === 0 && (
        <Grid item xs={12} md={6}>
          <InfoCard title="Sync sources">
            <EmptyText>
              No vCenter or NetBox source is configured
              (catalog.providers.vsphere, catalog.providers.netbox).
            </EmptyText>
          </InfoCard>
        </Grid>
      )}
      {value?.sources.map(source => (
        <Grid item xs={12} key={`${source.kind}:${source.id}`}>
          <SyncSourceCard source={source} onSyncStarted={watch} />
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The sync status page: the infra backend's storage health, then per source (vCenter, NetBox) its
 * mode, the run in progress and the last runs, with "Sync now".
 */
export function StatusPage(props: { pollMs?: number }) {
  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <BackendStatusCard />
        </Grid>
        <Grid item xs={12}>
          <SyncSources pollMs={props.pollMs ?? DEFAULT_POLL_MS} />
        </Grid>
      </Grid>
    </Content>
  );
}
