import {
  InfoCard,
  Progress,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { infraApiRef } from '../../api';
import { StatusError, StatusOK, StatusWarning } from '../common/Status';
import { ErrorState } from '../common/errors';

const redisLabel = {
  connected: <StatusOK>connected</StatusOK>,
  unavailable: (
    <StatusWarning>unavailable: serving from memory and database</StatusWarning>
  ),
  disabled: <span>not configured (memory and database only)</span>,
};

/** The infra backend's storage health. */
export function BackendStatusCard() {
  const infraApi = useApi(infraApiRef);
  const { value, loading, error } = useAsync(
    () => infraApi.getStatus(),
    [infraApi],
  );

  if (loading) return <Progress aria-label="Loading infrastructure status" />;
  if (error)
    return <ErrorState title="Infra backend unavailable" error={error} />;
  if (!value) return null;
  return (
    <InfoCard title="Infra backend">
      <StructuredMetadataTable
        metadata={{
          Database: value.database.ok ? (
            <StatusOK>{value.database.client}</StatusOK>
          ) : (
            <StatusError>{value.database.client}: not answering</StatusError>
          ),
          'Redis cache': redisLabel[value.cache.redis],
        }}
      />
    </InfoCard>
  );
}
