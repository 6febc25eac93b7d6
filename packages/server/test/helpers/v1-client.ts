/**
 * REST v1 requests the way the Python client's v1 mode sends them: `Authorization: <API key>` and, when it
 * has one, `Organization: <org id>`; list parameters as query strings (a `fields` list repeated).
 */
export interface V1Response {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface V1Auth {
  apiKey?: string;
  orgId?: string;
}

/** Sends one v1 request; `auth` fields left undefined send no header. */
export async function v1Request(baseUrl: string, method: string, path: string, auth: V1Auth): Promise<V1Response> {
  const headers: Record<string, string> = {};
  if (auth.apiKey !== undefined) headers.authorization = auth.apiKey;
  if (auth.orgId !== undefined) headers.organization = auth.orgId;
  const res = await fetch(baseUrl + path, { method, headers });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The Python v1 client's `list()` without a page: count=100, pages from 0 until an empty (or falsy) one. */
export async function v1ListAll(baseUrl: string, resource: string, auth: V1Auth, extra = ''): Promise<any[]> {
  const items: any[] = [];
  for (let page = 0; page < 1000; page++) {
    const res = await v1Request(baseUrl, 'GET', `/api/v1/${resource}?count=100&page=${page}${extra}`, auth);
    if (res.status !== 200) throw new Error(`${resource} page ${page}: ${res.status} ${res.text}`);
    if (!Array.isArray(res.json) || res.json.length === 0) return items;
    items.push(...res.json);
  }
  throw new Error('never reached an empty page');
}
