import { ApiError, type ApiErrorKind, type ProblemDetails } from './errors';

/**
 * A small typed fetch wrapper for the gateway's REST/JSON API: JSON in and out, a bearer-token
 * slot (filled once sign-in exists, GW-2), Accept-Language from the UI language so server
 * messages come back in the user's language, a timeout, and every failure turned into ApiError.
 */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Prefix for every path; '' in the browser (same origin: the gateway serves the console). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Current bearer token, or null when signed out. Read on every request. */
  getToken?: () => string | null;
  /** Current UI language ("zh-CN" / "en"), sent as Accept-Language. */
  getLocale?: () => string;
  timeoutMs?: number;
  /**
   * Called once when a request that carried a token gets 401 (the access token expired): renew
   * the session (refresh token) and resolve true to retry the request once with the new token.
   * Concurrent 401s share one renewal (see `singleFlight`).
   */
  refreshSession?: () => Promise<boolean>;
  /** Called on a 401 that renewal could not cure, so the app can send the user to sign-in. */
  onUnauthorized?: (error: ApiError) => void;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  patch<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  put<T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function request<T>(method: string, path: string, req: RequestOptions = {}, renewed = false): Promise<T> {
    const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...req.headers };
    const token = options.getToken?.();
    if (token) headers.Authorization = `Bearer ${token}`;
    const locale = options.getLocale?.();
    if (locale) headers['Accept-Language'] = locale;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.body);
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onCallerAbort);

    let response: Response;
    try {
      response = await doFetch(baseUrl + path + queryString(req.query), { method, headers, body, signal: controller.signal });
    } catch (cause) {
      throw new ApiError(timedOut ? 'timeout' : req.signal?.aborted ? 'aborted' : 'network', { cause });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }

    if (!response.ok) {
      const error = await errorFrom(response);
      if (error.kind === 'unauthorized') {
        // An expired access token: renew once and replay. Without a token there is nothing to
        // renew, and a second 401 after renewal means the session really is over.
        if (token && !renewed && options.refreshSession && (await options.refreshSession().catch(() => false))) {
          return request<T>(method, path, req, true);
        }
        options.onUnauthorized?.(error);
      }
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new ApiError('badResponse', { status: response.status, cause });
    }
  }

  return {
    request,
    get: (path, req) => request('GET', path, req),
    post: (path, body, req) => request('POST', path, { ...req, body }),
    patch: (path, body, req) => request('PATCH', path, { ...req, body }),
    put: (path, body, req) => request('PUT', path, { ...req, body }),
    delete: (path, req) => request('DELETE', path, req),
  };
}

/**
 * Wraps an async function so concurrent callers share one run: five requests that all hit 401
 * at once cause one token refresh, not five (a refresh token is typically single-use).
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    inFlight ??= run().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  const status = response.status;
  const problem = await readProblem(response);
  let kind: ApiErrorKind;
  if (status === 401) kind = 'unauthorized';
  else if (status === 403) kind = 'forbidden';
  else if (status === 404) kind = 'notFound';
  else if (status === 429) kind = 'rateLimited';
  else if (problem?.errors && Object.keys(problem.errors).length > 0) kind = 'validation';
  else if (problem) kind = 'problem';
  else kind = status >= 500 ? 'server' : 'http';
  return new ApiError(kind, { status, problem });
}

async function readProblem(response: Response): Promise<ProblemDetails | null> {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!/application\/(problem\+)?json/i.test(contentType)) return null;
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ProblemDetails) : null;
  } catch {
    return null;
  }
}
