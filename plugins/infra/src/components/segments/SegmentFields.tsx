import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { FormErrors, SegmentField, SegmentFormValues } from './form';

const DHCP_HELP_ID = 'segment-dhcp-help';

const TEXT_FIELDS: Array<{
  field: Exclude<SegmentField, 'dhcp'>;
  label: string;
  help: string;
  /** Not changeable by an update. */
  fixed?: boolean;
}> = [
  { field: 'vlan_id', label: 'VLAN id', help: '1-4094' },
  {
    field: 'epg_name',
    label: 'EPG name',
    help: "Stored as the VLAN's name; unique in its VLAN group",
  },
  {
    field: 'site',
    label: 'Site group',
    help: 'Name, slug or NetBox id',
    fixed: true,
  },
  {
    field: 'prefix',
    label: 'Prefix',
    help: 'CIDR with host bits zero, e.g. 10.20.30.0/24',
  },
  { field: 'vrf', label: 'VRF', help: 'Name, RD or NetBox id', fixed: true },
  { field: 'description', label: 'Description', help: 'Optional' },
];

/**
 * The labelled inputs of one segment, each message under its field (`aria-describedby`). Editing
 * fixes site group and VRF: an update cannot move a segment to another group or VRF.
 */
export function SegmentFields(props: {
  values: SegmentFormValues;
  errors: FormErrors['fields'];
  editing: boolean;
  disabled: boolean;
  onChange: (field: keyof SegmentFormValues, value: string | boolean) => void;
}) {
  const { values, errors, editing, disabled, onChange } = props;
  return (
    <Grid container spacing={2}>
      {TEXT_FIELDS.map(f => {
        const fixed = editing && f.fixed;
        const error = errors[f.field];
        return (
          <Grid
            item
            xs={12}
            sm={f.field === 'description' ? 12 : 6}
            key={f.field}
          >
            <TextField
              id={`segment-${f.field}`}
              label={f.label}
              value={values[f.field]}
              onChange={e => onChange(f.field, e.target.value)}
              required={f.field !== 'description'}
              disabled={fixed || disabled}
              error={Boolean(error)}
              helperText={
                error ?? (fixed ? 'Cannot be changed on a segment' : f.help)
              }
              fullWidth
              variant="outlined"
              size="small"
            />
          </Grid>
        );
      })}
      <Grid item xs={12}>
        <FormControlLabel
          label="DHCP"
          control={
            <Checkbox
              id="segment-dhcp"
              checked={values.dhcp}
              onChange={e => onChange('dhcp', e.target.checked)}
              disabled={disabled}
              color="primary"
              inputProps={{
                'aria-describedby': DHCP_HELP_ID,
                'aria-invalid': Boolean(errors.dhcp),
              }}
            />
          }
        />
        <FormHelperText id={DHCP_HELP_ID} error={Boolean(errors.dhcp)}>
          {errors.dhcp ?? 'The prefix is served by DHCP'}
        </FormHelperText>
      </Grid>
    </Grid>
  );
}
