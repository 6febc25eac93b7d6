/**
 * A detail page's facts: label and value pairs in a responsive grid.
 */

/** ```tsx
 * <Facts items={[['Status', 'online'], ['OS', 'Debian 12']]} />
 * ``` */
export function Facts({ items }: { items: Array<[string, string]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
