/**
 * The threat objects linked to one (ThreatQ relations have no direction): a section per kind, each from
 * `GET /api/<kind>/<id>/<other>`, whose errors show in its own section.
 */
import { Link } from 'react-router';
import { useRelated, type AnyKind, type RelatedObject } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';
import { tqTime } from './time-cell.js';

export const KIND_LABEL: Readonly<Record<AnyKind, string>> = { indicators: 'Indicators', events: 'Events', adversaries: 'Adversaries', attachments: 'Attachments' };

/** What a threat object is called: an indicator's value, an event's title, an adversary's or file's name. */
export function objectLabel(o: RelatedObject): string {
  return o.value ?? o.title ?? o.name ?? `#${o.id}`;
}

/**
 * ```ts
 * objectPath('events', 3) // '/intel/events/3'
 * ```
 */
export function objectPath(kind: AnyKind, id: number): string {
  return `/intel/${kind}/${id}`;
}

function RelatedList({ kind, id, other }: { kind: AnyKind; id: number; other: AnyKind }) {
  const related = useRelated(kind, id, other);
  const headingId = `related-${other}`;
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>
        {KIND_LABEL[other]} {related.data && <span className="muted">({related.data.total})</span>}
      </h4>
      <ErrorList error={related.error} />
      {related.isPending && <p className="muted">Loading…</p>}
      {related.data && related.data.items.length === 0 && <p className="muted">None linked.</p>}
      {related.data && related.data.items.length > 0 && (
        <ul className="related">
          {related.data.items.map((o) => (
            <li key={o.id}>
              <Link to={objectPath(other, o.id)}>{objectLabel(o)}</Link>
              {typeof o.happened_at === 'string' && <span className="muted"> · {tqTime(o.happened_at)}</span>}
            </li>
          ))}
        </ul>
      )}
      {related.data && related.data.total > related.data.items.length && <p className="muted small">The first {related.data.items.length} are shown.</p>}
    </section>
  );
}

/**
 * ```tsx
 * <RelatedObjects kind="indicators" id={12} />
 * ```
 */
export function RelatedObjects({ kind, id }: { kind: AnyKind; id: number }) {
  const others: AnyKind[] = ['indicators', 'events', 'adversaries', 'attachments'];
  return (
    <div className="related-grid">
      {others.map((other) => (
        <RelatedList key={other} kind={kind} id={id} other={other} />
      ))}
    </div>
  );
}
