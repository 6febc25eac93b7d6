/**
 * OSV records found in one parsed JSON document (a record, or an array of records as OSV's query API and
 * some mirrors return them), read into a batch collector.
 * @module
 */
import { readOsvRecord } from '../osv/read-osv-record.js';
import type { BatchCollector, FeedBatch } from './feed-batch.js';

/**
 * Reads the record(s) of one document; refused ones are noted under `entry` (`entry[3]` inside an array).
 * Yields each batch the collector fills.
 */
export function* collectOsvRecords(value: unknown, entry: string, collector: BatchCollector): Generator<FeedBatch> {
  const records = Array.isArray(value) ? value.map((record, i) => ({ record, at: `${entry}[${i}]` })) : [{ record: value, at: entry }];
  for (const { record, at } of records) {
    const result = readOsvRecord(record);
    if (!result.ok) {
      collector.refuse(at, result.reason);
      continue;
    }
    const full = collector.add(result.advisory);
    if (full) yield full;
  }
}
