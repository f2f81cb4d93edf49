import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { formatPercent } from './format';

/** How a bar is coloured: by how full it is (`usage`), or plainly (`neutral`). */
export type CapacityBarKind = 'usage' | 'neutral';

const useStyles = makeStyles(theme => ({
  root: { marginBottom: theme.spacing(1.5) },
  bar: { height: 8, borderRadius: 4 },
  ok: { backgroundColor: theme.palette.success.main },
  warning: { backgroundColor: theme.palette.warning.main },
  error: { backgroundColor: theme.palette.error.main },
  neutral: { backgroundColor: theme.palette.primary.main },
}));

/** Above these, a usage bar turns warning, then error. */
const WARNING_RATIO = 0.8;
const ERROR_RATIO = 0.9;

/**
 * A labelled horizontal bar for "value of max": `role="progressbar"` with `aria-valuenow` (percent,
 * capped at 100) and `aria-valuetext` carrying the real figures, so screen readers get both. Values
 * above max (over-provisioning) fill the bar and say so in the text.
 */
export function CapacityBar(props: {
  label: string;
  value: number;
  max: number;
  /** The figures in words, such as `36 GHz of 40 GHz`. */
  detail: string;
  kind?: CapacityBarKind;
}) {
  const { label, value, max, detail, kind = 'usage' } = props;
  const classes = useStyles();
  const ratio = max > 0 ? value / max : 0;
  const percent = Math.max(0, Math.min(100, ratio * 100));
  let tone: 'ok' | 'warning' | 'error' | 'neutral' = 'neutral';
  if (kind === 'usage') {
    if (ratio >= ERROR_RATIO) tone = 'error';
    else if (ratio >= WARNING_RATIO) tone = 'warning';
    else tone = 'ok';
  }
  return (
    <div className={classes.root}>
      <Box display="flex" justifyContent="space-between" flexWrap="wrap">
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color="textSecondary">
          {detail} ({formatPercent(ratio)})
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={label}
        aria-valuetext={`${formatPercent(ratio)}: ${detail}`}
        className={classes.bar}
        classes={{ bar: classes[tone] }}
      />
    </div>
  );
}
