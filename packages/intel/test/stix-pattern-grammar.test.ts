/**
 * The STIX 2.1 pattern parser against the specification's examples (§9.9) and malformed patterns. No npm
 * package parses STIX patterns (reference §3.3), so the grammar is checked with our own parser here; every
 * pattern stixPattern emits for the seed values must parse too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INDICATOR_TYPES, MAX_PATTERN_DEPTH, normalizeIndicatorValue, parseStixPattern, parseStixTimestamp, stixPattern, StixPatternError } from '../src/index.js';

const VALID = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
  "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
  "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
  "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']",
  "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
  "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
  "[x-usb-device:usbdrive.serial_number = '575833344E30313935313437']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
  "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[network-traffic:dst_port IN (80, 443) AND network-traffic:protocols[0] NOT = 'tcp']",
  "[artifact:payload_bin = b'ZXhhbXBsZQ==' OR artifact:payload_bin = h'6578616d706c65']",
  "([ipv4-addr:value = '1.2.3.4'] AND [domain-name:value LIKE '%.example']) START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  "[file:size > 1024.5 AND file:is_encrypted = true]",
  "[user-account:account_type ISSUBSET 'unix']",
];

const INVALID = [
  '',
  '[]',
  "ipv4-addr:value = '1.2.3.4'",
  "[ipv4-addr:value = '1.2.3.4'",
  '[ipv4-addr:value = 1.2.3.4]',
  "[ipv4-addr value = '1.2.3.4']",
  "[IPV4-ADDR:value = '1.2.3.4']",
  "[ipv4-addr:value == '1.2.3.4']",
  "[ipv4-addr:value = 'it\\'s' AND]",
  "[file:name = 'a\\b']",
  "[ipv4-addr:value = '1.2.3.4'] WITHIN -5 SECONDS",
  "[ipv4-addr:value = '1.2.3.4'] REPEATS 1.5 TIMES",
  "[ipv4-addr:value = '1.2.3.4'] START '2016' STOP '2017'",
  "[file:hashes.MD5 = h'zz']",
  "[ipv4-addr:value IN '1.2.3.4']",
  "[ipv4-addr:value LIKE 5]",
  "[ipv4-addr:value = '1.2.3.4'] [domain-name:value = 'a']",
  "[file:name[x] = 'a']",
];

describe('STIX pattern grammar', () => {
  it('accepts the specification examples', () => {
    for (const pattern of VALID) assert.doesNotThrow(() => parseStixPattern(pattern), pattern);
  });

  it('refuses malformed patterns with an offset', () => {
    for (const pattern of INVALID) {
      assert.throws(() => parseStixPattern(pattern), (err: unknown) => err instanceof StixPatternError && err.offset >= 0, JSON.stringify(pattern));
    }
  });

  it('returns comparisons with unescaped literals and path steps', () => {
    const parsed = parseStixPattern("[file:hashes.'SHA-256' = 'x' OR file:name = 'it\\'s \\\\ here']");
    assert.equal(parsed.simpleDisjunction, true);
    assert.deepEqual(parsed.comparisons.map((c) => [c.objectType, c.steps, c.operator, c.literal]), [
      ['file', ['hashes', 'SHA-256'], '=', { kind: 'string', value: 'x' }],
      ['file', ['name'], '=', { kind: 'string', value: "it's \\ here" }],
    ]);
    assert.equal(parseStixPattern("[a:b = 'x' AND a:c = 'y']").simpleDisjunction, false);
    assert.equal(parseStixPattern("[a:b = 'x'] OR [a:c = 'y']").simpleDisjunction, false);
    assert.equal(parseStixPattern("[a:b = 'x'] WITHIN 5 SECONDS").simpleDisjunction, false);
    assert.equal(parseStixPattern("[a:b = 'x' AND a:c = 'y']").simpleConjunction, true);
    assert.equal(parseStixPattern("[a:b = 'x' AND a:c = 'y' OR a:d = 'z']").simpleConjunction, false);
    assert.equal(parseStixPattern("[a:b = 'x'] AND [a:c = 'y']").simpleConjunction, false);
  });

  it('refuses nesting deeper than MAX_PATTERN_DEPTH with an error, not a stack overflow', () => {
    const nest = (n: number, inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
    assert.equal(parseStixPattern(`[${nest(MAX_PATTERN_DEPTH - 1, "a:b = 'x'")}]`).comparisons.length, 1);
    assert.equal(parseStixPattern(nest(MAX_PATTERN_DEPTH - 1, "[a:b = 'x']")).comparisons.length, 1);
    for (const deep of [`[${nest(5000, "a:b = 'x'")}]`, nest(5000, "[a:b = 'x']"), nest(100_000, '')]) {
      assert.throws(() => parseStixPattern(deep), (err: unknown) => err instanceof StixPatternError && /nest deeper than 100 levels/.test(err.message));
    }
  });

  it('parses every pattern stixPattern emits, including quotes and backslashes', () => {
    const values: Record<string, string> = {
      'IP Address': '198.51.100.3', FQDN: 'example.com', URL: "http://example.com/it's", Filename: "o'brien\\x.exe", 'File Path': '/tmp/a b',
      'User-agent': "Mozilla/5.0 'x'", 'Email Subject': 'Re: invoice', ASN: 'AS1', 'Registry Key': 'HKLM\\Run', Mutex: 'm\\n',
    };
    for (const [type, raw] of Object.entries(values)) {
      const n = normalizeIndicatorValue(type, raw);
      assert.ok(n.ok, type);
      const pattern = stixPattern(type, n.value)!;
      const parsed = parseStixPattern(pattern);
      if (type !== 'File Path' && type !== 'ASN') assert.equal((parsed.comparisons[0]!.literal as { value: string }).value, n.value, pattern);
    }
    assert.ok(INDICATOR_TYPES.length > 0);
  });
});

describe('STIX timestamps', () => {
  it('refuses dates that do not exist instead of rolling them over', () => {
    assert.equal(parseStixTimestamp('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    for (const bad of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T00:00:00.000Z', '2016-12-31T23:59:60Z']) {
      assert.equal(parseStixTimestamp(bad), undefined, bad);
    }
  });
});
