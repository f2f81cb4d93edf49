import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusWarning } from './Status';
import { formatTime } from './format';

/** The freshness part of a cached section of the resources API. */
export interface SectionFreshness {
  stale: boolean;
  ageMs: number;
  refreshError?: string;
}

/** When the data was read from vCenter: the time the response arrived minus its age. */
export function readAt(section: SectionFreshness, receivedAt: number): number {
  return receivedAt - Math.max(0, section.ageMs);
}

/**
 * How fresh a cached section is. Stale data is marked in words ("Stale, as of …") next to a warning
 * icon, with the reason the refresh failed when the backend gave one; fresh data gets a quiet
 * "As of …".
 */
export function Freshness(props: {
  section: SectionFreshness;
  /** Epoch ms at which the response arrived. */
  receivedAt: number;
}) {
  const { section, receivedAt } = props;
  const when = formatTime(readAt(section, receivedAt));
  if (!section.stale) {
    return (
      <Typography variant="caption" color="textSecondary" component="p">
        As of {when}
      </Typography>
    );
  }
  return (
    <Box mb={1}>
      <StatusWarning>Stale, as of {when}</StatusWarning>
      {section.refreshError && (
        <Typography variant="caption" color="textSecondary" component="p">
          vCenter could not be read again: {section.refreshError}
        </Typography>
      )}
    </Box>
  );
}
