/**
 * The context every threat object carries (ThreatQ `with=sources,attributes,tags`): where it came from,
 * its name/value attributes and its tags, each with a line saying when there is none.
 */
import type { IndicatorWith } from '../../api/intel.js';

export type ObjectContext = Pick<IndicatorWith, 'sources' | 'attributes' | 'tags'>;

function Names({ items, none }: { items: Array<{ id: number; name: string }>; none: string }) {
  if (items.length === 0) return <p className="muted">{none}</p>;
  return (
    <ul className="tags">
      {items.map((n) => (
        <li key={n.id}>{n.name}</li>
      ))}
    </ul>
  );
}

/**
 * ```tsx
 * <ContextSections context={indicator} />
 * ```
 */
export function ContextSections({ context }: { context: ObjectContext }) {
  const sources = context.sources ?? [];
  const attributes = context.attributes ?? [];
  const tags = context.tags ?? [];
  return (
    <>
      <h3>Sources</h3>
      <Names items={sources} none="No source recorded." />
      <h3>Attributes</h3>
      {attributes.length === 0 ? (
        <p className="muted">No attributes.</p>
      ) : (
        <dl className="fields">
          {attributes.map((a) => (
            <div key={a.id}>
              <dt>{a.name}</dt>
              <dd>{a.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Tags</h3>
      <Names items={tags} none="No tags." />
    </>
  );
}
