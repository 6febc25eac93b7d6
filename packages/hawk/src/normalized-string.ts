/**
 * The canonical text a Hawk MAC is computed over.
 * @module
 */
import type { HawkArtifacts, HawkMacType } from './artifacts.js';

/** What a response MAC takes from the response instead of the request's artifacts. */
export interface ResponseFields {
  hash?: string;
  ext?: string;
}

/**
 * Builds `hawk.1.<type>\nts\nnonce\nMETHOD\nresource\nhost\nport\nhash\next\n[app\ndlg\n]`. The method is
 * uppercased and the host lowercased, and in `ext` `\` becomes `\\` and a newline becomes `\n`, all as
 * node hawk does, so both sides agree byte for byte. For a response MAC, `response` gives the hash and ext
 * in place of the request's.
 *
 * ```ts
 * normalizedString('header', { method: 'GET', host: 'example.com', port: 8080,
 *   resource: '/resource/something', ts: '1357747017', nonce: 'k3k4j5' });
 * // 'hawk.1.header\n1357747017\nk3k4j5\nGET\n/resource/something\nexample.com\n8080\n\n\n'
 * ```
 */
export function normalizedString(type: HawkMacType, artifacts: HawkArtifacts, response?: ResponseFields): string {
  // A response MAC takes hash and ext from the response alone (undefined included), not from the request.
  const hash = response ? response.hash : artifacts.hash;
  const rawExt = response ? response.ext : artifacts.ext;
  const ext = rawExt ? rawExt.replaceAll('\\', '\\\\').replaceAll('\n', '\\n') : '';
  let normalized =
    `hawk.1.${type}\n${artifacts.ts}\n${artifacts.nonce}\n${artifacts.method.toUpperCase()}\n` +
    `${artifacts.resource}\n${artifacts.host.toLowerCase()}\n${artifacts.port}\n${hash ?? ''}\n${ext}\n`;
  // app/dlg lines exist only for Oz; adding them unconditionally would break every non-Oz MAC.
  if (artifacts.app) normalized += `${artifacts.app}\n${artifacts.dlg ?? ''}\n`;
  return normalized;
}
