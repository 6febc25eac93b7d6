/**
 * CVE identifiers (indicator type "CVE").
 * @module
 */
import { fail, ok, quote, type Normalized } from '../normalized.js';

/**
 * `CVE-YYYY-NNNN…` in upper case. The sequence number has at least four digits; only a four-digit one may start
 * with zero (CVE-2014-0160, but not CVE-2021-044228), per the CVE ID syntax. Typographic dashes (–, —, ‐) from
 * pasted reports are read as hyphens.
 */
export function normalizeCve(value: string): Normalized {
  const match = /^CVE-(\d{4})-(\d{4,19})$/i.exec(value.replace(/[\u2010-\u2015\u2212]/g, '-'));
  if (!match) return fail(`${quote(value)} is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)`);
  const [, year, sequence] = match;
  if (Number(year) < 1999) return fail(`${quote(value)} is not a CVE id: CVE years start at 1999`);
  if (sequence!.length > 4 && sequence!.startsWith('0')) {
    return fail(`${quote(value)} is not a CVE id: a sequence number longer than four digits cannot start with 0`);
  }
  return ok(`CVE-${year}-${sequence}`);
}
