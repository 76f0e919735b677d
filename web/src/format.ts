/** Times are stored in UTC and shown in the user's zone; Asia/Shanghai until profiles carry one (§9). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(value: Date | string, locale: string, timeZone = DEFAULT_TIME_ZONE): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** A fresh idempotency key (LR-1 intake: the same key always maps to the same lead). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
