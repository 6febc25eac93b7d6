/**
 * The request facts a Hawk MAC covers.
 * @module
 */

/**
 * Everything that goes into a normalized string. `ts` stays a string so the exact bytes the client
 * signed are the bytes the server re-signs.
 */
export interface HawkArtifacts {
  method: string;
  host: string;
  port: number;
  resource: string;
  ts: string;
  nonce: string;
  hash?: string;
  ext?: string;
  mac?: string;
  app?: string;
  dlg?: string;
  id?: string;
}

/** The kinds of normalized string this package signs (`message` is not supported). */
export type HawkMacType = 'header' | 'response' | 'bewit';
