import { useApi } from '@backstage/frontend-plugin-api';
import {
  Segment,
  SegmentsWriteResult,
} from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { segmentsApiRef } from '../../api/SegmentsApi';
import { errorMessage } from '../common/errors';
import { PlannedCalls } from './PlannedCalls';

/**
 * Deleting a segment deletes its VLAN and every prefix pointing to it, so the dialog opens with the
 * dry run's calls and deletes only on Apply.
 */
export function DeleteDialog(props: {
  segment: Segment;
  onClose: () => void;
  onApplied: (result: SegmentsWriteResult) => void;
}) {
  const { segment, onClose, onApplied } = props;
  const api = useApi(segmentsApiRef);
  const vlanId = segment.vlan.id;
  const [plan, setPlan] = useState<SegmentsWriteResult>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(true);
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    api.deleteSegment(vlanId, { dryRun: true }).then(
      result => {
        if (!live) return;
        setPlan(result);
        setPending(false);
      },
      e => {
        if (!live) return;
        setError(errorMessage(e));
        setPending(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, vlanId]);

  const apply = async () => {
    if (busy.current) return;
    busy.current = true;
    setPending(true);
    setError(undefined);
    try {
      onApplied(await api.deleteSegment(vlanId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      busy.current = false;
      setPending(false);
    }
  };

  const title = `Delete segment ${segment.vlanId} ${segment.epgName}`;
  return (
    <Dialog
      open
      onClose={pending && plan ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="segment-delete-title"
    >
      <DialogTitle id="segment-delete-title">{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          Deletes VLAN {segment.vlanId} ({segment.epgName}) and every prefix
          pointing to it, {segment.prefix} included.
        </Typography>
        {pending && !plan && (
          <LinearProgress aria-label="Planning the delete" />
        )}
        {error && (
          <Box mb={2} role="alert">
            <Typography variant="body2" color="error">
              {error}
            </Typography>
          </Box>
        )}
        {plan && (
          <Box component="section" aria-label="Preview">
            <Typography variant="h6" component="h3">
              Preview: NetBox calls
            </Typography>
            <PlannedCalls plan={plan} />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending && plan !== undefined}>
          Cancel
        </Button>
        <Button
          onClick={apply}
          disabled={!plan || pending}
          variant="contained"
          color="secondary"
        >
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
