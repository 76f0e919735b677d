import type { ApiClient } from './http';
import type { IdValue } from './contracts';

/**
 * salesmesh.activities.v1.FollowUpService over the gateway (protos/salesmesh/activities/v1/
 * follow_up_service.proto, google.api.http annotations): documents, the status card (AC-7),
 * witness reviews (AC-5), tasks and the alert inbox (AC-6/AC-10). Proto3 JSON shapes.
 */

export interface LocalizedText {
  zhCn?: string;
  en?: string;
}

/** Picks the UI language's text, falling back to the other language (never invents one). */
export function localized(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  return (locale === 'en' ? text.en || text.zhCn : text.zhCn || text.en) ?? '';
}

export type DocumentKind = 'DOCUMENT_KIND_REQUIREMENT_CONFIRMATION' | 'DOCUMENT_KIND_OTHER';

export interface CustomerDocument {
  documentId?: string;
  customerId?: IdValue;
  visitRecordId?: string;
  kind?: DocumentKind;
  fileName?: string;
  contentType?: string;
  sizeBytes?: string;
  sha256?: string;
  attachedBy?: IdValue;
  attachedAt?: string;
}

export type StatusColor = 'STATUS_COLOR_UNSPECIFIED' | 'STATUS_COLOR_GREEN' | 'STATUS_COLOR_YELLOW' | 'STATUS_COLOR_RED';

export interface StatusCard {
  customerId?: IdValue;
  color?: StatusColor;
  automaticColor?: StatusColor;
  reasons?: { code?: string; text?: LocalizedText }[];
  evaluatedAt?: string;
  overrideDeadline?: string;
  override?: { from?: StatusColor; to?: StatusColor; reason?: string; actor?: IdValue; at?: string };
  overridden?: boolean;
  consecutiveReds?: number;
  provisional?: boolean;
}

export type ReviewVerdict = 'REVIEW_VERDICT_UNSPECIFIED' | 'REVIEW_VERDICT_INFO_COMPLETE' | 'REVIEW_VERDICT_NEEDS_DETAIL' | 'REVIEW_VERDICT_RISK';

export interface WitnessReview {
  visitRecordId?: string;
  customerId?: IdValue;
  rep?: IdValue;
  supervisor?: IdValue;
  customerValue?: string;
  submittedAt?: string;
  dueAt?: string;
  escalationLevel?: number;
  verdict?: ReviewVerdict;
  note?: string;
  reviewedAt?: string;
  late?: boolean;
}

export interface FollowUpAlert {
  alertId?: string;
  kind?: string;
  customerId?: IdValue;
  visitRecordId?: string;
  message?: LocalizedText;
  raisedAt?: string;
  recentVisits?: { visitRecordId?: string; visitedAt?: string; summary?: string }[];
  state?: 'ALERT_STATE_ACTIVE' | 'ALERT_STATE_DISMISSED';
  overridden?: boolean;
  interventions?: { actor?: IdValue; note?: string; at?: string; action?: string }[];
}

const customerPath = (customerId: string) => `/api/v1/activities/customers/${encodeURIComponent(customerId)}`;

/** Bytes → base64 (proto3 JSON for `bytes`), in chunks so large files do not overflow the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function attachDocument(
  client: ApiClient,
  customerId: string,
  file: { name: string; type: string; bytes: Uint8Array },
  kind: DocumentKind,
  visitRecordId?: string,
): Promise<CustomerDocument | undefined> {
  const response = await client.post<{ document?: CustomerDocument }>(`${customerPath(customerId)}/documents`, {
    kind,
    fileName: file.name,
    contentType: file.type,
    content: toBase64(file.bytes),
    ...(visitRecordId ? { visitRecordId } : {}),
  });
  return response.document;
}

export async function listDocuments(client: ApiClient, customerId: string): Promise<CustomerDocument[]> {
  return (await client.get<{ documents?: CustomerDocument[] }>(`${customerPath(customerId)}/documents`)).documents ?? [];
}

export async function getStatusCard(client: ApiClient, customerId: string): Promise<StatusCard | undefined> {
  return (await client.get<{ card?: StatusCard }>(`${customerPath(customerId)}/status-card`)).card;
}

export async function overrideStatusCard(client: ApiClient, customerId: string, color: StatusColor, reason: string): Promise<StatusCard | undefined> {
  return (await client.post<{ card?: StatusCard }>(`${customerPath(customerId)}/status-card:override`, { color, reason })).card;
}

export async function listReviewQueue(client: ApiClient, includeCompleted = false): Promise<WitnessReview[]> {
  return (await client.get<{ reviews?: WitnessReview[] }>('/api/v1/activities/reviews', { query: { includeCompleted } })).reviews ?? [];
}

export async function submitReviewVerdict(client: ApiClient, visitRecordId: string, verdict: ReviewVerdict, note: string): Promise<WitnessReview | undefined> {
  const body = { verdict, ...(note ? { note } : {}) };
  return (await client.post<{ review?: WitnessReview }>(`/api/v1/activities/reviews/${encodeURIComponent(visitRecordId)}:verdict`, body)).review;
}

export async function listAlerts(client: ApiClient, includeDismissed = false): Promise<FollowUpAlert[]> {
  return (await client.get<{ alerts?: FollowUpAlert[] }>('/api/v1/activities/alerts', { query: { includeDismissed } })).alerts ?? [];
}

export async function dismissAlert(client: ApiClient, alertId: string, note: string): Promise<FollowUpAlert | undefined> {
  return (await client.post<{ alert?: FollowUpAlert }>(`/api/v1/activities/alerts/${encodeURIComponent(alertId)}:dismiss`, { note })).alert;
}
