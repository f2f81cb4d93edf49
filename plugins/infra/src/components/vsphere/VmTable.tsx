import { Table, TableColumn } from '@backstage/core-components';
import { useMemo } from 'react';
import { formatBytes, humanize } from '../common/format';
import { NameCell } from './EntityLinks';
import {
  displayName,
  Entity,
  entityRef,
  isTemplate,
  sortByName,
  vmFields,
  vsphereStates,
} from './entityFields';
import { PowerState, TemplateBadge, ToolsState } from './StateLabels';

interface VmRow {
  id: string;
  entity: Entity;
  name: string;
  /** Humanized, so the filter lists read like the column. */
  power: string;
  powerState?: string;
  guest: string;
  ip: string;
  cpus?: number;
  memoryBytes?: number;
  tools: string;
  toolsState?: string;
}

function vmRow(entity: Entity): VmRow {
  const f = vmFields(entity);
  const template = isTemplate(entity);
  const power = template ? undefined : vsphereStates(entity).power;
  return {
    id: entityRef(entity),
    entity,
    name: displayName(entity),
    power: template ? 'Template' : humanize(power) ?? 'Unknown',
    powerState: power,
    guest: f.guest ?? '',
    ip: f.ip ?? '',
    cpus: f.cpus,
    memoryBytes: f.memoryBytes,
    tools: humanize(f.tools) ?? '',
    toolsState: f.tools,
  };
}

const byNumber = (field: 'cpus' | 'memoryBytes') => (a: VmRow, b: VmRow) =>
  (a[field] ?? -1) - (b[field] ?? -1);

const nowrap = { whiteSpace: 'nowrap' } as const;
const includes = (value: string, term: string) =>
  value.toLocaleLowerCase().includes(term.toLocaleLowerCase());

const columns: TableColumn<VmRow>[] = [
  {
    title: 'VM / guest OS',
    field: 'name',
    highlight: true,
    cellStyle: { minWidth: 180 },
    // the guest OS shares the cell, so the search looks at both
    customFilterAndSearch: (term: string, row: VmRow) =>
      includes(row.name, term) || includes(row.guest, term),
    render: row => (
      <NameCell
        entity={row.entity}
        secondary={row.guest}
        badge={isTemplate(row.entity) && <TemplateBadge />}
      />
    ),
  },
  {
    title: 'Power',
    field: 'power',
    cellStyle: nowrap,
    render: row =>
      row.powerState ? <PowerState state={row.powerState} /> : row.power,
  },
  { title: 'IP', field: 'ip', cellStyle: nowrap },
  {
    title: 'vCPU',
    field: 'cpus',
    type: 'numeric',
    customSort: byNumber('cpus'),
  },
  {
    title: 'Memory',
    field: 'memoryBytes',
    type: 'numeric',
    cellStyle: nowrap,
    customSort: byNumber('memoryBytes'),
    render: row => formatBytes(row.memoryBytes) ?? '—',
  },
  {
    title: 'Tools',
    field: 'tools',
    cellStyle: nowrap,
    render: row => <ToolsState state={row.toolsState} short />,
  },
];

const compactColumns = columns.filter(c => c.title !== 'Tools');

/**
 * VMs and templates in a table sortable by every column, searchable, and filterable by power
 * state. `embedded` drops the table's own card look and the Tools column, for use inside another
 * card.
 */
export function VmTable(props: {
  vms: Entity[];
  title?: string;
  subtitle?: string;
  embedded?: boolean;
}) {
  // material-table keeps its sort and search state only while the data array stays the same
  const rows = useMemo(() => sortByName(props.vms).map(vmRow), [props.vms]);
  return (
    <Table<VmRow>
      title={props.title}
      subtitle={props.subtitle}
      columns={props.embedded ? compactColumns : columns}
      data={rows}
      filters={[{ column: 'Power', type: 'multiple-select' }]}
      style={props.embedded ? { boxShadow: 'none' } : undefined}
      options={{
        padding: 'dense',
        paging: rows.length > 20,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: true,
      }}
    />
  );
}

/** `12 VMs, 9 powered on, 1 template`. */
export function vmSummary(vms: Entity[]): string {
  const templates = vms.filter(isTemplate).length;
  const on = vms.filter(v => vsphereStates(v).power === 'poweredOn').length;
  const count = vms.length - templates;
  const parts = [`${count} ${count === 1 ? 'VM' : 'VMs'}`, `${on} powered on`];
  if (templates)
    parts.push(`${templates} ${templates === 1 ? 'template' : 'templates'}`);
  return parts.join(', ');
}
