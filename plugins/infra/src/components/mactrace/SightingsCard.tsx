import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  formatMac,
  tryNormalizeMac,
} from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { MacSighting, macTraceApiRef } from '../../api/InfraApi';
import { EmptyText } from '../common/Fields';
import { formatTime, humanize } from '../common/format';
import { macTraceErrorMessage } from './messages';

const useStyles = makeStyles({ nowrap: { whiteSpace: 'nowrap' } });

export function SightingsTable(props: {
  mac: string;
  sightings: MacSighting[];
}) {
  const classes = useStyles();
  return (
    <Box overflow="auto">
      <Table size="small" aria-label={`Sightings of ${formatMac(props.mac)}`}>
        <TableHead>
          <TableRow>
            <TableCell>Switch</TableCell>
            <TableCell>Port</TableCell>
            <TableCell>VLAN</TableCell>
            <TableCell>Port kind</TableCell>
            <TableCell>First seen</TableCell>
            <TableCell>Last seen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.sightings.map(s => (
            <TableRow key={`${s.switchId}|${s.port}|${s.vlan ?? 0}`}>
              <TableCell className={classes.nowrap}>{s.switchId}</TableCell>
              <TableCell className={classes.nowrap}>{s.port}</TableCell>
              <TableCell>{s.vlan ?? '—'}</TableCell>
              <TableCell>
                {s.portKind === 'edge' ? 'Edge' : humanize(s.portKind)}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {formatTime(s.firstSeen)}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {formatTime(s.lastSeen)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function Sightings(props: { mac: string; reloadKey?: string }) {
  const api = useApi(macTraceApiRef);
  const { value, loading, error } = useAsync(
    () => api.getMacSightings(props.mac),
    [api, props.mac, props.reloadKey],
  );
  if (loading) {
    return (
      <Progress aria-label={`Loading the history of ${formatMac(props.mac)}`} />
    );
  }
  if (error) {
    return (
      <Typography variant="body2" color="error" role="alert">
        {macTraceErrorMessage(error, 'Reading the history')}
      </Typography>
    );
  }
  if (!value || value.sightings.length === 0) {
    return <EmptyText>No trace has seen {formatMac(props.mac)} yet.</EmptyText>;
  }
  return <SightingsTable mac={value.mac} sightings={value.sightings} />;
}

/**
 * Where a MAC was seen by earlier traces, last seen first. `mac` (canonical) is set from outside
 * by a result's "History" button; the field allows any MAC. A new `reloadKey` (a trace finished)
 * reads the history again.
 */
export function SightingsCard(props: {
  mac?: string;
  reloadKey?: string;
  onMacChange: (mac: string) => void;
}) {
  const { mac, reloadKey, onMacChange } = props;
  const [input, setInput] = useState(mac ? formatMac(mac) : '');
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    if (mac) {
      setInput(formatMac(mac));
      setInvalid(false);
    }
  }, [mac]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = tryNormalizeMac(input.trim());
    setInvalid(!normalized);
    if (normalized) onMacChange(normalized);
  };

  return (
    <InfoCard title="History of a MAC">
      <form onSubmit={submit} noValidate aria-label="MAC history">
        <Box display="flex" alignItems="flex-start" gridGap={16} mb={2}>
          <TextField
            id="mactrace-history-mac"
            label="MAC address"
            value={input}
            onChange={e => setInput(e.target.value)}
            variant="outlined"
            size="small"
            error={invalid}
            helperText={invalid ? 'Not a MAC address.' : undefined}
          />
          <Button type="submit" variant="outlined" color="primary">
            Show history
          </Button>
        </Box>
      </form>
      {mac && <Sightings mac={mac} reloadKey={reloadKey} />}
    </InfoCard>
  );
}
