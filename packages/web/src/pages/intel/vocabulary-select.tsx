/**
 * A select over one of the API's vocabularies (indicator types, statuses, event and attachment types),
 * by name; while the vocabulary loads it says so, and a failure to load it shows beside it.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { Named } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';

export interface VocabularySelectProps {
  label: string;
  query: UseQueryResult<Named[]>;
  /** the chosen name, or id with byId ('' for none) */
  value: string;
  onChange: (value: string) => void;
  /** the empty choice's label */
  anyLabel?: string;
  required?: boolean;
  /** option values are ids instead of names */
  byId?: boolean;
}

/**
 * ```tsx
 * <VocabularySelect label="Status" query={useIndicatorStatuses()} value={status} onChange={setStatus} />
 * ```
 */
export function VocabularySelect({ label, query, value, onChange, anyLabel = 'Any', required = false, byId = false }: VocabularySelectProps) {
  return (
    <>
      <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required={required} disabled={query.isPending}>
        <option value="">{query.isPending ? 'Loading…' : anyLabel}</option>
        {(query.data ?? []).map((v) => (
          <option key={v.id} value={byId ? String(v.id) : v.name}>
            {v.name}
          </option>
        ))}
        </select>
      </label>
      <ErrorList error={query.error} />
    </>
  );
}
