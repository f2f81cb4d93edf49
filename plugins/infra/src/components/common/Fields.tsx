import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.625rem',
    fontWeight: 'bold',
    letterSpacing: 0.5,
    lineHeight: 1.6,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  value: { overflowWrap: 'anywhere', margin: 0 },
  list: { margin: 0 },
  missing: { color: theme.palette.text.secondary },
  section: { marginTop: theme.spacing(2) },
}));

/** A grid of label/value pairs, like the catalog's About card: a description list underneath. */
export function Fields(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Grid container spacing={2} component="dl" className={classes.list}>
      {props.children}
    </Grid>
  );
}

/** One label/value pair; a missing value shows a dash, not a blank. */
export function Field(props: {
  label: string;
  children?: ReactNode;
  /** Grid width on medium screens and up, in twelfths. */
  md?: 3 | 4 | 6 | 8 | 12;
}) {
  const classes = useStyles();
  const empty =
    props.children === undefined ||
    props.children === null ||
    props.children === '';
  return (
    <Grid item xs={12} sm={6} md={props.md ?? 4}>
      <Typography variant="h2" component="dt" className={classes.label}>
        {props.label}
      </Typography>
      {empty ? (
        <Typography
          variant="body2"
          component="dd"
          className={`${classes.value} ${classes.missing}`}
        >
          —
        </Typography>
      ) : (
        <Typography variant="body2" component="dd" className={classes.value}>
          {props.children}
        </Typography>
      )}
    </Grid>
  );
}

/** A small section heading inside a card. */
export function SectionTitle(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Typography
      variant="subtitle2"
      component="h3"
      gutterBottom
      className={classes.section}
    >
      {props.children}
    </Typography>
  );
}

/** What a card shows when there is nothing to list. */
export function EmptyText(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.children}
    </Typography>
  );
}
