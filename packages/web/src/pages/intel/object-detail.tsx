/**
 * /intel/events/<id>, /intel/adversaries/<id>, /intel/attachments/<id>: one threat object with its facts,
 * its context (sources, attributes, tags) and the objects linked to it.
 */
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import type { ObjectKind, RelatedObject } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';
import { Facts } from '../../components/facts.js';
import { ContextSections, type ObjectContext } from './object-context.js';
import { KIND_LABEL, objectLabel, RelatedObjects } from './related-objects.js';
import { tqTime } from './time-cell.js';

type Detail = RelatedObject & ObjectContext;
const typeName = (o: Detail) => (o.type as { name?: string } | undefined)?.name ?? String(o.type_id ?? '—');

/** Per kind: what `with=` asks for and which facts are shown. */
const KINDS: Record<ObjectKind, { with: string; facts: (o: Detail) => Array<[string, string]> }> = {
  events: { with: 'type,sources,attributes,tags', facts: (o) => [['Type', typeName(o)], ['Happened', tqTime(o.happened_at)], ['Created', tqTime(o.created_at)], ['Updated', tqTime(o.updated_at)]] },
  adversaries: { with: 'sources,attributes,tags', facts: (o) => [['Created', tqTime(o.created_at)], ['Updated', tqTime(o.updated_at)]] },
  attachments: {
    with: 'type,sources,attributes,tags',
    facts: (o) => [
      ['Title', String(o.title ?? '—')],
      ['Type', typeName(o)],
      ['Size', `${Number(o.file_size).toLocaleString()} bytes`],
      ['Content type', String(o.content_type ?? '—')],
      ['Malware, locked', o.malware_locked ? 'Yes' : 'No'],
      ['MD5', String(o.md5 ?? '—')],
      ['SHA-256', String(o.sha256 ?? '—')],
      ['Added', tqTime(o.created_at)],
    ],
  },
};

/**
 * ```tsx
 * <ObjectDetailPage kind="events" />
 * ```
 */
export function ObjectDetailPage({ kind }: { kind: ObjectKind }) {
  const raw = useParams().objectId ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : 0;
  const spec = KINDS[kind];
  const object = useQuery({
    queryKey: ['intel-object', kind, id],
    enabled: id > 0,
    queryFn: async ({ signal }) =>
      // The three detail routes answer {data: {id, …}}; typed as one of them.
      must(await api.GET(`/api/${kind}/{id}` as '/api/adversaries/{id}', { params: { path: { id }, query: { with: spec.with } }, signal })).data as Detail,
  });
  const back = (
    <Link to={`/intel/${kind}`}>
      Back to the {KIND_LABEL[kind].toLowerCase()}
    </Link>
  );
  if (id === 0) return <ErrorList error={new Error(`"${raw}" is not an id.`)} />;
  if (object.isPending) return <p role="status">Loading…</p>;
  if (object.error) {
    return (
      <section>
        <ErrorList error={object.error} />
        {back}
      </section>
    );
  }
  const o = object.data;
  return (
    <section aria-labelledby="object-title">
      <p className="crumbs">
        <Link to={`/intel/${kind}`}>{KIND_LABEL[kind]}</Link> › {o.id}
      </p>
      <div className="page-head">
        <h2 id="object-title">{objectLabel(o)}</h2>
        {kind === 'attachments' && (
          <a className="button" href={`/api/attachments/${o.id}/download`} download>
            Download
          </a>
        )}
      </div>
      {typeof o.description === 'string' && o.description && <p>{o.description}</p>}
      <Facts items={spec.facts(o)} />
      <ContextSections context={o} />
      <h3>Related</h3>
      <RelatedObjects kind={kind} id={o.id} />
    </section>
  );
}
