/**
 * /intel/adversaries: the threat library's adversaries (GET /api/adversaries), by name.
 */
import { Link } from 'react-router';
import type { ColumnDef } from '@tanstack/react-table';
import type { RelatedObject } from '../../api/intel.js';
import { EmptyState } from '../../components/empty-state.js';
import { ObjectList } from './object-list.js';
import { TqTime } from './time-cell.js';

const columns: ColumnDef<RelatedObject, any>[] = [
  { id: 'name', accessorKey: 'name', header: 'Name', size: 360, cell: (c) => <Link to={`/intel/adversaries/${c.row.original.id}`}>{c.getValue()}</Link> },
  { id: 'created_at', accessorKey: 'created_at', header: 'Created', size: 190, cell: (c) => <TqTime value={c.getValue()} /> },
  { id: 'updated_at', accessorKey: 'updated_at', header: 'Updated', size: 190, cell: (c) => <TqTime value={c.getValue()} /> },
];

export function AdversariesPage() {
  return (
    <ObjectList
      kind="adversaries"
      columns={columns}
      filter={{ param: 'name', label: 'Name' }}
      defaultSort="name"
      empty={
        <EmptyState title="No adversaries yet">
          <p>
            Adversaries arrive with feeds through the ThreatQ API (<code>POST /api/adversaries</code>) or STIX (threat actors and intrusion sets, <code>POST /api/import/stix</code>).
          </p>
        </EmptyState>
      }
    />
  );
}
