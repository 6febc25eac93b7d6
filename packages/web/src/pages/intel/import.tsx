/**
 * /intel/import: bulk import of indicators from pasted lines or an uploaded text file, through
 * POST /api/imports (ThreatQ's "Generic Text" parser: IPs, CIDRs, domains, URLs, e-mail addresses, hashes
 * and CVEs, defanged forms too). New indicators get the chosen status; known ones keep theirs and gain the
 * source. The answer lists what was found, created and already known.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import { useIndicatorStatuses, type ImportSummary } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';
import { commaList } from './indicator-new.js';
import { VocabularySelect } from './vocabulary-select.js';
import { WritersOnly } from './writers-only.js';

/** The API's own limit on one import's text (imports.ts MAX_TEXT). */
const MAX_TEXT = 2_000_000;

function Summary({ summary }: { summary: ImportSummary }) {
  return (
    <div className="panel" role="status" aria-labelledby="import-result">
      <h3 id="import-result">
        Imported: {summary.found} found, {summary.created} new, {summary.existing} already known
      </h3>
      <table className="data plain">
        <caption className="sr-only">Imported indicators</caption>
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Type</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {summary.indicators.map((i) => (
            <tr key={i.id}>
              <td>
                <Link to={`/intel/indicators/${i.id}`}>{i.value}</Link>
              </td>
              <td>{(i.type as { name?: string } | undefined)?.name ?? i.type_id}</td>
              <td>{String(i.import_result ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPage() {
  return (
    <WritersOnly what="import indicators">
      <ImportForm />
    </WritersOnly>
  );
}

function ImportForm() {
  const client = useQueryClient();
  const statuses = useIndicatorStatuses();
  const [text, setText] = useState('');
  const [status, setStatus] = useState('Review');
  const [fileError, setFileError] = useState<Error | null>(null);
  const run = useMutation({
    mutationFn: async (body: { text: string; source?: string; status: string; tags?: string[] }) => must(await api.POST('/api/imports', { body })).data as ImportSummary,
    onSuccess: () => client.invalidateQueries({ queryKey: ['intel-indicators'] }),
  });
  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_TEXT) {
      setFileError(new Error(`${file.name} is ${file.size.toLocaleString()} bytes; one import takes at most ${MAX_TEXT.toLocaleString()} characters (split the file).`));
      return;
    }
    setText(await file.text());
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const source = String(f.get('source') ?? '').trim();
    const tags = commaList(f.get('tags'));
    run.mutate({ text, status, ...(source ? { source } : {}), ...(tags.length > 0 ? { tags } : {}) });
  };
  return (
    <section aria-labelledby="import-title">
      <p className="crumbs">
        <Link to="/intel/indicators">Indicators</Link> › Import
      </p>
      <form className="panel intel-form" onSubmit={submit} aria-labelledby="import-title">
        <h2 id="import-title">Import indicators</h2>
        <p className="muted">
          Paste lines or any text (a report, an e-mail, a CSV): IP addresses, CIDR blocks, domains, URLs, e-mail addresses, hashes and CVEs are found in it, defanged ones
          (<code>hxxp://evil[.]example</code>) too.
        </p>
        <label>
          Text to import
          <textarea name="text" rows={10} value={text} onChange={(e) => setText(e.target.value)} required maxLength={MAX_TEXT} className="filter-box" />
        </label>
        <label>
          Or read a text file
          <input type="file" accept=".txt,.csv,.log,.json,.xml,text/*" onChange={(e) => void readFile(e)} />
        </label>
        <ErrorList error={fileError} />
        <label>
          Source
          <input name="source" placeholder="Free-text import" />
        </label>
        <VocabularySelect label="Status of new indicators" query={statuses} value={status} onChange={setStatus} required anyLabel="Choose a status" />
        <label>
          Tags <span className="muted">(optional, comma-separated)</span>
          <input name="tags" />
        </label>
        <ErrorList error={run.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={run.isPending || !text.trim()}>
            {run.isPending ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {run.data && <Summary summary={run.data} />}
    </section>
  );
}
