/**
 * Token paging as a stripe-style list promise: await it for the first page, `for await` it for every
 * item across pages, or call `.pages()` for the pages themselves (octokit's iterator shape).
 * @module
 */

/** One page of a v2 list: `{"<key>": [...], "token": "…" | null}`. */
export interface Page<T> {
  items: T[];
  /** pass back as `token` for the next page; null on the last page */
  token: string | null;
  /** the response body as received */
  raw: any;
}

/**
 * A promise of the first page that is also an async iterable of every item.
 *
 * ```ts
 * const first = await client.agents.list({ status: 'online' });            // Page<Agent>
 * for await (const agent of client.agents.list({ status: 'online' })) {}   // every agent
 * for await (const page of client.agents.list({ status: 'online' }).pages()) {}
 * const some = await client.alerts.list({ status: 'active' }).toArray({ limit: 500 });
 * ```
 */
export type ListPromise<T> = Promise<Page<T>> &
  AsyncIterable<T> & {
    /** Every page, starting with the first; ends after the page whose token is null. */
    pages(): AsyncIterable<Page<T>>;
    /** Collects items across pages, at most `limit` (1…10,000) so a huge list cannot exhaust memory. */
    toArray(options: { limit: number }): Promise<T[]>;
  };

/** Fetches the page after `token` (the first page when undefined). */
export type PageFetcher<T> = (token: string | undefined) => Promise<Page<T>>;

const MAX_TO_ARRAY = 10_000;

/**
 * Builds a {@link ListPromise}. The first page is requested at once (like stripe-node) and reused by
 * the first iteration, so `await` and `for await` on the same value cost one request for page one.
 *
 * ```ts
 * return listPromise((token) => fetchAgentsPage({ ...query, token }));
 * ```
 */
export function listPromise<T>(fetchPage: PageFetcher<T>): ListPromise<T> {
  const first = fetchPage(undefined);
  let firstUsed = false;

  // Async generators queue concurrent next() calls, so two consumers never turn the same page twice.
  async function* pages(): AsyncGenerator<Page<T>> {
    let page = firstUsed ? await fetchPage(undefined) : await first;
    firstUsed = true;
    const seen = new Set<string>();
    for (;;) {
      yield page;
      if (!page.token) return;
      // A server that hands back a token it already gave would loop forever.
      if (seen.has(page.token)) throw new Error(`Paging loop: token repeated`);
      seen.add(page.token);
      page = await fetchPage(page.token);
    }
  }

  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page.items;
  }

  async function toArray(options: { limit: number }): Promise<T[]> {
    const limit = options?.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TO_ARRAY) {
      throw new RangeError(`toArray needs a limit between 1 and ${MAX_TO_ARRAY}`);
    }
    const out: T[] = [];
    for await (const item of items()) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }

  return Object.assign(first, {
    pages: () => ({ [Symbol.asyncIterator]: pages }),
    toArray,
    [Symbol.asyncIterator]: items,
  });
}

/**
 * Reads a v2 list body into a {@link Page}: the array under `key` and the `token`.
 *
 * ```ts
 * toPage<Agent>(body, 'agents'); // { items: body.agents, token: body.token ?? null, raw: body }
 * ```
 */
export function toPage<T>(body: any, key: string): Page<T> {
  const items = body && Array.isArray(body[key]) ? (body[key] as T[]) : [];
  const token = body && typeof body.token === 'string' && body.token !== '' ? body.token : null;
  return { items, token, raw: body };
}
