/**
 * STIX 2.1 indicator patterns for indicator values.
 * @module
 */
import { indicatorType } from './indicator-types.js';

/**
 * A STIX 2.1 string literal: the pattern grammar allows only `\'` and `\\` as escapes inside quotes.
 */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const OBJECT_PATHS: Readonly<Record<string, string>> = {
  'IP Address': 'ipv4-addr:value',
  'IPv6 Address': 'ipv6-addr:value',
  FQDN: 'domain-name:value',
  URL: 'url:value',
  'Email Address': 'email-addr:value',
  'MAC Address': 'mac-addr:value',
  MD5: 'file:hashes.MD5',
  'SHA-1': "file:hashes.'SHA-1'",
  'SHA-256': "file:hashes.'SHA-256'",
  'SHA-384': "file:hashes.'SHA-384'",
  'SHA-512': "file:hashes.'SHA-512'",
  Filename: 'file:name',
  Mutex: 'mutex:name',
  'Registry Key': 'windows-registry-key:key',
  'User-agent': "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
  'Email Subject': 'email-message:subject',
  'X-Mailer': "email-message:additional_header_fields.'X-Mailer'",
  'Email Attachment': 'email-message:body_multipart[*].body_raw_ref.name',
  Username: 'user-account:account_login',
  'x509 Serial': 'x509-certificate:serial_number',
  'x509 Subject': 'x509-certificate:subject',
  'Service Name': "process:extensions.'windows-service-ext'.service_name",
};

// ssdeep's blocksize:hash:hash; other fuzzy hashes (TLSH, imphash) have no STIX hash name we can be sure of.
const SSDEEP = /^\d+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+$/;

/**
 * The STIX 2.1 pattern that matches the indicator, e.g. `[ipv4-addr:value = '198.51.100.3']`, or undefined
 * for types with no observable to match (CVE, String, Password, Binary String, File Mapping, GOST Hash,
 * Hash ION, URL Path, and Fuzzy Hash values that are not ssdeep). Expects a value from normalizeIndicatorValue.
 * The mapping per type is in ../README.md.
 */
export function stixPattern(typeName: string, normalizedValue: string): string | undefined {
  const type = indicatorType(typeName);
  if (!type) return undefined;
  switch (type.name) {
    case 'CIDR Block':
      return `[${normalizedValue.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${stixString(normalizedValue)}]`;
    case 'ASN': {
      const digits = /^AS(\d+)$/i.exec(normalizedValue)?.[1];
      return digits === undefined ? undefined : `[autonomous-system:number = ${Number(digits)}]`;
    }
    case 'Fuzzy Hash':
      return SSDEEP.test(normalizedValue) ? `[file:hashes.SSDEEP = ${stixString(normalizedValue)}]` : undefined;
    case 'File Path': {
      const cut = Math.max(normalizedValue.lastIndexOf('/'), normalizedValue.lastIndexOf('\\'));
      if (cut < 0) return `[file:name = ${stixString(normalizedValue)}]`;
      if (cut === normalizedValue.length - 1) return `[directory:path = ${stixString(normalizedValue)}]`;
      // Keep the separator when the directory is a root: '/' or 'C:\'.
      const head = normalizedValue.slice(0, cut);
      const directory = head === '' || head.endsWith(':') ? normalizedValue.slice(0, cut + 1) : head;
      const name = normalizedValue.slice(cut + 1);
      return `[file:parent_directory_ref.path = ${stixString(directory)} AND file:name = ${stixString(name)}]`;
    }
  }
  const path = OBJECT_PATHS[type.name];
  return path === undefined ? undefined : `[${path} = ${stixString(normalizedValue)}]`;
}
