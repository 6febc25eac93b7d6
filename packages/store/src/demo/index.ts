/**
 * Deterministic demo dataset: a 35-agent fleet, two rulesets and a month of host-security alerts.
 * @module
 */

export type { DemoAlert, DemoDataset, DemoDismissal, DemoOptions, DemoSummary } from './dataset.js';
export { generateDemoDataset, summarizeDemoDataset } from './generate-dataset.js';
export { loadDemoDataset } from './load-dataset.js';
