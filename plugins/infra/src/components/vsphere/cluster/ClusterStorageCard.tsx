import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { CapacityBar } from '../../common/CapacityBar';
import { ErrorState } from '../../common/errors';
import { EmptyText, Field, Fields } from '../../common/Fields';
import { formatBytes } from '../../common/format';
import { useEarlyRequest } from '../../common/useEarlyRequest';
import { EntityLink } from '../EntityLinks';
import {
  datastoreFields,
  Entity,
  entityRef,
  sortByName,
} from '../entityFields';
import { clusterDatastores } from './clusterRequests';

const TITLE = 'Storage of this cluster';

function Totals(props: { datastores: Entity[] }) {
  const figures = props.datastores.map(datastoreFields);
  const measured = figures.filter(
    f => f.capacityBytes !== undefined && f.freeBytes !== undefined,
  );
  const sum = (pick: (f: (typeof figures)[number]) => number | undefined) =>
    measured.reduce((total, f) => total + (pick(f) ?? 0), 0);
  const capacity = sum(f => f.capacityBytes);
  const free = sum(f => f.freeBytes);
  const used = sum(f => f.usedBytes);
  const provisioned = sum(f => f.provisionedBytes);
  const unmeasured = figures.length - measured.length;
  return (
    <>
      <Fields>
        <Field label="Datastores" md={3}>
          {String(figures.length)}
        </Field>
        <Field label="Capacity" md={3}>
          {formatBytes(capacity)}
        </Field>
        <Field label="Free" md={3}>
          {formatBytes(free)}
        </Field>
        <Field label="Provisioned" md={3}>
          {formatBytes(provisioned)}
        </Field>
      </Fields>
      {capacity > 0 && (
        <Box mt={2}>
          <CapacityBar
            label="Used space of all datastores"
            value={used}
            max={capacity}
            detail={`${formatBytes(used)} of ${formatBytes(capacity)}`}
          />
          <CapacityBar
            label="Provisioned space of all datastores"
            value={provisioned}
            max={capacity}
            detail={`${formatBytes(provisioned)} of ${formatBytes(capacity)}`}
          />
        </Box>
      )}
      {unmeasured > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {unmeasured} of {figures.length} datastores report no capacity and are
          not counted.
        </Typography>
      )}
    </>
  );
}

/**
 * Capacity and free space of the datastores the cluster's hosts mount: the hosts come from the
 * cluster's own relations, the datastores from ONE catalog call.
 */
export function ClusterStorageCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const {
    value: datastores,
    loading,
    error,
  } = useEarlyRequest(clusterDatastores(catalogApi, entity));
  const value = useMemo(
    () => datastores && sortByName(datastores),
    [datastores],
  );

  return (
    <InfoCard
      title={TITLE}
      subheader="Datastores mounted by the cluster's hosts"
    >
      {loading && <Progress aria-label="Loading the datastores" />}
      {error && (
        <ErrorState title="Could not load the datastores" error={error} />
      )}
      {value && value.length === 0 && (
        <EmptyText>
          The cluster's hosts mount no datastores the catalog knows.
        </EmptyText>
      )}
      {value && value.length > 0 && (
        <>
          <Totals datastores={value} />
          <MuiTable size="small" aria-label="Datastores">
            <TableHead>
              <TableRow>
                <TableCell>Datastore</TableCell>
                <TableCell>Type</TableCell>
                <TableCell align="right">Capacity</TableCell>
                <TableCell align="right">Free</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.map(ds => {
                const f = datastoreFields(ds);
                return (
                  <TableRow key={entityRef(ds)}>
                    <TableCell>
                      <EntityLink entity={ds} />
                    </TableCell>
                    <TableCell>{f.type ?? '—'}</TableCell>
                    <TableCell align="right">
                      {formatBytes(f.capacityBytes) ?? '—'}
                    </TableCell>
                    <TableCell align="right">
                      {formatBytes(f.freeBytes) ?? '—'}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </MuiTable>
        </>
      )}
    </InfoCard>
  );
}
