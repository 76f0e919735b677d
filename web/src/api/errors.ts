/**
 * Every failed API call becomes an ApiError. Forms read `fieldErrors` (keyed by the request's
 * proto3 JSON field name, e.g. "phone", "productTags") to show messages next to the fields; pages
 * show `messageKey` (an i18n key) or the server's own `detail`/`title` for everything else.
 */

export type ApiErrorKind =
  | 'validation' // 400/422 problem+json with per-field errors
  | 'problem' // any other problem+json
  | 'unauthorized' // 401: sign in again
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'rateLimited' // 429
  | 'server' // 5xx without a problem document
  | 'http' // other non-2xx without a problem document
  | 'network' // fetch rejected: offline, DNS, connection refused, CORS
  | 'timeout' // no answer within the client's timeout
  | 'aborted' // the caller cancelled
  | 'badResponse'; // 2xx whose body is not the JSON we expect

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly problem: ProblemDetails | null;
  /** Field name (lowerCamel proto3 JSON name, dotted for nested) → messages from the server. */
  readonly fieldErrors: Readonly<Record<string, string[]>>;
  /** i18n key for a friendly, localized explanation of this kind of failure. */
  readonly messageKey: string;

  constructor(kind: ApiErrorKind, options: { status?: number | null; problem?: ProblemDetails | null; cause?: unknown } = {}) {
    super(options.problem?.detail ?? options.problem?.title ?? `API ${kind}${options.status ? ` (${options.status})` : ''}`);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.problem = options.problem ?? null;
    this.fieldErrors = normalizeFieldErrors(options.problem?.errors);
    this.messageKey = `api.errors.${kind}`;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  /** Messages for one field (exact match after normalization), or an empty list. */
  messagesFor(field: string): string[] {
    return this.fieldErrors[normalizeFieldName(field)] ?? [];
  }

  /** Server messages that belong to no field of the form (shown above the form). */
  messagesExcept(knownFields: readonly string[]): string[] {
    const known = new Set(knownFields.map(normalizeFieldName));
    return Object.entries(this.fieldErrors)
      .filter(([field]) => !known.has(field))
      .flatMap(([, messages]) => messages);
  }
}

/**
 * The gateway may name fields the protobuf way (`product_tags`), the JSON way (`productTags`) or
 * the ASP.NET way (`ProductTags`, `$.productTags`); all become `productTags`. Dotted paths and
 * indexes keep their shape: `Referred_by.Value` → `referredBy.value`, `items[0].name` stays.
 */
export function normalizeFieldName(field: string): string {
  const path = field.startsWith('$.') ? field.slice(2) : field;
  return path
    .split('.')
    .map((segment) => {
      const camel = segment.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
      return camel.charAt(0).toLowerCase() + camel.slice(1);
    })
    .join('.');
}

function normalizeFieldErrors(errors: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return result;
  for (const [field, value] of Object.entries(errors as Record<string, unknown>)) {
    const messages = Array.isArray(value) ? value.filter((m): m is string => typeof m === 'string') : typeof value === 'string' ? [value] : [];
    if (messages.length === 0) continue;
    const key = normalizeFieldName(field);
    result[key] = [...(result[key] ?? []), ...messages];
  }
  return result;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
