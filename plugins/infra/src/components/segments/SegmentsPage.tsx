import { Content, InfoCard } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  DEFAULT_EPG_NAME_PATTERN,
  infraSegmentsWritePermission,
  Segment,
  SegmentsWriteResult,
} from '@infra-inventory/plugin-infra-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import { useEffect, useMemo, useState } from 'react';
import { segmentsApiRef } from '../../api/SegmentsApi';
import { ErrorState } from '../common/errors';
import { DeleteDialog } from './DeleteDialog';
import { SegmentDialog, SegmentDialogMode } from './SegmentDialog';
import { SegmentsTable, SegmentsTableSkeleton } from './SegmentsTable';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; segments: Segment[] }
  | { state: 'failed'; error: unknown };

type Open =
  | { kind: 'none' }
  | SegmentDialogMode
  | { kind: 'delete'; segment: Segment };

/**
 * The backend applies `infra.segments.epgNamePattern`; the same pattern here when the app's config
 * exposes it, else the default, so the form rejects what the backend would.
 */
function useEpgPattern(): RegExp {
  const config = useApi(configApiRef);
  const configured = config.getOptionalString('infra.segments.epgNamePattern');
  return useMemo(() => {
    try {
      return new RegExp(configured ?? DEFAULT_EPG_NAME_PATTERN);
    } catch {
      return new RegExp(DEFAULT_EPG_NAME_PATTERN);
    }
  }, [configured]);
}

function summary(result: SegmentsWriteResult): string {
  const { diff } = result;
  if (diff.create?.length) {
    return `Created ${diff.create
      .map(s => `VLAN ${s.vlan.vid} ${s.vlan.name}`)
      .join(', ')}.`;
  }
  if (diff.update?.length) {
    return `Updated ${diff.update.length} segment${
      diff.update.length === 1 ? '' : 's'
    }.`;
  }
  if (diff.deleteVlans?.length) {
    return `Deleted ${diff.deleteVlans
      .map(v => `VLAN ${v.vid} ${v.name}`)
      .join(', ')}.`;
  }
  return 'Done.';
}

/**
 * Segments (NetBox VLAN + prefix pairs) with a site group filter. With `infra.segments.write`:
 * Create segment, and Edit and Delete per row, each previewed as a dry run before Apply.
 * The page heading "Segments" is the plugin header's, from the page extension's title.
 */
export function SegmentsPage() {
  const api = useApi(segmentsApiRef);
  const epgPattern = useEpgPattern();
  const { allowed: canWrite } = usePermission({
    permission: infraSegmentsWritePermission,
  });
  const [siteGroup, setSiteGroup] = useState('');
  const [siteGroups, setSiteGroups] = useState<string[]>([]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [done, setDone] = useState<string>();

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    api.listSegments({ siteGroup: siteGroup || undefined }).then(
      ({ segments }) => {
        if (!live) return;
        setLoad({ state: 'ready', segments });
        // the filter offers the site groups of the full list
        if (!siteGroup) {
          setSiteGroups(
            [
              ...new Set(
                segments.flatMap(s => (s.siteGroup ? [s.siteGroup.name] : [])),
              ),
            ].sort((a, b) => a.localeCompare(b)),
          );
        }
      },
      error => live && setLoad({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [api, siteGroup, reload]);

  const applied = (result: SegmentsWriteResult) => {
    setOpen({ kind: 'none' });
    setDone(summary(result));
    setReload(n => n + 1);
  };
  const close = () => setOpen({ kind: 'none' });

  return (
    <Content>
      <Box display="flex" alignItems="flex-end" mb={2} style={{ gap: 16 }}>
        <TextField
          id="segments-site-group-filter"
          label="Filter by site group"
          select
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          value={siteGroup}
          onChange={e => {
            setSiteGroup(e.target.value);
            setDone(undefined);
          }}
          variant="outlined"
          size="small"
          style={{ minWidth: 240 }}
        >
          <option value="">All site groups</option>
          {siteGroups.map(g => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </TextField>
        <Box flexGrow={1} />
        {canWrite && (
          <Button
            variant="contained"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => {
              setDone(undefined);
              setOpen({ kind: 'create' });
            }}
          >
            Create segment
          </Button>
        )}
      </Box>
      <Box role="status" mb={done ? 2 : 0}>
        {done && <Typography variant="body2">{done}</Typography>}
      </Box>
      {load.state === 'failed' ? (
        <Box>
          <ErrorState title="Could not load segments" error={load.error} />
          <Box mt={1}>
            <Button variant="outlined" onClick={() => setReload(n => n + 1)}>
              Retry
            </Button>
          </Box>
        </Box>
      ) : (
        <InfoCard title="VLANs and prefixes in NetBox" noPadding>
          {load.state === 'loading' && (
            <SegmentsTableSkeleton actions={canWrite} />
          )}
          {load.state === 'ready' && load.segments.length === 0 && (
            <Box p={2}>
              <Typography variant="body2">
                {siteGroup
                  ? `No segments in site group ${siteGroup}.`
                  : 'No segments yet: no prefix in NetBox points to a VLAN.'}
                {canWrite && ' Use Create segment to add one.'}
              </Typography>
            </Box>
          )}
          {load.state === 'ready' && load.segments.length > 0 && (
            <SegmentsTable
              segments={load.segments}
              onEdit={
                canWrite
                  ? segment => setOpen({ kind: 'edit', segment })
                  : undefined
              }
              onDelete={
                canWrite
                  ? segment => setOpen({ kind: 'delete', segment })
                  : undefined
              }
            />
          )}
        </InfoCard>
      )}
      {(open.kind === 'create' || open.kind === 'edit') && (
        <SegmentDialog
          mode={open}
          epgPattern={epgPattern}
          onClose={close}
          onApplied={applied}
        />
      )}
      {open.kind === 'delete' && (
        <DeleteDialog
          segment={open.segment}
          onClose={close}
          onApplied={applied}
        />
      )}
    </Content>
  );
}
