import Chip from '@material-ui/core/Chip';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '../common/Status';
import { humanize } from '../common/format';
import { OverallStatus } from './entityFields';

/** `poweredOn` and friends, with the catalog's status colours. */
export function PowerState(props: { state?: string }) {
  const { state } = props;
  if (!state) return null;
  const text = humanize(state);
  switch (state) {
    case 'poweredOn':
      return <StatusOK>{text}</StatusOK>;
    case 'poweredOff':
      return <StatusAborted>{text}</StatusAborted>;
    case 'suspended':
    case 'standBy':
      return <StatusWarning>{text}</StatusWarning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

/** A host's connection to vCenter. */
export function ConnectionState(props: { state?: string }) {
  const { state } = props;
  if (!state) return null;
  const text = humanize(state);
  return state === 'connected' ? (
    <StatusOK>{text}</StatusOK>
  ) : (
    <StatusError>{text}</StatusError>
  );
}

/** A host's maintenance mode (label `true` when in maintenance); `short` for table cells. */
export function MaintenanceState(props: {
  inMaintenance: boolean;
  short?: boolean;
}) {
  if (!props.inMaintenance) return <StatusOK>No</StatusOK>;
  return (
    <StatusWarning>{props.short ? 'Yes' : 'In maintenance'}</StatusWarning>
  );
}

const OVERALL_TEXT: Record<OverallStatus, string> = {
  green: 'Normal',
  yellow: 'Warning',
  red: 'Alert',
  gray: 'Unknown',
};

/** vSphere's overall status (green/yellow/red/gray) in words, not just colour. */
export function OverallStatusLabel(props: { status?: OverallStatus }) {
  const { status } = props;
  if (!status) return null;
  const text = `${OVERALL_TEXT[status]} (${status})`;
  switch (status) {
    case 'green':
      return <StatusOK>{text}</StatusOK>;
    case 'yellow':
      return <StatusWarning>{text}</StatusWarning>;
    case 'red':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

const TOOLS_TEXT: Record<string, string> = {
  toolsOk: 'Running, current',
  toolsOld: 'Running, outdated',
  toolsNotRunning: 'Not running',
  toolsNotInstalled: 'Not installed',
};

const TOOLS_SHORT: Record<string, string> = {
  toolsOk: 'OK',
  toolsOld: 'Outdated',
  toolsNotRunning: 'Not running',
  toolsNotInstalled: 'Not installed',
};

/** VMware Tools status of a VM; `short` for table cells. */
export function ToolsState(props: { state?: string; short?: boolean }) {
  const { state } = props;
  if (!state) return null;
  const text =
    (props.short ? TOOLS_SHORT[state] : TOOLS_TEXT[state]) ?? humanize(state);
  switch (state) {
    case 'toolsOk':
      return <StatusOK>{text}</StatusOK>;
    case 'toolsOld':
    case 'toolsNotRunning':
      return <StatusWarning>{text}</StatusWarning>;
    case 'toolsNotInstalled':
      return <StatusAborted>{text}</StatusAborted>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

/** Enabled/disabled for a cluster feature. */
export function OnOff(props: { value?: boolean; detail?: string }) {
  if (props.value === undefined) return null;
  return props.value ? (
    <StatusOK>{props.detail ? `Enabled, ${props.detail}` : 'Enabled'}</StatusOK>
  ) : (
    <StatusAborted>Disabled</StatusAborted>
  );
}

/** The badge that tells a template from a VM at a glance. */
export function TemplateBadge() {
  return <Chip size="small" label="Template" color="primary" />;
}
