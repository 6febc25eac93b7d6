/**
 * /intel/attachments: the threat library's files (GET /api/attachments), each downloadable (always as a
 * download, never opened in the browser), and for writers an upload form.
 */
import { Link } from 'react-router';
import type { ColumnDef } from '@tanstack/react-table';
import type { RelatedObject } from '../../api/intel.js';
import { canWrite, useSession } from '../../api/session.js';
import { EmptyState } from '../../components/empty-state.js';
import { AttachmentUpload } from './attachment-upload.js';
import { ObjectList } from './object-list.js';
import { TqTime } from './time-cell.js';

const columns: ColumnDef<RelatedObject, any>[] = [
  { id: 'name', accessorKey: 'name', header: 'File', size: 280, cell: (c) => <Link to={`/intel/attachments/${c.row.original.id}`}>{c.getValue()}</Link> },
  { id: 'title', accessorKey: 'title', header: 'Title', size: 240, cell: (c) => c.getValue() || '—' },
  { id: 'type_id', header: 'Type', size: 180, accessorFn: (a) => (a.type as { name?: string } | undefined)?.name ?? a.type_id },
  { id: 'file_size', accessorKey: 'file_size', header: 'Size', size: 110, cell: (c) => `${Number(c.getValue()).toLocaleString()} B` },
  { id: 'created_at', accessorKey: 'created_at', header: 'Added', size: 190, cell: (c) => <TqTime value={c.getValue()} /> },
  {
    id: 'download',
    header: 'Download',
    size: 110,
    enableSorting: false,
    cell: (c) => (
      <a href={`/api/attachments/${c.row.original.id}/download`} download aria-label={`Download ${String(c.row.original.name)}`}>
        Download
      </a>
    ),
  },
];

export function AttachmentsPage() {
  const { data: session } = useSession();
  const writer = canWrite(session);
  return (
    <ObjectList
      kind="attachments"
      columns={columns}
      with="type"
      defaultSort="-created_at"
      empty={
        <EmptyState title="No attachments yet">
          <p>{writer ? 'Upload a report, a sample or a feed file above; threatqsdk and the ThreatQ API can add them too.' : 'A user or owner can upload reports and samples here.'}</p>
        </EmptyState>
      }
    >
      {writer && <AttachmentUpload />}
    </ObjectList>
  );
}
