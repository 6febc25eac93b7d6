/**
 * Hawk HTTP authentication (the scheme of the Threat Stack v2 API), client and server halves, on
 * `node:crypto` only. Byte-compatible with the `hawk` npm package 9.x.
 * @module
 */
export type { HawkArtifacts, HawkMacType } from './artifacts.js';
export { isAttributeValue } from './attribute-value.js';
export { MAX_HEADER_LENGTH, REQUEST_HEADER_KEYS, parseAuthorizationHeader } from './authorization-header.js';
export {
  authenticate,
  authenticatePayload,
  type AuthenticateOptions,
  type AuthenticateResult,
  type ServerRequestInfo,
} from './authenticate.js';
export { clientHeader, type ClientHeaderOptions } from './client-header.js';
export { HAWK_ALGORITHMS, type HawkAlgorithm, type HawkCredentials } from './credentials.js';
export { HawkError, type HawkErrorCode } from './errors.js';
export { parseHostHeader } from './host-header.js';
export { calculateMac } from './mac.js';
export { generateNonce } from './nonce.js';
export { MemoryNonceCache, type MemoryNonceCacheOptions } from './nonce-cache.js';
export { normalizedString } from './normalized-string.js';
export { calculatePayloadHash, mediaType } from './payload-hash.js';
export { requestTarget, type RequestTarget } from './request-url.js';
export { serverAuthorizationHeader, verifyServerAuthorization } from './server-authorization.js';
export { calculateTsMac, staleTimestampChallenge, verifyTimestampMessage } from './timestamp-message.js';
export { timingSafeEqualString } from './timing-safe-equal.js';
