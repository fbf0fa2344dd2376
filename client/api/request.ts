// The one request helper every resource module uses: JSON in and out, problem+json errors (RFC 9457) as
// ApiError with every field message, the CSRF header on signed-in writes, and X-Device-Token on anonymous ones.
import { forgetDeviceToken, storeDeviceToken, storedDeviceToken } from '../resident/device';

export const base = '/api/v1';

/** T with the keys K optional: fields the client reads defensively (answers cached from an older server). */
export type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface FieldError {
  path: string; // the request field, e.g. "lat" or "note"; "" when the problem is not about one field
  message: string;
}

/** A failed request, from an application/problem+json body (RFC 9457) or from the network. */
export class ApiError extends Error {
  constructor(
    readonly status: number, // 0 when the request never reached the server
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const unreachable = () => new ApiError(0, 'Could not reach the Wi-Fi Reach server. Check your connection and try again.', []);

// Returned at sign-in and again by GET /session after a reload; another site's page cannot read it.
let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => void (csrfToken = token);

// Staff reads bypass the service worker's offline copies: they must be current, and staff-only data
// (exact positions, residents' notes) must never be kept in a cache a resident could later be shown.
export const fresh = { cache: 'no-store' } as const satisfies Send;

export interface Send {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  json?: unknown; // a JSON body
  raw?: BodyInit; // a body sent as it is, with contentType
  contentType?: string;
  staff?: boolean; // a signed-in write: carries the CSRF token
  device?: string; // an anonymous write: carries this X-Device-Token
  cache?: RequestCache;
  signal?: AbortSignal;
}

/** A request whose answer is read by the caller (downloads, the speed test); a non-2xx answer throws. */
export async function send(url: string, options: Send = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  else if (options.contentType) headers['Content-Type'] = options.contentType;
  if (options.staff && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.device) headers['X-Device-Token'] = options.device;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.raw,
      cache: options.cache,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error; // the caller replaced this request with a newer one
    throw unreachable();
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}

/**
 * A JSON request; a 204 answers undefined. An aborted read or anonymous write is "could not reach the
 * server" (the offline queue keeps it); an aborted signed-in write passes its abort on, as `send` does.
 */
export async function request<T>(url: string, options: Send = {}): Promise<T> {
  let response: Response;
  try {
    response = await send(url, options);
  } catch (error) {
    if (error instanceof ApiError || options.staff) throw error;
    throw unreachable();
  }
  return (response.status === 204 ? undefined : await response.json()) as T;
}

let minting: Promise<string> | null = null;

/**
 * This install's device credential: the stored one, or a new one from the server, asked for once however
 * many writes wait for it. Offline or refused, it throws like any request, so a queued write waits too.
 */
export function deviceToken(): Promise<string> {
  const known = storedDeviceToken();
  if (known) return Promise.resolve(known);
  minting ??= request<{ deviceToken: string }>(`${base}/devices`, { method: 'POST', json: {} })
    .then(({ deviceToken: token }) => {
      storeDeviceToken(token);
      return token;
    })
    .finally(() => (minting = null));
  return minting;
}

/**
 * An anonymous write with this install's X-Device-Token. A refused token (401: the server lost or revoked
 * it) is dropped and the write is tried once more with a new one.
 */
export async function deviceWrite<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const attempt = async (token: string) => request<T>(url, { method: 'POST', json: body, device: token, signal });
  const token = await deviceToken();
  try {
    return await attempt(token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    forgetDeviceToken(token);
    return attempt(await deviceToken());
  }
}

/** Reads every field message from a problem body; falls back to the HTTP status when the body is not one. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(response.status, fallback, []);
  }
  return parseProblem(response.status, body, fallback);
}

export function parseProblem(status: number, body: unknown, fallback: string): ApiError {
  if (typeof body !== 'object' || body === null) return new ApiError(status, fallback, []);
  const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
  const errors: FieldError[] = Array.isArray(problem.errors)
    ? problem.errors.map((entry: unknown) => {
        const e = (entry ?? {}) as { path?: unknown; message?: unknown };
        // Some validators report a path as an array of keys (["note"]); keep only the field name.
        const path = Array.isArray(e.path) ? e.path.join('.') : typeof e.path === 'string' ? e.path : '';
        return { path: path.replace(/^\/|^body\./, ''), message: String(e.message ?? 'is invalid') };
      })
    : [];
  const message =
    typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : typeof problem.title === 'string' && problem.title
        ? problem.title
        : fallback;
  return new ApiError(status, message, errors);
}

export function round6(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
