import { SegmentsWriteResult } from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') {
    const named = value as { name?: unknown; vid?: unknown };
    if (typeof named.name === 'string') {
      return typeof named.vid === 'number'
        ? `${named.vid} ${named.name}`
        : named.name;
    }
    return JSON.stringify(value);
  }
  return String(value);
}

const LABELS: Record<string, string> = {
  prefix: 'prefix',
  vlanId: 'VLAN id',
  epgName: 'EPG name',
  dhcp: 'DHCP',
  description: 'description',
};

/** What the plan changes, one line each, in words a network engineer reads at a glance. */
function changeLines(plan: SegmentsWriteResult): string[] {
  const { diff } = plan;
  const lines: string[] = [];
  for (const name of diff.createVlanGroups ?? []) {
    lines.push(`Create VLAN group ${name}`);
  }
  for (const s of diff.create ?? []) {
    lines.push(
      `Create VLAN ${s.vlan.vid} ${s.vlan.name} with prefix ${s.prefix}` +
        `${s.vrf ? ` in VRF ${s.vrf.name}` : ''}` +
        `${s.siteGroup ? ` for site group ${s.siteGroup.name}` : ''}` +
        `${s.dhcp ? ', DHCP on' : ''}`,
    );
  }
  for (const u of diff.update ?? []) {
    const fields = Object.keys(u.after) as Array<keyof typeof u.after>;
    lines.push(
      `Segment ${u.id}: ${fields
        .map(
          f => `${LABELS[f] ?? f} ${show(u.before[f])} → ${show(u.after[f])}`,
        )
        .join(', ')}`,
    );
  }
  for (const v of diff.deleteVlans ?? []) {
    lines.push(`Delete VLAN ${v.vid} ${v.name} (NetBox id ${v.id})`);
  }
  return lines;
}

/**
 * A dry run's answer: the changes, then every NetBox call in order with its purpose and body, so
 * the user confirms exactly what will be written.
 */
export function PlannedCalls(props: { plan: SegmentsWriteResult }) {
  const { plan } = props;
  const lines = changeLines(plan);
  return (
    <Box>
      {lines.length > 0 && (
        <Box component="ul" mt={0} pl={3} aria-label="Planned changes">
          {lines.map((line, i) => (
            <Typography component="li" variant="body2" key={i}>
              {line}
            </Typography>
          ))}
        </Box>
      )}
      {plan.calls.length === 0 ? (
        <Typography variant="body2">Nothing to change in NetBox.</Typography>
      ) : (
        <Table size="small" aria-label="Planned NetBox calls">
          <TableHead>
            <TableRow>
              <TableCell>Method</TableCell>
              <TableCell>Path</TableCell>
              <TableCell>Purpose</TableCell>
              <TableCell>Body</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {plan.calls.map((call, i) => (
              <TableRow key={i}>
                <TableCell>{call.method}</TableCell>
                <TableCell>
                  <code>{call.path}</code>
                </TableCell>
                <TableCell>{call.purpose}</TableCell>
                <TableCell>
                  {call.body === undefined || call.body === null ? (
                    '—'
                  ) : (
                    <details>
                      <summary>
                        {Array.isArray(call.body)
                          ? `${call.body.length} object${
                              call.body.length === 1 ? '' : 's'
                            }`
                          : 'body'}
                      </summary>
                      <Box
                        component="pre"
                        m={0}
                        fontSize="caption.fontSize"
                        whiteSpace="pre-wrap"
                      >
                        {JSON.stringify(call.body, null, 2)}
                      </Box>
                    </details>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
