import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  InvalidMacInput,
  parseMacList,
} from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import { MacTraceSwitchesResponse, macTraceApiRef } from '../../api/InfraApi';
import { invalidMacsOf, macTraceErrorMessage } from './messages';

const MACS_ID = 'mactrace-macs';
const MACS_HELP_ID = 'mactrace-macs-help';
const MACS_ERRORS_ID = 'mactrace-macs-errors';
const SCOPE_ID = 'mactrace-scope';

type SwitchList =
  | { state: 'loading' }
  | { state: 'ready'; data: MacTraceSwitchesResponse }
  | { state: 'failed' };

const fieldProps = {
  fullWidth: true,
  variant: 'outlined',
  size: 'small',
} as const;

type FormError =
  | { kind: 'none' }
  | { kind: 'macs'; invalid: InvalidMacInput[] }
  | { kind: 'empty' }
  | { kind: 'request'; message: string };

/**
 * Site and floor pickers fed by `GET /mactrace/switches` (free text if it fails), and MACs (several, any notation), checked here with `parseMacList` before anything
 * is sent; each bad MAC is listed under the field, which points at the list (`aria-describedby`).
 */
export function TraceForm(props: {
  running: boolean;
  onStarted: (jobId: string) => void;
}) {
  const { running, onStarted } = props;
  const api = useApi(macTraceApiRef);
  const [site, setSite] = useState('');
  const [floor, setFloor] = useState('');
  const [macs, setMacs] = useState('');
  const [error, setError] = useState<FormError>({ kind: 'none' });
  const [pending, setPending] = useState(false);
  const [switchList, setSwitchList] = useState<SwitchList>({
    state: 'loading',
  });

  useEffect(() => {
    let live = true;
    api.getMacTraceSwitches().then(
      data => live && setSwitchList({ state: 'ready', data }),
      () => live && setSwitchList({ state: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const pickers = switchList.state !== 'failed';
  const data = switchList.state === 'ready' ? switchList.data : undefined;
  const floors = useMemo(
    () => data?.sites.find(s => s.site === site)?.floors ?? [],
    [data, site],
  );
  const switchCount = useMemo(
    () =>
      data?.switches.filter(
        s => (!site || s.site === site) && (!floor || s.floor === floor),
      ).length,
    [data, site, floor],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { valid, invalid } = parseMacList(macs);
    if (invalid.length > 0) {
      setError({ kind: 'macs', invalid });
      return;
    }
    if (valid.length === 0) {
      setError({ kind: 'empty' });
      return;
    }
    setError({ kind: 'none' });
    setPending(true);
    try {
      const { jobId } = await api.startMacTrace({
        macs: valid.join(' '),
        site: site.trim() || undefined,
        floor: floor.trim() || undefined,
      });
      onStarted(jobId);
    } catch (e) {
      const fromServer = invalidMacsOf(e);
      setError(
        fromServer?.length
          ? { kind: 'macs', invalid: fromServer }
          : { kind: 'request', message: macTraceErrorMessage(e, 'A trace') },
      );
    } finally {
      setPending(false);
    }
  };

  const macsInvalid = error.kind === 'macs' || error.kind === 'empty';
  return (
    <InfoCard title="Trace MAC addresses">
      <form onSubmit={submit} noValidate aria-label="MAC trace">
        <Grid container spacing={2}>
          {pickers ? (
            <>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="mactrace-site"
                  label="Site"
                  select
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  value={site}
                  onChange={e => {
                    setSite(e.target.value);
                    setFloor('');
                  }}
                  disabled={!data}
                  helperText={
                    data
                      ? 'Optional: only switches of this site'
                      : 'Loading sites…'
                  }
                  inputProps={{ 'aria-describedby': SCOPE_ID }}
                  {...fieldProps}
                >
                  <option value="">All sites</option>
                  {data?.sites.map(s => (
                    <option key={s.site} value={s.site}>
                      {s.site}
                    </option>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="mactrace-floor"
                  label="Floor"
                  select
                  SelectProps={{ native: true }}
                  InputLabelProps={{ shrink: true }}
                  value={floor}
                  onChange={e => setFloor(e.target.value)}
                  disabled={!data || !site || floors.length === 0}
                  helperText={
                    site
                      ? 'Optional: only switches of this floor'
                      : 'Choose a site first'
                  }
                  inputProps={{ 'aria-describedby': SCOPE_ID }}
                  {...fieldProps}
                >
                  <option value="">All floors</option>
                  {floors.map(f => (
                    <option key={f.floor} value={f.floor}>
                      {f.floor} ({f.switches}{' '}
                      {f.switches === 1 ? 'switch' : 'switches'})
                    </option>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={12}>
                <Typography
                  id={SCOPE_ID}
                  variant="body2"
                  color="textSecondary"
                  aria-live="polite"
                >
                  {switchCount !== undefined &&
                    (switchCount === 1
                      ? '1 switch will be traced.'
                      : `${switchCount} switches will be traced.`)}
                </Typography>
              </Grid>
            </>
          ) : (
            <>
              <Grid item xs={12}>
                <Typography
                  id={SCOPE_ID}
                  variant="caption"
                  color="textSecondary"
                  component="p"
                >
                  The list of sites and floors could not be loaded; type them
                  instead.
                </Typography>
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="mactrace-site"
                  label="Site"
                  value={site}
                  onChange={e => setSite(e.target.value)}
                  helperText="Optional: only switches of this site"
                  {...fieldProps}
                />
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  id="mactrace-floor"
                  label="Floor"
                  value={floor}
                  onChange={e => setFloor(e.target.value)}
                  helperText="Optional: only switches of this floor"
                  {...fieldProps}
                />
              </Grid>
            </>
          )}
          <Grid item xs={12}>
            <TextField
              id={MACS_ID}
              label="MAC addresses"
              value={macs}
              onChange={e => setMacs(e.target.value)}
              required
              multiline
              minRows={3}
              fullWidth
              variant="outlined"
              error={macsInvalid}
              inputProps={{
                'aria-describedby': macsInvalid
                  ? `${MACS_ERRORS_ID} ${MACS_HELP_ID}`
                  : MACS_HELP_ID,
              }}
            />
            <Typography
              id={MACS_HELP_ID}
              variant="caption"
              color="textSecondary"
              component="p"
            >
              One or more, in any notation (aa:bb:cc:dd:ee:ff, aabb.ccdd.eeff,
              AA-BB-…), separated by spaces, commas or new lines.
            </Typography>
            <div id={MACS_ERRORS_ID} role="alert">
              {error.kind === 'empty' && (
                <Typography variant="body2" color="error">
                  Enter at least one MAC address.
                </Typography>
              )}
              {error.kind === 'macs' && (
                <>
                  <Typography variant="body2" color="error">
                    {error.invalid.length === 1
                      ? '1 entry is not a MAC address:'
                      : `${error.invalid.length} entries are not MAC addresses:`}
                  </Typography>
                  <Box component="ul" m={0} pl={3}>
                    {error.invalid.map((i, index) => (
                      <Typography
                        key={`${index}:${i.input}`}
                        component="li"
                        variant="body2"
                        color="error"
                      >
                        “{i.input}”: {i.reason}
                      </Typography>
                    ))}
                  </Box>
                </>
              )}
            </div>
          </Grid>
          <Grid item xs={12}>
            <Box display="flex" alignItems="center" gridGap={16}>
              <Button
                type="submit"
                variant="contained"
                color="primary"
                startIcon={<SearchIcon />}
                disabled={pending || running}
              >
                {running ? 'Tracing…' : 'Trace'}
              </Button>
              <span role="status">
                {error.kind === 'request' && (
                  <Typography variant="body2" color="error" component="span">
                    {error.message}
                  </Typography>
                )}
              </span>
            </Box>
          </Grid>
        </Grid>
      </form>
    </InfoCard>
  );
}
