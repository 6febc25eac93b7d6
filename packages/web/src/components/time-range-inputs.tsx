/**
 * The From and Until inputs of a filter form, in the viewer's local time, kept in the URL as UTC ISO-8601.
 */
import { isoToLocal, localToIso } from './time-input.js';

/**
 * ```tsx
 * <TimeRangeInputs params={params} setFilter={setFilter} />
 * ```
 */
export function TimeRangeInputs({ params, setFilter }: { params: URLSearchParams; setFilter: (changes: Record<string, string>) => void }) {
  return (
    <>
      <label>
        From
        <input type="datetime-local" defaultValue={isoToLocal(params.get('from'))} onChange={(e) => setFilter({ from: localToIso(e.target.value) })} />
      </label>
      <label>
        Until
        <input type="datetime-local" defaultValue={isoToLocal(params.get('until'))} onChange={(e) => setFilter({ until: localToIso(e.target.value) })} />
      </label>
    </>
  );
}
