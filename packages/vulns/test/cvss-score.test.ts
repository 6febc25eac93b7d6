/**
 * CVSS base scores of vectors whose scores FIRST's calculators and NVD publish, and the severity words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cvssBaseScore, severityFromScore } from '../src/index.js';

test('known vectors score as NVD and FIRST publish them', () => {
  const known: Array<[string, number]> = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8], // CVE-2023-38545 (NVD)
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1], // CVE-2024-6387
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8], // CVE-2023-4911
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N', 5.9], // CVE-2023-48795
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3], // CVE-2023-5678
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // the classic reflected XSS
    ['CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
  ];
  for (const [vector, score] of known) assert.deepEqual(cvssBaseScore(vector), { ok: true, version: vector.startsWith('CVSS:') ? vector.slice(5, 8) : '2.0', score }, vector);
});

test('temporal metrics after the base ones do not change the base score', () => {
  assert.equal((cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O') as { score: number }).score, 9.8);
});

test('malformed and incomplete vectors are refused with the reason', () => {
  const bad: Array<[string, RegExp]> = [
    ['CVSS:3.1/AV:N', /lacks AC, PR, UI, S, C, I, A/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q', /CVSS 3\.1/],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L', /malformed/],
    ['CVSS:9.9/AV:N', /not a CVSS/],
    ['9.8', /not a CVSS/],
    ['', /not a CVSS/],
  ];
  for (const [vector, reason] of bad) {
    const result = cvssBaseScore(vector);
    assert.equal(result.ok, false, vector);
    assert.match((result as { reason: string }).reason, reason, vector);
  }
});

test('scores map to Threat Stack severity words at FIRST’s boundaries', () => {
  assert.deepEqual([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityFromScore), ['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'unknown']);
});
