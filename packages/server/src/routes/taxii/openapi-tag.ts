/**
 * The OpenAPI tag of the TAXII server and of its collection admin routes (listed after the threat library).
 * @module
 */
export const TAG = 'TAXII 2.1';
