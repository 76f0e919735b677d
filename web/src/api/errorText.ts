import { ApiError } from './errors';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * One line for a failed call: the server's own localized explanation when it sent one
 * (problem+json detail/title, or every field message), else the friendly text for its kind.
 */
export function errorText(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const fieldMessages = Object.values(error.fieldErrors).flat();
  if (fieldMessages.length > 0) return fieldMessages.join('；');
  const server = error.problem?.detail ?? error.problem?.title;
  if (server) return server;
  return t(error.messageKey, { status: error.status ?? '' });
}
