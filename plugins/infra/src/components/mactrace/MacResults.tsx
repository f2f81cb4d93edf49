import { InfoCard, WarningPanel } from '@backstage/core-components';
import { formatMac } from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import HistoryIcon from '@material-ui/icons/History';
import {
  MacTraceCandidate,
  MacTraceJob,
  MacTraceMacResult,
} from '../../api/InfraApi';
import { EmptyText, SectionTitle } from '../common/Fields';
import { formatCount, humanize } from '../common/format';
import { unansweredSwitches } from './JobProgress';

const useStyles = makeStyles(theme => ({
  best: {
    border: `2px solid ${theme.palette.success.main}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(1.5),
  },
  other: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(1, 0, 0),
  },
}));

/** `sw-a2-01 Gi1/0/12, VLAN 20 (users)`. */
export function portTitle(c: MacTraceCandidate): string {
  let vlan = '';
  if (c.vlan !== undefined) {
    vlan = `, VLAN ${c.vlan}${c.vlanName ? ` (${c.vlanName})` : ''}`;
  }
  return `${c.switchId} ${c.port}${vlan}`;
}

function Reasons(props: { reasons: string[]; label: string }) {
  const classes = useStyles();
  if (props.reasons.length === 0) return null;
  return (
    <ul className={classes.chips} aria-label={props.label}>
      {props.reasons.map(r => (
        <li key={r}>
          <Chip size="small" label={r} />
        </li>
      ))}
    </ul>
  );
}

function Candidate(props: { c: MacTraceCandidate; best: boolean }) {
  const { c, best } = props;
  const classes = useStyles();
  const title = portTitle(c);
  return (
    <Box
      className={best ? classes.best : classes.other}
      aria-label={best ? `Likely port: ${title}` : `Other port: ${title}`}
      role="group"
    >
      <Typography variant={best ? 'subtitle1' : 'body2'} component="div">
        {best ? <strong>Likely port: {title}</strong> : title}
      </Typography>
      <Reasons reasons={c.reasons} label={`Why ${title}`} />
    </Box>
  );
}

function Excluded(props: { result: MacTraceMacResult }) {
  const { result } = props;
  if (result.excluded?.length) {
    return (
      <>
        <SectionTitle>Ruled out</SectionTitle>
        <Box component="ul" m={0} pl={3}>
          {result.excluded.map(c => (
            <Typography
              key={`${c.switchId}|${c.port}|${c.vlan ?? 0}`}
              component="li"
              variant="body2"
            >
              {portTitle(c)}: {humanize(c.excludedBecause) ?? 'excluded'}
              {c.reasons.length ? ` (${c.reasons.join('; ')})` : ''}
            </Typography>
          ))}
        </Box>
      </>
    );
  }
  if (result.excludedCount) {
    return (
      <Typography variant="body2" color="textSecondary">
        Also seen on {formatCount(result.excludedCount)} uplink, LAG or trunk
        port{result.excludedCount === 1 ? '' : 's'} (shown with the
        infra.mactrace.uplinks.read permission).
      </Typography>
    );
  }
  return null;
}

/** One MAC: the likely port first with its reasons, then the other candidates, then the rest. */
export function MacResultCard(props: {
  result: MacTraceMacResult;
  partial: boolean;
  onShowHistory: (mac: string) => void;
}) {
  const { result, partial, onShowHistory } = props;
  const mac = formatMac(result.mac);
  const [best, ...others] = result.edge
    ? [
        result.edge,
        ...result.candidates.filter(
          c =>
            !(
              c.switchId === result.edge!.switchId &&
              c.port === result.edge!.port &&
              c.vlan === result.edge!.vlan
            ),
        ),
      ]
    : result.candidates;
  return (
    <InfoCard
      title={mac}
      subheader={result.summary}
      action={
        <Button
          size="small"
          startIcon={<HistoryIcon />}
          onClick={() => onShowHistory(result.mac)}
          aria-label={`History of ${mac}`}
        >
          History
        </Button>
      }
    >
      {partial && (
        <Box mb={1.5}>
          <WarningPanel
            severity="warning"
            title="Partial result"
            message="Some switches did not answer fully; this MAC may also be behind one of them."
          />
        </Box>
      )}
      {result.onlyUplinks && (
        <Box mb={1.5}>
          <WarningPanel
            severity="warning"
            title="Only uplinks saw this MAC"
            message="It was seen only on uplink, LAG or trunk ports. Its edge switch did not answer or is not in the traced list: narrow the trace to the site or floor it is on, or check the switch behind the uplink."
            defaultExpanded
          />
        </Box>
      )}
      {!result.found && (
        <EmptyText>
          Not found on any switch that answered{partial ? ' (so far)' : ''}.
        </EmptyText>
      )}
      {best && <Candidate c={best} best />}
      {others.length > 0 && (
        <>
          <SectionTitle>Other candidates, best first</SectionTitle>
          {others.map(c => (
            <Candidate
              key={`${c.switchId}|${c.port}|${c.vlan ?? 0}`}
              c={c}
              best={false}
            />
          ))}
        </>
      )}
      <Excluded result={result} />
    </InfoCard>
  );
}

/** The results of a finished job, one card per MAC, in the order they were asked. */
export function MacResults(props: {
  job: MacTraceJob;
  onShowHistory: (mac: string) => void;
}) {
  const { job, onShowHistory } = props;
  const unanswered = unansweredSwitches(job);
  const partial = unanswered.length > 0;
  const results = job.results ?? [];
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {partial && (
        <WarningPanel
          severity="warning"
          title={`Partial results: ${formatCount(
            unanswered.length,
          )} of ${formatCount(
            job.totalSwitches,
          )} switches did not answer fully`}
          message={unanswered
            .map(
              s =>
                `${s.switchId}: ${humanize(s.status)}${
                  s.message ? ` (${s.message})` : ''
                }`,
            )
            .join('; ')}
        />
      )}
      {results.length === 0 && (
        <EmptyText>The trace returned no results.</EmptyText>
      )}
      {results.map(r => (
        <MacResultCard
          key={r.mac}
          result={r}
          partial={partial && !r.edge}
          onShowHistory={onShowHistory}
        />
      ))}
    </Box>
  );
}
