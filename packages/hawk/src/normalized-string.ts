/**
 * The canonical text a Hawk MAC is computed over.
 * @module
 */
import type { HawkArtifacts, HawkMacType } from './artifacts.js';

/**
 * Builds `hawk.1.<type>\nts\nnonce\nMETHOD\nresource\nhost\nport\nhash\next\n[app\ndlg\n]`. The method is
 * uppercased and the host lowercased, and in `ext` `\` becomes `\\` and a newline becomes `\n`, all as
 * node hawk does, so both sides agree byte for byte.
 *
 * ```ts
 * normalizedString('header', { method: 'GET', host: 'example.com', port: 8080,
 *   resource: '/resource/something', ts: '1357747017', nonce: 'k3k4j5' });
 * // 'hawk.1.header\n1357747017\nk3k4j5\nGET\n/resource/something\nexample.com\n8080\n\n\n'
 * ```
 */
export function normalizedString(type: HawkMacType, artifacts: HawkArtifacts): string {
  const ext = artifacts.ext ? artifacts.ext.replaceAll('\\', '\\\\').replaceAll('\n', '\\n') : '';
  let normalized =
    `hawk.1.${type}\n${artifacts.ts}\n${artifacts.nonce}\n${artifacts.method.toUpperCase()}\n` +
    `${artifacts.resource}\n${artifacts.host.toLowerCase()}\n${artifacts.port}\n${artifacts.hash ?? ''}\n${ext}\n`;
  // app/dlg lines exist only for Oz; adding them unconditionally would break every non-Oz MAC.
  if (artifacts.app) normalized += `${artifacts.app}\n${artifacts.dlg ?? ''}\n`;
  return normalized;
}
