import { Segment } from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

const COLUMNS = [
  'VLAN id',
  'EPG name',
  'Site group',
  'Prefix',
  'VRF',
  'DHCP',
  'Tenant',
  'Role',
  'Description',
];

function Header(props: { actions: boolean }) {
  return (
    <TableHead>
      <TableRow>
        {COLUMNS.map(c => (
          <TableCell key={c}>{c}</TableCell>
        ))}
        {props.actions && <TableCell>Actions</TableCell>}
      </TableRow>
    </TableHead>
  );
}

function Bar() {
  return <Box height={14} borderRadius={4} bgcolor="action.hover" />;
}

/** Rows of grey bars in the table's shape while the list loads. */
export function SegmentsTableSkeleton(props: { actions: boolean }) {
  return (
    <Table size="small" aria-label="Segments" aria-busy="true">
      <caption>Loading segments…</caption>
      <Header actions={props.actions} />
      <TableBody>
        {[0, 1, 2, 3, 4].map(row => (
          <TableRow key={row}>
            {[...COLUMNS, ...(props.actions ? ['actions'] : [])].map(c => (
              <TableCell key={c}>
                <Bar />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The segments, one row each; Edit and Delete only when handlers are given (write permission). */
export function SegmentsTable(props: {
  segments: Segment[];
  onEdit?: (segment: Segment) => void;
  onDelete?: (segment: Segment) => void;
}) {
  const { segments, onEdit, onDelete } = props;
  const actions = Boolean(onEdit || onDelete);
  return (
    <Table size="small" aria-label="Segments">
      <Header actions={actions} />
      <TableBody>
        {segments.map(s => (
          <TableRow key={s.id}>
            <TableCell>{s.vlanId}</TableCell>
            <TableCell>{s.epgName}</TableCell>
            <TableCell>{s.siteGroup?.name ?? '—'}</TableCell>
            <TableCell>
              <code>{s.prefix}</code>
            </TableCell>
            <TableCell>{s.vrf?.name ?? '—'}</TableCell>
            <TableCell>{s.dhcp ? 'Yes' : 'No'}</TableCell>
            <TableCell>{s.tenant?.name ?? '—'}</TableCell>
            <TableCell>{s.role?.name ?? '—'}</TableCell>
            <TableCell>{s.description || '—'}</TableCell>
            {actions && (
              <TableCell>
                <Box display="flex" style={{ gap: 8 }}>
                  {onEdit && (
                    <Button size="small" onClick={() => onEdit(s)}>
                      Edit
                    </Button>
                  )}
                  {onDelete && (
                    <Button
                      size="small"
                      color="secondary"
                      onClick={() => onDelete(s)}
                    >
                      Delete
                    </Button>
                  )}
                </Box>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
