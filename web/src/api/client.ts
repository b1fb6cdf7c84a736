// The one way the page talks to kith: same-origin JSON, the session's CSRF token on
// every change, errors as ApiError, and a 401 sending the user to sign in.
import { ApiError, errorFromBody } from './errors';

let csrfToken = '';
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called on a 401 from any route but log-in (whose 401 is a wrong password). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Whether a request changes something, and so must carry the CSRF token. */
export function needsCsrf(method: Method): boolean {
  return method !== 'GET';
}

/** A query string of the values that are set (undefined, null and '' are left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** A body sent as it is, with its own media type (an import's CSV or JSON file). */
export interface RawBody {
  text: string;
  contentType: string;
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: { signIn?: boolean; raw?: RawBody } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.raw) headers['Content-Type'] = options.raw.contentType;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (needsCsrf(method) && csrfToken !== '') headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.raw ? options.raw.text : body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = errorFromBody(response.status, parsed);
    if (response.status === 401 && !options.signIn) onUnauthorized();
    throw error;
  }
  if (parsed === null) throw new ApiError(response.status, 'bad_response', 'The server sent an answer the page could not read. Try again.');
  return parsed as T;
}
