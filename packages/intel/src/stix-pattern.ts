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

/** The object path each type's value is compared on (`type:property`), for types with an observable. */
export const OBJECT_PATHS: Readonly<Record<string, string>> = {
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

/**
 * The object path of a type that has no STIX observable (CVE, String, Password, …): Vigil's own custom
 * object `x-vigil-<type>`, e.g. `x-vigil-url-path:value`. Other tools ignore it; Vigil's import reads it
 * back as that type, so an export imports whole.
 */
export function customObjectPath(typeName: string): string {
  return `x-vigil-${typeName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}:value`;
}

/**
 * A file path from the directory and name of `[file:parent_directory_ref.path = … AND file:name = …]`: the
 * separator is the directory's own (`\` when it has only those), none after a root such as `/` or `C:\`.
 */
export function joinFilePath(directory: string, name: string): string {
  if (directory.endsWith('/') || directory.endsWith('\\')) return `${directory}${name}`;
  return `${directory}${directory.includes('\\') && !directory.includes('/') ? '\\' : '/'}${name}`;
}

function filePathPattern(value: string): string {
  const cut = Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\'));
  if (cut === value.length - 1) return `[directory:path = ${stixString(value)}]`;
  if (cut >= 0) {
    // Keep the separator when the directory is a root: '/' or 'C:\'.
    const head = value.slice(0, cut);
    const directory = head === '' || head.endsWith(':') ? value.slice(0, cut + 1) : head;
    const name = value.slice(cut + 1);
    // Only when the import's join gives the value back (a bare name would read as a Filename, mixed separators are ambiguous).
    if (joinFilePath(directory, name) === value) return `[file:parent_directory_ref.path = ${stixString(directory)} AND file:name = ${stixString(name)}]`;
  }
  return `[${customObjectPath('File Path')} = ${stixString(value)}]`;
}

// ssdeep's blocksize:hash:hash; other fuzzy hashes (TLSH, imphash) have no STIX hash name we can be sure of.
const SSDEEP = /^\d+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+$/;

/**
 * The STIX 2.1 pattern that matches the indicator, e.g. `[ipv4-addr:value = '198.51.100.3']`; types with no
 * observable to match (CVE, String, Password, Binary String, File Mapping, GOST Hash, Hash ION, URL Path, and
 * Fuzzy Hash values that are not ssdeep) compare Vigil's custom object ({@link customObjectPath}). Undefined
 * only for an unknown type. Expects a value from normalizeIndicatorValue. The mapping per type is in
 * ../README.md.
 */
export function stixPattern(typeName: string, normalizedValue: string): string | undefined {
  const type = indicatorType(typeName);
  if (!type) return undefined;
  switch (type.name) {
    case 'CIDR Block':
      return `[${normalizedValue.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${stixString(normalizedValue)}]`;
    case 'ASN': {
      const digits = /^AS(\d+)$/i.exec(normalizedValue)?.[1];
      if (digits !== undefined) return `[autonomous-system:number = ${Number(digits)}]`;
      break;
    }
    case 'Fuzzy Hash':
      if (SSDEEP.test(normalizedValue)) return `[file:hashes.SSDEEP = ${stixString(normalizedValue)}]`;
      break;
    case 'File Path':
      return filePathPattern(normalizedValue);
  }
  return `[${OBJECT_PATHS[type.name] ?? customObjectPath(type.name)} = ${stixString(normalizedValue)}]`;
}
