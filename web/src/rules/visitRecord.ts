import { toVisibleText } from './richText';
import { countScalarValues, isBlank, trimWhiteSpace } from './text';
import type { RuleError, RuleRecord } from './model';

/**
 * Field-level checks of a visit record (AC-3) as the server's VisitRecordValidator makes them,
 * so the console can show them before submitting. Conditional requirements (AC-4) are not
 * checked here: project the form with `toRuleRecord` and run the rule set.
 */

export const PROMISED_DELIVERABLE_MAX = 300;
export const TOPIC_MAX = 100;
export const RECORDING_REF_MAX = 200;
/** Clock skew tolerated between a phone and the server for "visited at". */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const BUDGET_CODES = ['confirmedAbove500k', 'confirmedBelow500k', 'unconfirmed'] as const;
export const OBJECTION_CODES = ['price', 'deliveryTime', 'competitor', 'decisionProcess'] as const;
export const CONCERN_CODES = ['budgetInsufficient', 'technicalMismatch', 'decisionChainUnclear', 'competitorLockIn', 'other'] as const;

export interface VisitRecordForm {
  customerId: string;
  /** ISO instant with offset, e.g. "2026-11-22T10:00:00+08:00"; null when not chosen. */
  visitedAt: string | null;
  budget: string;
  objectionType: string;
  biggestConcern: string;
  /** Rich text (simple markup); limits apply to its visible text. */
  promisedDeliverable: string;
  nextTouchpoint: { at: string | null; participants: string[]; topic: string };
  gps: { latitude: number | null; longitude: number | null } | null;
  callRecordingSummaryRef: string;
  trial: { accountProvided: boolean; startDate: string | null; endDate: string | null; clientLoginFrequency: string } | null;
}

export function emptyVisitRecordForm(): VisitRecordForm {
  return {
    customerId: '',
    visitedAt: null,
    budget: '',
    objectionType: '',
    biggestConcern: '',
    promisedDeliverable: '',
    nextTouchpoint: { at: null, participants: [''], topic: '' },
    gps: null,
    callRecordingSummaryRef: '',
    trial: null,
  };
}

/** Every field problem (not just the first), with the server's codes and field paths. */
export function validateVisitRecord(form: VisitRecordForm, now: Date): RuleError[] {
  const errors: RuleError[] = [];
  const required = (path: string) => errors.push({ code: 'visit.required', path });

  if (isBlank(form.customerId)) required('customerId');
  const visitedAt = form.visitedAt ? Date.parse(form.visitedAt) : NaN;
  if (form.visitedAt === null) required('visitedAt');
  else if (visitedAt > now.getTime() + FUTURE_TOLERANCE_MS) errors.push({ code: 'visit.in_future', path: 'visitedAt' });

  checkCode(form.budget, BUDGET_CODES, 'budget', true, errors);
  checkCode(form.objectionType, OBJECTION_CODES, 'objectionType', false, errors);
  checkCode(form.biggestConcern, CONCERN_CODES, 'biggestConcern', true, errors);

  if (!isBlank(form.promisedDeliverable)) {
    const length = deliverableLength(form.promisedDeliverable);
    if (length > PROMISED_DELIVERABLE_MAX)
      errors.push({ code: 'visit.too_long', path: 'promisedDeliverable', params: { max: PROMISED_DELIVERABLE_MAX, length } });
  }

  const touchpoint = form.nextTouchpoint;
  if (touchpoint.at === null) required('nextTouchpoint.at');
  else if (!Number.isNaN(visitedAt) && Date.parse(touchpoint.at) <= visitedAt)
    errors.push({ code: 'visit.invalid_order', path: 'nextTouchpoint.at' });
  if (touchpoint.participants.length === 0) required('nextTouchpoint.participants');
  touchpoint.participants.forEach((name, i) => {
    if (isBlank(name)) errors.push({ code: 'visit.blank', path: `nextTouchpoint.participants[${i}]` });
  });
  if (isBlank(touchpoint.topic)) required('nextTouchpoint.topic');
  else if (countScalarValues(trimWhiteSpace(touchpoint.topic)) > TOPIC_MAX)
    errors.push({ code: 'visit.too_long', path: 'nextTouchpoint.topic', params: { max: TOPIC_MAX } });

  if (form.gps) {
    checkCoordinate(form.gps.latitude, 'gps.latitude', 90, errors);
    checkCoordinate(form.gps.longitude, 'gps.longitude', 180, errors);
  }

  // The server counts this reference in UTF-16 code units (string.Length), unlike every other
  // limit; reproduced as-is and reported in notes/requests.md.
  if (!isBlank(form.callRecordingSummaryRef) && trimWhiteSpace(form.callRecordingSummaryRef).length > RECORDING_REF_MAX)
    errors.push({ code: 'visit.too_long', path: 'callRecordingSummaryRef', params: { max: RECORDING_REF_MAX } });

  const trial = form.trial;
  if (trial?.startDate && trial.endDate && trial.endDate < trial.startDate)
    errors.push({ code: 'visit.invalid_order', path: 'trial.endDate' });
  return errors;
}

/** Visible-text length of the promised deliverable, counted like the server (scalar values). */
export function deliverableLength(markup: string): number {
  return countScalarValues(toVisibleText(markup));
}

function checkCode(value: string, allowed: readonly string[], path: string, isRequired: boolean, errors: RuleError[]): void {
  if (isBlank(value)) {
    if (isRequired) errors.push({ code: 'visit.required', path });
    return;
  }
  if (!allowed.includes(trimWhiteSpace(value)))
    errors.push({ code: 'visit.unknown_value', path, params: { value, allowed: allowed.join(', ') } });
}

function checkCoordinate(value: number | null, path: string, limit: number, errors: RuleError[]): void {
  if (value === null) errors.push({ code: 'visit.required', path });
  else if (!Number.isFinite(value) || value < -limit || value > limit)
    errors.push({ code: 'visit.out_of_range', path, params: { limit, value } });
}

/**
 * The record the rules see, as the server's VisitRecordRuleProjection builds it: rich text as
 * visible text, trimmed topic / codes / frequency, blank participants dropped, the touchpoint in
 * UTC ("+00:00"), coordinates rounded to 15 significant digits (.NET double → decimal).
 * Fields the user left blank are omitted (missing).
 */
export function toRuleRecord(form: VisitRecordForm): RuleRecord {
  const record: RuleRecord = {};
  const setText = (field: string, value: string | null | undefined, trim = true) => {
    if (value != null && !isBlank(value)) record[field] = trim ? trimWhiteSpace(value) : value;
  };
  setText('budget', form.budget);
  setText('objectionType', form.objectionType);
  setText('biggestConcern', form.biggestConcern);
  if (!isBlank(form.promisedDeliverable)) record.promisedDeliverable = toVisibleText(form.promisedDeliverable);
  if (form.nextTouchpoint.at) {
    const at = new Date(form.nextTouchpoint.at);
    if (!Number.isNaN(at.getTime())) record['nextTouchpoint.at'] = at.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }
  record['nextTouchpoint.participants'] = form.nextTouchpoint.participants.filter((p) => !isBlank(p)).map(trimWhiteSpace);
  setText('nextTouchpoint.topic', form.nextTouchpoint.topic);
  if (form.gps && form.gps.latitude !== null && form.gps.longitude !== null) {
    record['gps.latitude'] = Number(form.gps.latitude.toPrecision(15));
    record['gps.longitude'] = Number(form.gps.longitude.toPrecision(15));
  }
  setText('callRecordingSummaryRef', form.callRecordingSummaryRef);
  if (form.trial) {
    record['trial.accountProvided'] = form.trial.accountProvided;
    setText('trial.startDate', form.trial.startDate);
    setText('trial.endDate', form.trial.endDate);
    setText('trial.clientLoginFrequency', form.trial.clientLoginFrequency);
  }
  return record;
}
