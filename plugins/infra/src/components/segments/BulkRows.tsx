import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';

const HELP_ID = 'segment-rows-helper-text';
const ERRORS_ID = 'segment-rows-errors';

/**
 * A text area for several segments, one per line; the problems of each line are listed below it
 * and read out with the field (`aria-describedby`).
 */
export function BulkRows(props: {
  value: string;
  onChange: (value: string) => void;
  errors: string[];
  disabled: boolean;
}) {
  const { value, onChange, errors, disabled } = props;
  return (
    <Box>
      <TextField
        id="segment-rows"
        label="Rows"
        value={value}
        onChange={e => onChange(e.target.value)}
        multiline
        minRows={6}
        fullWidth
        variant="outlined"
        disabled={disabled}
        error={errors.length > 0}
        helperText="One segment per line: VLAN id, EPG name, site group, prefix, VRF, then optionally DHCP (yes/no) and description. Commas or tabs; a header line may name the columns in another order."
        inputProps={{
          'aria-describedby': `${HELP_ID}${
            errors.length ? ` ${ERRORS_ID}` : ''
          }`,
          style: { fontFamily: 'monospace' },
        }}
      />
      {errors.length > 0 && (
        <Box component="ul" id={ERRORS_ID} mt={1} pl={3}>
          {errors.map((message, i) => (
            <Typography component="li" variant="body2" color="error" key={i}>
              {message}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}
