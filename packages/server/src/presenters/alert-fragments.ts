/**
 * Alerts as the JSON text a page of alerts carries for each (`presentAlert` serialised with the `Alert`
 * schema), kept so that a page whose alerts were all served before is written by joining kept texts: no
 * table read, no presenting, no serialising (a list polled with a new `until` each time misses the response
 * cache on every request, yet shows the same alerts).
 *
 * An alert's row is never changed after it is written except by its dismissal, which is one way (see the
 * store's `alerts.listRefs`). So its text is fixed by its organization, id, creation time and whether it is
 * dismissed, and all four must match for a kept text to be used: a dismissed alert is never shown with its
 * active text, and an organization never gets another's text.
 * @module
 */
import type { Alert, AlertRef } from '@vigil/store';

interface Fragment {
  orgId: string;
  createdAt: number;
  dismissed: boolean;
  json: Buffer;
  /**
   * Read (or written) since eviction last passed over it. Second-chance eviction: the oldest text goes
   * unless it was read, in which case it gets another turn; a read costs one write, not a reordering.
   */
  used: boolean;
}

/** Whether `fragment` is the text of the alert with these creation time and state, in this organization. */
function isTextOf(fragment: Fragment, orgId: string, createdAt: number, dismissed: boolean): boolean {
  return fragment.orgId === orgId && fragment.createdAt === createdAt && fragment.dismissed === dismissed;
}

/** The text in its own memory: a small Buffer.from shares an 8 KiB pool slab, which one kept text would pin. */
function ownBytes(text: string): Buffer {
  const json = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  json.write(text);
  return json;
}

export interface AlertFragments {
  /** The kept texts of `refs` (alerts of one list with this status) in order, or undefined unless all are kept. */
  all(orgId: string, dismissed: boolean, refs: readonly AlertRef[]): Buffer[] | undefined;
  /** The alert's text: the kept one, else `serialize(alert)`, kept from now on. */
  of(alert: Alert, serialize: (alert: Alert) => string): Buffer;
}

export interface AlertFragmentsOptions {
  /** bytes of text kept at most (about 600 per alert); the least recently read go first */
  maxBytes?: number;
}

/**
 * ```ts
 * const fragments = createAlertFragments();
 * const kept = fragments.all(orgId, false, refs.items) ?? page.items.map((a) => fragments.of(a, serialize));
 * ```
 */
export function createAlertFragments(options: AlertFragmentsOptions = {}): AlertFragments {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  /** by alert id (ids are unique across organizations; the org is checked anyway); insertion order is age */
  const fragments = new Map<string, Fragment>();
  let bytes = 0;

  const evictOldest = () => {
    for (const [id, fragment] of fragments) {
      fragments.delete(id);
      if (fragment.used) {
        // read since it last came round: it gets another turn at the young end
        fragment.used = false;
        fragments.set(id, fragment);
      } else {
        bytes -= fragment.json.length;
        return;
      }
    }
  };

  return {
    all(orgId, dismissed, refs) {
      const texts = new Array<Buffer>(refs.length);
      for (let i = 0; i < refs.length; i++) {
        const ref = refs[i]!;
        const fragment = fragments.get(ref.id);
        if (fragment === undefined || !isTextOf(fragment, orgId, ref.createdAt, dismissed)) return undefined;
        fragment.used = true;
        texts[i] = fragment.json;
      }
      return texts;
    },

    of(alert, serialize) {
      const kept = fragments.get(alert.id);
      if (kept !== undefined && isTextOf(kept, alert.orgId, alert.createdAt, alert.isDismissed)) {
        kept.used = true;
        return kept.json;
      }
      const json = ownBytes(serialize(alert));
      if (kept !== undefined) {
        fragments.delete(alert.id);
        bytes -= kept.json.length;
      }
      fragments.set(alert.id, { orgId: alert.orgId, createdAt: alert.createdAt, dismissed: alert.isDismissed, json, used: true });
      bytes += json.length;
      while (bytes > maxBytes) evictOldest();
      return json;
    },
  };
}
