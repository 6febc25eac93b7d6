/**
 * The fixed values of stored columns (roles, agent statuses, dismiss reasons, webhook formats and delivery
 * statuses), defined once as arrays for the store's checks, the server's schemas and the CLI's choices,
 * with the types derived from them. The migrations' check constraints hold the same lists.
 * @module
 */

/** Membership roles, most to least privileged. */
export const ROLES = Object.freeze(['owner', 'user', 'reader'] as const);
export type Role = (typeof ROLES)[number];

/** An agent is online while it reports (heartbeats or events). */
export const AGENT_STATUSES = Object.freeze(['online', 'offline'] as const);
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** What an agent was deployed to do (Threat Stack's agent types). */
export const AGENT_TYPES = Object.freeze(['monitor', 'investigate'] as const);
export type AgentType = (typeof AGENT_TYPES)[number];

/** The package databases an agent reads its host's inventory from. */
export const PACKAGE_MANAGERS = Object.freeze(['dpkg', 'rpm', 'apk'] as const);
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** How a package changed in an agent's inventory (`changed`: another version of the same name and arch). */
export const PACKAGE_CHANGE_KINDS = Object.freeze(['added', 'removed', 'changed'] as const);
export type PackageChangeKind = (typeof PACKAGE_CHANGE_KINDS)[number];

/** Why alerts were dismissed, as Threat Stack names the reasons. */
export const DISMISS_REASONS = Object.freeze(['BUSINESS_OP', 'COMPANY_POLICY', 'MAINTENANCE', 'OTHER'] as const);
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** Payload formats of a webhook endpoint. */
export const WEBHOOK_FORMATS = Object.freeze(['threatstack', 'threatstack-flat', 'slack', 'full'] as const);
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Where a webhook delivery stands. */
export const WEBHOOK_DELIVERY_STATUSES = Object.freeze(['pending', 'succeeded', 'failed'] as const);
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * Whether `value` is one of `values`, narrowing it to their type.
 *
 * ```ts
 * oneOf(ROLES, 'owner'); // true
 * ```
 */
export function oneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return (values as readonly unknown[]).includes(value);
}
