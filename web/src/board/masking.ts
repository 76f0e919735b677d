/**
 * Contact fields arrive already masked for non-owners (GW-3: the service masks, the console
 * never receives what the user may not see). The console only has to *show* that a value is
 * masked — so nobody mistakes "138****8000" for a typo — and never pretends to unmask it.
 */

/** The service masks with runs of '*' (or '•'); a masked value is one that contains such a run. */
export function isMasked(value: string | undefined | null): boolean {
  return typeof value === 'string' && /[*•]{2,}/.test(value);
}

export interface ContactDisplay {
  text: string;
  masked: boolean;
}

/** What to print for one contact field: the value as sent, flagged when masked; '—' when absent. */
export function contactDisplay(value: string | undefined | null): ContactDisplay {
  if (value === undefined || value === null || value === '') return { text: '—', masked: false };
  return { text: value, masked: isMasked(value) };
}
