/**
 * Uploading a file to the threat library: POST /api/attachments as multipart/form-data (a `file` part,
 * `title`, `type_id`, `malware_locked`), the form ThreatQ's UI sends. The server stores it and records its
 * MD5 and SHA-256; the list refreshes.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client.js';
import { useAttachmentTypes } from '../../api/intel.js';
import { ErrorList } from '../../components/error-list.js';
import { VocabularySelect } from './vocabulary-select.js';

export function AttachmentUpload() {
  const client = useQueryClient();
  const types = useAttachmentTypes();
  const [typeId, setTypeId] = useState('');
  const upload = useMutation({
    // The route reads multipart (its OpenAPI body is not modelled); FormData goes out as is, with its boundary.
    mutationFn: async (form: FormData) => must(await api.POST('/api/attachments', { body: form as never, bodySerializer: (b: unknown) => b as FormData })).data,
    onSuccess: () => client.invalidateQueries({ queryKey: ['intel-objects', 'attachments'] }),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    form.set('type_id', typeId);
    form.set('malware_locked', form.get('malware_locked') ? '1' : '0');
    if (!String(form.get('title') ?? '').trim()) form.delete('title');
    upload.mutate(form, { onSuccess: () => el.reset() });
  };
  return (
    <form className="panel intel-form" onSubmit={submit} aria-labelledby="upload-title">
      <h3 id="upload-title">Upload a file</h3>
      <label>
        File
        <input type="file" name="file" required />
      </label>
      <label>
        Title <span className="muted">(optional)</span>
        <input name="title" />
      </label>
      <VocabularySelect label="Type" query={types} value={typeId} onChange={setTypeId} byId required anyLabel="Choose a type" />
      <label className="inline">
        <input type="checkbox" name="malware_locked" value="1" /> Malware: lock it (it is only ever downloaded, never opened)
      </label>
      <ErrorList error={upload.error} />
      {upload.data && <p role="status">Uploaded {String(upload.data.name ?? '')}.</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </button>
      </div>
    </form>
  );
}
