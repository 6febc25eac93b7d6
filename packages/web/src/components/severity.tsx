/**
 * A severity as a labelled badge (colour is never the only cue: the word is always there).
 */
import { SEVERITY_NAMES } from './format.js';

/** ```tsx
 * <Severity value={1} />
 * ``` */
export function Severity({ value }: { value: number }) {
  return <span className={`sev sev-${value}`}>{SEVERITY_NAMES[value] ?? `Severity ${value}`}</span>;
}
