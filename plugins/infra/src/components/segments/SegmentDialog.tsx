import { useApi } from '@backstage/frontend-plugin-api';
import {
  Segment,
  SegmentInput,
  SegmentsWriteResult,
  SegmentUpdate,
} from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useRef, useState } from 'react';
import { segmentsApiRef } from '../../api/SegmentsApi';
import { errorMessage } from '../common/errors';
import {
  checkCreate,
  checkUpdate,
  EMPTY_VALUES,
  FormErrors,
  formErrorsOf,
  itemErrorsOf,
  NO_ERRORS,
  SegmentFormValues,
  valuesOf,
} from './form';
import { BulkRows } from './BulkRows';
import { PlannedCalls } from './PlannedCalls';
import { SegmentFields } from './SegmentFields';
import { newRequestId } from './requestId';
import { parseRows, rowErrorsOf } from './rows';

/** Create a new segment, or edit the one given. */
export type SegmentDialogMode =
  | { kind: 'create' }
  | { kind: 'edit'; segment: Segment };

/** The checked request the preview was made for; Apply sends exactly this. */
type Prepared =
  | {
      kind: 'create';
      inputs: SegmentInput[];
      requestId: string;
      /** Pasted rows: the line of each item, for the backend's errors. */
      lines?: number[];
    }
  | { kind: 'edit'; update: SegmentUpdate };

/**
 * Create or edit one segment in two steps: the form, checked here with the backend's validation
 * (each message under the field it names), then Preview asks the backend for a dry run and shows
 * the NetBox calls it would make; Apply sends the same request for real. A create carries one
 * idempotency key per preview, so a double click or a retry cannot create twice.
 */
export function SegmentDialog(props: {
  mode: SegmentDialogMode;
  epgPattern: RegExp;
  onClose: () => void;
  onApplied: (result: SegmentsWriteResult) => void;
}) {
  const { mode, epgPattern, onClose, onApplied } = props;
  const api = useApi(segmentsApiRef);
  const [values, setValues] = useState<SegmentFormValues>(
    mode.kind === 'edit' ? valuesOf(mode.segment) : EMPTY_VALUES,
  );
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [requestError, setRequestError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [prepared, setPrepared] = useState<Prepared>();
  const [plan, setPlan] = useState<SegmentsWriteResult>();
  const [pending, setPending] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [rows, setRows] = useState('');
  const [rowErrors, setRowErrors] = useState<string[]>([]);
  // state updates land after the event; the ref stops a second click in the same frame
  const busy = useRef(false);

  const title =
    mode.kind === 'create'
      ? 'Create segment'
      : `Edit segment ${mode.segment.vlanId} ${mode.segment.epgName}`;

  const forget = () => {
    setPrepared(undefined);
    setPlan(undefined);
  };
  const set = (field: keyof SegmentFormValues, value: string | boolean) => {
    setValues(v => ({ ...v, [field]: value }));
    forget();
  };

  const send = (request: Prepared, dryRun: boolean) =>
    request.kind === 'create'
      ? api.createSegments(request.inputs, {
          dryRun,
          idempotencyKey: dryRun ? undefined : request.requestId,
        })
      : api.updateSegments([request.update], { dryRun });

  /** Runs one request; per-item errors go back to their fields (or pasted lines). */
  const run = async (request: Prepared, work: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    setRequestError(undefined);
    try {
      await work();
    } catch (e) {
      const items = itemErrorsOf(e);
      if (items) {
        if (request.kind === 'create' && request.lines) {
          setRowErrors(rowErrorsOf(items, request.lines));
        } else {
          setErrors(formErrorsOf(items));
        }
        setPlan(undefined);
      } else {
        setRequestError(errorMessage(e));
      }
    } finally {
      busy.current = false;
      setPending(false);
    }
  };

  const preview = (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    let request: Prepared | undefined;
    if (mode.kind === 'create' && bulk) {
      const parsed = parseRows(rows, epgPattern);
      setRowErrors(parsed.errors);
      if (parsed.errors.length === 0) {
        request = {
          kind: 'create',
          inputs: parsed.items,
          lines: parsed.lines,
          requestId: newRequestId(),
        };
      }
    } else if (mode.kind === 'create') {
      const checked = checkCreate(values, epgPattern);
      setErrors(checked.errors);
      if (checked.input) {
        request = {
          kind: 'create',
          inputs: [checked.input],
          requestId: newRequestId(),
        };
      }
    } else {
      const checked = checkUpdate(mode.segment, values, epgPattern);
      setErrors(checked.errors);
      if (checked.unchanged) {
        setNotice('Nothing was changed.');
        return;
      }
      if (checked.update) request = { kind: 'edit', update: checked.update };
    }
    if (!request) return;
    const ready = request;
    run(ready, async () => {
      const result = await send(ready, true);
      setPrepared(ready);
      setPlan(result);
    });
  };

  const apply = () => {
    if (!prepared) return;
    const request = prepared;
    run(request, async () => onApplied(await send(request, false)));
  };

  const inPreview = plan !== undefined && prepared !== undefined;

  return (
    <Dialog
      open
      onClose={pending ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="segment-dialog-title"
    >
      <form onSubmit={preview} noValidate aria-label={title}>
        <DialogTitle id="segment-dialog-title">{title}</DialogTitle>
        <DialogContent>
          {mode.kind === 'create' && (
            <Box mb={2}>
              <Button
                size="small"
                onClick={() => {
                  setBulk(b => !b);
                  forget();
                }}
                disabled={pending}
              >
                {bulk ? 'Enter one segment' : 'Paste several rows'}
              </Button>
            </Box>
          )}
          {bulk ? (
            <BulkRows
              value={rows}
              onChange={text => {
                setRows(text);
                forget();
              }}
              errors={rowErrors}
              disabled={pending}
            />
          ) : (
            <SegmentFields
              values={values}
              errors={errors.fields}
              editing={mode.kind === 'edit'}
              disabled={pending}
              onChange={set}
            />
          )}
          {errors.form.length > 0 && (
            <Box mt={2} role="alert">
              {errors.form.map((m, i) => (
                <Typography key={i} variant="body2" color="error">
                  {m}
                </Typography>
              ))}
            </Box>
          )}
          {requestError && (
            <Box mt={2} role="alert">
              <Typography variant="body2" color="error">
                {requestError}
              </Typography>
            </Box>
          )}
          {notice && (
            <Box mt={2} role="status">
              <Typography variant="body2">{notice}</Typography>
            </Box>
          )}
          {inPreview && (
            <Box mt={3} component="section" aria-label="Preview">
              <Typography variant="h6" component="h3">
                Preview: NetBox calls
              </Typography>
              <PlannedCalls plan={plan} />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button
            type="submit"
            disabled={pending}
            variant={inPreview ? 'text' : 'contained'}
            color="primary"
          >
            Preview
          </Button>
          <Button
            onClick={apply}
            disabled={!inPreview || pending}
            variant="contained"
            color="primary"
          >
            Apply
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
