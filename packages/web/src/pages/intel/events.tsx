/**
 * /intel/events: the threat library's events (GET /api/events with their type), newest first.
 */
import { Link } from 'react-router';
import type { ColumnDef } from '@tanstack/react-table';
import type { RelatedObject } from '../../api/intel.js';
import { EmptyState } from '../../components/empty-state.js';
import { ObjectList } from './object-list.js';
import { TqTime } from './time-cell.js';

const columns: ColumnDef<RelatedObject, any>[] = [
  { id: 'title', accessorKey: 'title', header: 'Title', size: 360, cell: (c) => <Link to={`/intel/events/${c.row.original.id}`}>{c.getValue() || `Event ${c.row.original.id}`}</Link> },
  { id: 'type_id', header: 'Type', size: 180, accessorFn: (e) => (e.type as { name?: string } | undefined)?.name ?? e.type_id },
  { id: 'happened_at', accessorKey: 'happened_at', header: 'Happened', size: 190, cell: (c) => <TqTime value={c.getValue()} /> },
  { id: 'updated_at', accessorKey: 'updated_at', header: 'Updated', size: 190, cell: (c) => <TqTime value={c.getValue()} /> },
];

export function EventsPage() {
  return (
    <ObjectList
      kind="events"
      columns={columns}
      with="type"
      filter={{ param: 'title', label: 'Title' }}
      defaultSort="-happened_at"
      empty={
        <EmptyState title="No events yet">
          <p>
            Events (a phishing wave, an incident, a sighting) arrive with feeds through the ThreatQ API (<code>POST /api/events</code>) or a STIX import
            (<code>POST /api/import/stix</code>), and link to the indicators and adversaries they involve.
          </p>
        </EmptyState>
      }
    />
  );
}
