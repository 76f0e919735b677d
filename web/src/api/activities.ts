import type { ApiClient } from './http';
import type { IdValue } from './contracts';
import type { LocalizedText } from './followUp';
import type { VisitRecordForm } from '@/rules/visitRecord';

/**
 * salesmesh.activities.v1.ActivitiesService over the gateway (activities_service.proto):
 * customers, opportunities with stage checklists (AC-1/AC-2), visit records (AC-3/AC-4) and the
 * downloadable rule set. Proto3 JSON shapes.
 */

export interface Money {
  currencyCode?: string;
  units?: string;
  nanos?: number;
}

export interface Customer {
  customerId?: IdValue;
  ownerUserId?: IdValue;
  teamId?: string;
  leadId?: IdValue;
  name?: string;
  contact?: { name?: string; phone?: string; email?: string; masked?: boolean };
  productTags?: string[];
  createTime?: string;
  version?: number;
}

export interface Opportunity {
  opportunityId?: IdValue;
  customerId?: IdValue;
  name?: string;
  stage?: string;
  amount?: Money;
  status?: 'OPPORTUNITY_STATUS_OPEN' | 'OPPORTUNITY_STATUS_WON' | 'OPPORTUNITY_STATUS_LOST';
  completedActions?: string[];
  fieldValues?: Record<string, string>;
  version?: number;
}

export interface PlaybookItem {
  kind?: 'PLAYBOOK_ITEM_KIND_ACTION' | 'PLAYBOOK_ITEM_KIND_FIELD';
  key?: string;
  name?: LocalizedText;
}

export interface PipelineStage {
  code?: string;
  name?: LocalizedText;
  position?: number;
  outcome?: string;
  requiredActionCount?: number;
}

/** VisitRecordContent in proto3 JSON (codes as in the rule language). */
export interface VisitRecordContent {
  customerId?: IdValue;
  opportunityId?: IdValue;
  visitTime?: string;
  budget?: string;
  objectionType?: string;
  biggestConcern?: string;
  promisedDeliverable?: string;
  nextTouchpoint?: { time?: string; participants?: string[]; topic?: string };
  gps?: { latitude?: number; longitude?: number };
  callRecordingSummaryRef?: string;
  trial?: { accountProvided?: boolean; startDate?: string; endDate?: string; clientLoginFrequency?: string };
}

export interface VisitRecord {
  visitRecordId?: IdValue;
  clientRecordId?: string;
  repUserId?: IdValue;
  content?: VisitRecordContent;
  /** The deliverable's visible text (markup removed by the server). */
  promisedDeliverableText?: string;
  recordTime?: string;
  ruleSetId?: string;
  ruleSetVersion?: number;
}

export const listCustomers = async (client: ApiClient) =>
  (await client.get<{ customers?: Customer[] }>('/api/v1/activities/customers', { query: { 'page.pageSize': 100 } })).customers ?? [];

export const createCustomer = async (client: ApiClient, request: { name: string; contactName?: string; contactPhone?: string; firstOpportunity?: { name: string; amount?: Money } }) =>
  client.post<{ customer?: Customer; firstOpportunity?: Opportunity }>('/api/v1/activities/customers', request);

export const getCustomer = async (client: ApiClient, customerId: string) =>
  (await client.get<{ customer?: Customer }>(`/api/v1/activities/customers/${encodeURIComponent(customerId)}`)).customer;

/** AC-1: a new opportunity of a visible customer, in the first open stage. */
export const createOpportunity = async (client: ApiClient, customerId: string, opportunity: { name: string; amount?: Money }) =>
  (await client.post<{ opportunity?: Opportunity }>(`/api/v1/activities/customers/${encodeURIComponent(customerId)}/opportunities`, { opportunity })).opportunity;

/**
 * Yuan typed by a person ("800000", "1,234.5") as Money (units + nanos, never a float), or null
 * when it is not a non-negative amount with at most two decimals.
 */
export function yuanToMoney(text: string): Money | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[,\s]/g, ''));
  if (!match) return null;
  const units = match[1]!.replace(/^0+(?=\d)/, '');
  const nanos = match[2] ? Number(match[2].padEnd(9, '0')) : 0;
  return { currencyCode: 'CNY', units, nanos };
}

/** Money as "¥800,000" / "USD 12.50" for display (decimal text from units and nanos, no float maths). */
export function formatMoney(money: Money | undefined, locale: string): string {
  if (!money) return '—';
  const units = BigInt(money.units ?? '0');
  const nanos = money.nanos ?? 0;
  const negative = units < 0n || nanos < 0;
  const whole = (units < 0n ? -units : units).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
  // Exact fraction digits from nanos, at least two once there is one ("12.5" → "12.50").
  const fraction = String(Math.abs(nanos)).padStart(9, '0').replace(/0+$/, '');
  const amount = `${negative ? '-' : ''}${whole}${fraction ? `.${fraction.padEnd(2, '0')}` : ''}`;
  const code = money.currencyCode || 'CNY';
  return code === 'CNY' ? `¥${amount}` : `${code} ${amount}`;
}

export const listOpportunities = async (client: ApiClient, customerId: string) =>
  (await client.get<{ opportunities?: Opportunity[] }>('/api/v1/activities/opportunities', { query: { 'customerId.value': customerId } })).opportunities ?? [];

export const getOpportunity = (client: ApiClient, opportunityId: string) =>
  client.get<{ opportunity?: Opportunity; missingItems?: PlaybookItem[] }>(`/api/v1/activities/opportunities/${encodeURIComponent(opportunityId)}`);

export const recordPlaybookProgress = (client: ApiClient, opportunity: Opportunity, completedActions: string[]) =>
  client.post<{ opportunity?: Opportunity; missingItems?: PlaybookItem[] }>(
    `/api/v1/activities/opportunities/${encodeURIComponent(opportunity.opportunityId?.value ?? '')}:record-progress`,
    { expectedVersion: opportunity.version ?? 0, completedActions },
  );

export const advanceStage = (client: ApiClient, opportunity: Opportunity, targetStage: string) =>
  client.post<{ opportunity?: Opportunity }>(`/api/v1/activities/opportunities/${encodeURIComponent(opportunity.opportunityId?.value ?? '')}:advance-stage`, {
    targetStage,
    expectedVersion: opportunity.version ?? 0,
  });

export const getPipelineStages = async (client: ApiClient) =>
  (await client.get<{ stages?: PipelineStage[] }>('/api/v1/activities/pipeline-stages')).stages ?? [];

/** AC-4: the rule set in force, exactly the document the server evaluates. */
export async function downloadRuleSet(client: ApiClient, ruleSetId: string): Promise<{ version: number; document: unknown }> {
  const response = await client.get<{ version?: number; documentJson?: string }>(`/api/v1/activities/rule-sets/${encodeURIComponent(ruleSetId)}:download`);
  return { version: response.version ?? 0, document: JSON.parse(response.documentJson ?? 'null') as unknown };
}

/** The form as SubmitVisitRecordRequest.content (proto names: visitTime, nextTouchpoint.time). */
export function toVisitRecordContent(form: VisitRecordForm, opportunityId?: string): Record<string, unknown> {
  const content: Record<string, unknown> = { customerId: { value: form.customerId } };
  if (opportunityId) content.opportunityId = { value: opportunityId };
  if (form.visitedAt) content.visitTime = new Date(form.visitedAt).toISOString();
  for (const key of ['budget', 'objectionType', 'biggestConcern', 'promisedDeliverable', 'callRecordingSummaryRef'] as const) {
    if (form[key] !== '') content[key] = form[key];
  }
  const touchpoint: Record<string, unknown> = { participants: form.nextTouchpoint.participants, topic: form.nextTouchpoint.topic };
  if (form.nextTouchpoint.at) touchpoint.time = new Date(form.nextTouchpoint.at).toISOString();
  content.nextTouchpoint = touchpoint;
  if (form.gps && form.gps.latitude !== null && form.gps.longitude !== null) content.gps = { latitude: form.gps.latitude, longitude: form.gps.longitude };
  if (form.trial) {
    const trial: Record<string, unknown> = { accountProvided: form.trial.accountProvided };
    if (form.trial.startDate) trial.startDate = form.trial.startDate;
    if (form.trial.endDate) trial.endDate = form.trial.endDate;
    if (form.trial.clientLoginFrequency) trial.clientLoginFrequency = form.trial.clientLoginFrequency;
    content.trial = trial;
  }
  return content;
}

/**
 * A server field path as the form's path: the request wraps the record in `content`, and two
 * proto names differ from the form's (visitTime → visitedAt, nextTouchpoint.time → .at).
 */
export function formPathOf(serverPath: string): string {
  const path = serverPath.replace(/^content\./, '').replace(/\[\d+\]$/, '');
  if (path === 'visitTime') return 'visitedAt';
  if (path === 'nextTouchpoint.time') return 'nextTouchpoint.at';
  if (path === 'customerId.value') return 'customerId';
  return path;
}

export const getVisitRecord = async (client: ApiClient, visitRecordId: string) =>
  (await client.get<{ visitRecord?: VisitRecord }>(`/api/v1/activities/visit-records/${encodeURIComponent(visitRecordId)}`)).visitRecord;

export const submitVisitRecord = (client: ApiClient, clientRecordId: string, form: VisitRecordForm, opportunityId?: string) =>
  client.post<{ visitRecord?: VisitRecord; created?: boolean }>('/api/v1/activities/visit-records', {
    clientRecordId,
    content: toVisitRecordContent(form, opportunityId),
  });
