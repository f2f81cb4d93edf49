import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { infraApiRef } from '../../api';

const redisLabel = {
  connected: <StatusOK>connected</StatusOK>,
  unavailable: (
    <StatusWarning>unavailable: serving from memory and database</StatusWarning>
  ),
  disabled: <span>not configured (memory and database only)</span>,
};

/** The sync status page: storage health now, per-source sync state as the providers land. */
export function StatusPage() {
  const infraApi = useApi(infraApiRef);
  const { value, loading, error } = useAsync(
    () => infraApi.getStatus(),
    [infraApi],
  );

  return (
    <Content>
      {loading && <Progress aria-label="Loading infrastructure status" />}
      {error && (
        <ResponseErrorPanel error={error} title="Infra backend unavailable" />
      )}
      {value && (
        <InfoCard title="Infra backend">
          <StructuredMetadataTable
            metadata={{
              Database: value.database.ok ? (
                <StatusOK>{value.database.client}</StatusOK>
              ) : (
                <StatusError>
                  {value.database.client}: not answering
                </StatusError>
              ),
              'Redis cache': redisLabel[value.cache.redis],
            }}
          />
        </InfoCard>
      )}
    </Content>
  );
}
