import {
  DatastoreItem,
  NetworkItem,
  PoolItem,
  TemplateItem,
} from '@infra-inventory/plugin-infra-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EmptyText } from '../../common/Fields';
import { StatusError, StatusOK } from '../../common/Status';
import { formatBytes, formatPercent, mbToBytes } from '../../common/format';

const byName = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) =>
    a.name.localeCompare(b.name, undefined, {
      numeric: true,
      sensitivity: 'base',
    }),
  );

/**
 * Pools in tree order (each after its parent, siblings by name) with their depth. Pools whose
 * parent is not in the list (or that form a cycle) are shown at the top level rather than lost.
 */
export function poolTree(pools: PoolItem[]): Array<{
  pool: PoolItem;
  depth: number;
}> {
  const ids = new Set(pools.map(p => p.id));
  const children = new Map<string | undefined, PoolItem[]>();
  for (const p of pools) {
    const parent = p.parentId && ids.has(p.parentId) ? p.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  const out: Array<{ pool: PoolItem; depth: number }> = [];
  const seen = new Set<string>();
  const visit = (parent: string | undefined, depth: number) => {
    for (const pool of byName(children.get(parent) ?? [])) {
      if (seen.has(pool.id)) continue;
      seen.add(pool.id);
      out.push({ pool, depth });
      visit(pool.id, depth + 1);
    }
  };
  visit(undefined, 0);
  for (const pool of byName(pools.filter(p => !seen.has(p.id)))) {
    out.push({ pool, depth: 0 });
  }
  return out;
}

/** Resource pools and vApps, indented under their parent. */
export function PoolsTable(props: { pools: PoolItem[] }) {
  if (props.pools.length === 0) {
    return <EmptyText>No resource pools.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="Resource pools">
      <TableHead>
        <TableRow>
          <TableCell>Pool</TableCell>
          <TableCell>Kind</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {poolTree(props.pools).map(({ pool, depth }) => (
          <TableRow key={pool.id}>
            <TableCell style={{ paddingLeft: 16 + depth * 24 }}>
              {pool.name}
            </TableCell>
            <TableCell>{pool.kind === 'vapp' ? 'vApp' : 'Pool'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

const NETWORK_KIND: Record<NetworkItem['kind'], string> = {
  standard: 'Standard network',
  portgroup: 'Distributed port group',
  opaque: 'Opaque network (NSX)',
};

/** `120`, `trunk:100-199,300`, `pvlan:20`: the same notation as the network entities. */
export function vlanText(n: NetworkItem): string | undefined {
  if (n.vlanId !== undefined) return String(n.vlanId);
  if (n.vlanTrunk) return `trunk:${n.vlanTrunk}`;
  if (n.pvlanId !== undefined) return `pvlan:${n.pvlanId}`;
  return undefined;
}

export function NetworksTable(props: { networks: NetworkItem[] }) {
  if (props.networks.length === 0) {
    return <EmptyText>No networks.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="Networks">
      <TableHead>
        <TableRow>
          <TableCell>Network / port group</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>VLAN</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {byName(props.networks).map(n => (
          <TableRow key={n.id}>
            <TableCell>{n.name}</TableCell>
            <TableCell>{NETWORK_KIND[n.kind] ?? n.kind}</TableCell>
            <TableCell>{vlanText(n) ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

function FreeSpace(props: { ds: DatastoreItem }) {
  const { capacityBytes, freeBytes } = props.ds;
  if (capacityBytes === undefined || freeBytes === undefined) return <>—</>;
  const ratio = capacityBytes > 0 ? freeBytes / capacityBytes : 0;
  return (
    <>
      {formatBytes(freeBytes)} of {formatBytes(capacityBytes)} (
      {formatPercent(ratio)})
    </>
  );
}

export function DatastoresTable(props: { datastores: DatastoreItem[] }) {
  if (props.datastores.length === 0) {
    return <EmptyText>No datastores.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="Datastores">
      <TableHead>
        <TableRow>
          <TableCell>Datastore</TableCell>
          <TableCell>Type</TableCell>
          <TableCell align="right">Free</TableCell>
          <TableCell>Accessible</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {byName(props.datastores).map(ds => (
          <TableRow key={ds.id}>
            <TableCell>{ds.name}</TableCell>
            <TableCell>{ds.type ?? '—'}</TableCell>
            <TableCell align="right">
              <FreeSpace ds={ds} />
            </TableCell>
            <TableCell>
              {ds.accessible === undefined && '—'}
              {ds.accessible === true && <StatusOK>Yes</StatusOK>}
              {ds.accessible === false && <StatusError>No</StatusError>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

export function TemplatesTable(props: { templates: TemplateItem[] }) {
  if (props.templates.length === 0) {
    return <EmptyText>No VM templates.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="VM templates">
      <TableHead>
        <TableRow>
          <TableCell>Template</TableCell>
          <TableCell>Guest OS</TableCell>
          <TableCell align="right">vCPUs</TableCell>
          <TableCell align="right">Memory</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {byName(props.templates).map(t => (
          <TableRow key={t.id}>
            <TableCell>{t.name}</TableCell>
            <TableCell>{t.guestOs ?? '—'}</TableCell>
            <TableCell align="right">{t.numCpu ?? '—'}</TableCell>
            <TableCell align="right">
              {formatBytes(mbToBytes(t.memoryMb)) ?? '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}
