import type { ApiClient } from './http';
import type { ServerSentEvent } from './sse';
import type { IdValue, IntakeLeadRequest, LeadChannel } from './contracts';
import type { LocalizedText } from './followUp';
import type { BoardEntry, BoardEvent } from '@/board/boardReducer';

/**
 * LeadRouting over the gateway: protos/salesmesh/leadrouting/v1/lead_routing_service.proto
 * (LeadRoutingService) and lead_operations_service.proto (LeadOperationsService), each RPC at
 * its google.api.http path, bodies in proto3 JSON.
 */

export type LeadStatus =
  | 'LEAD_STATUS_UNASSIGNED'
  | 'LEAD_STATUS_ASSIGNED'
  | 'LEAD_STATUS_VIEWED'
  | 'LEAD_STATUS_CONTACTED'
  | 'LEAD_STATUS_CONVERTED'
  | 'LEAD_STATUS_ABANDONED'
  | 'LEAD_STATUS_PUBLIC_POOL'
  | 'LEAD_STATUS_CLEANING_POOL';

export interface Lead {
  leadId?: IdValue;
  status?: LeadStatus;
  channel?: LeadChannel;
  receivedAt?: string;
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
  city?: string;
  territory?: string;
  productTags?: string[];
  owner?: IdValue;
  ownerTeamId?: string;
  assignedAt?: string;
  viewedAt?: string;
  firstContactedAt?: string;
  poolReason?: string;
  sourceCount?: number;
  contactMasked?: boolean;
  convertedAt?: string;
}

export interface LeadSource {
  sourceId?: string;
  channel?: LeadChannel;
  receivedAt?: string;
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
  origin?: boolean;
  mergeId?: string;
  payload?: Record<string, unknown>;
}

export interface LeadMerge {
  mergeId?: string;
  sourceId?: string;
  matchedOn?: string[];
  mergedAt?: string;
  undoneAt?: string;
  splitLeadId?: IdValue;
  undoReason?: string;
}

export interface FactorScore {
  factor?: string;
  score?: string;
  weight?: string;
  detail?: LocalizedText;
}

export interface CandidateScore {
  rep?: IdValue;
  displayName?: string;
  rank?: number;
  score?: string;
  exclusions?: LocalizedText[];
  factors?: FactorScore[];
  followUpMultiplier?: string;
  followUpsInWindow?: number;
  onShift?: boolean;
  territoryMatch?: string;
  explanation?: LocalizedText;
}

export interface LeadAssignment {
  assignmentId?: string;
  rep?: IdValue;
  toPublicPool?: boolean;
  reason?: string;
  policyVersion?: number;
  decidedAt?: string;
  summary?: LocalizedText;
  candidates?: CandidateScore[];
}

export interface LeadHistoryEntry {
  sequence?: string;
  leadSequence?: string;
  entryId?: string;
  kind?: string;
  actorId?: string;
  occurredAt?: string;
  data?: Record<string, string>;
  hash?: string;
  /** Recorded with its change, not yet linked into the chains (usually for less than a second). */
  pending?: boolean;
}

export interface GetLeadResponse {
  lead?: Lead;
  sources?: LeadSource[];
  merges?: LeadMerge[];
  assignment?: LeadAssignment;
  history?: LeadHistoryEntry[];
}

export interface VerifyHistoryResponse {
  intact?: boolean;
  entriesChecked?: string;
  brokenSequence?: string;
  brokenEntryId?: string;
  breakKind?: string;
  message?: string;
  headSequence?: string;
  headHash?: string;
}

export interface SlaClock {
  kind?: 'SLA_CLOCK_KIND_VIEW' | 'SLA_CLOCK_KIND_FIRST_CALL';
  state?: 'SLA_CLOCK_STATE_PENDING' | 'SLA_CLOCK_STATE_MET' | 'SLA_CLOCK_STATE_BREACHED';
  startedAt?: string;
  dueAt?: string;
  satisfiedAt?: string;
}

export interface Appeal {
  appealId?: string;
  leadId?: IdValue;
  rep?: IdValue;
  reason?: string;
  evidence?: { fileName?: string; fileType?: string; sizeBytes?: string }[];
  state?: 'APPEAL_STATE_PENDING' | 'APPEAL_STATE_APPROVED' | 'APPEAL_STATE_REJECTED';
  filedAt?: string;
  decidedBy?: IdValue;
  decisionReason?: string;
  decidedAt?: string;
}

export interface IntakeRowResult {
  row?: number;
  accepted?: { leadId?: IdValue; duplicateOf?: IdValue; replayed?: boolean; status?: LeadStatus; owner?: IdValue };
  violations?: { field?: string; description?: string }[];
}

/** LR-10 roster entry (RosterRep). */
export interface RosterRep {
  userId?: IdValue;
  displayName?: string;
  teamId?: string;
  supervisor?: IdValue;
  territories?: string[];
  qualifications?: string[];
  capacity?: number;
  active?: boolean;
  version?: string;
}

/** The roster (supervisors and admins; PERMISSION_DENIED → 403 for others), active reps only. */
export const listRoster = async (client: ApiClient) => (await client.get<{ reps?: RosterRep[] }>('/api/v1/roster/reps')).reps ?? [];

/** user id → display name, from the roster. */
export function rosterNames(reps: RosterRep[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const rep of reps) if (rep.userId?.value && rep.displayName) names.set(rep.userId.value, rep.displayName);
  return names;
}

export type OverrideTarget = 'OVERRIDE_TARGET_ASSIGN' | 'OVERRIDE_TARGET_PUBLIC_POOL' | 'OVERRIDE_TARGET_CLEANING_POOL';

const lead = (leadId: string) => `/api/v1/leads/${encodeURIComponent(leadId)}`;

export const getLead = (client: ApiClient, leadId: string) => client.get<GetLeadResponse>(lead(leadId));

export const verifyLeadHistory = (client: ApiClient, leadId: string) =>
  client.get<VerifyHistoryResponse>('/api/v1/lead-history:verify', { query: { 'leadId.value': leadId } });

export const markLeadViewed = (client: ApiClient, leadId: string) => client.post<{ lead?: Lead }>(`${lead(leadId)}:mark-viewed`, {});

export const recordContact = (client: ApiClient, leadId: string, kind: string, note?: string) =>
  client.post<{ lead?: Lead; firstContact?: boolean }>(`${lead(leadId)}/contacts`, { kind, ...(note ? { note } : {}) });

export const convertLead = (client: ApiClient, leadId: string) => client.post<{ lead?: Lead }>(`${lead(leadId)}:convert`, {});

export const undoMerge = (client: ApiClient, mergeId: string, reason: string) =>
  client.post<{ originalLeadId?: IdValue; newLeadId?: IdValue; newLeadStatus?: LeadStatus }>(`/api/v1/lead-merges/${encodeURIComponent(mergeId)}:undo`, { reason });

export const getSlaClocks = async (client: ApiClient, leadId: string) =>
  (await client.get<{ clocks?: SlaClock[]; owner?: IdValue }>(`${lead(leadId)}/sla-clocks`)).clocks ?? [];

export const overrideAssignment = (client: ApiClient, leadId: string, target: OverrideTarget, reason: string, newOwner?: string) =>
  client.post<{ status?: string; owner?: IdValue }>(`${lead(leadId)}:override-assignment`, {
    target,
    reason,
    ...(newOwner ? { newOwner: { value: newOwner } } : {}),
  });

export const claimLead = (client: ApiClient, leadId: string) =>
  client.post<{ claimsLeftToday?: number }>(`/api/v1/public-pool/leads/${encodeURIComponent(leadId)}:claim`, {});

export const listAppeals = async (client: ApiClient, leadId: string) => (await client.get<{ appeals?: Appeal[] }>(`${lead(leadId)}/appeals`)).appeals ?? [];

export const fileAppeal = (client: ApiClient, leadId: string, reason: string, evidence: { fileName: string; content: string }[]) =>
  client.post<{ appeal?: Appeal }>(`${lead(leadId)}/appeals`, { reason, evidence });

export const decideAppeal = (client: ApiClient, appealId: string, approve: boolean, reason: string) =>
  client.post<{ appeal?: Appeal; rightsRestored?: boolean }>(`/api/v1/appeals/${encodeURIComponent(appealId)}:decide`, { approve, reason });

/** LR-1 batch intake: up to 500 rows, each handled like IntakeLead; one result per row, in order. */
export const intakeLeadBatch = async (client: ApiClient, leads: IntakeLeadRequest[]) =>
  (await client.post<{ results?: IntakeRowResult[] }>('/api/v1/leads:batch-intake', { leads })).results ?? [];

// ---- the claim board (LR-5): GET /api/v1/board:watch as SSE of WatchBoardResponse ----

export const BOARD_STREAM_PATH = '/api/v1/board:watch';

/** salesmesh.leadrouting.v1.BoardLead in proto3 JSON. */
export interface BoardLeadJson {
  leadId?: IdValue;
  status?: string;
  owner?: IdValue;
  ownerName?: string;
  company?: string;
  contactName?: string;
  phone?: string;
  email?: string;
  contactMasked?: boolean;
  city?: string;
  productLine?: string;
  viewDueAt?: string;
  firstCallDueAt?: string;
  statusChangedAt?: string;
}

export function toBoardEntry(raw: BoardLeadJson): BoardEntry | null {
  const leadId = raw.leadId?.value;
  if (!leadId) return null;
  const entry: BoardEntry = { leadId, state: raw.status ?? '', contactMasked: raw.contactMasked === true };
  const set = <K extends keyof BoardEntry>(key: K, value: BoardEntry[K] | undefined) => {
    if (value !== undefined && value !== '') entry[key] = value;
  };
  set('ownerId', raw.owner?.value);
  set('ownerName', raw.ownerName);
  set('name', raw.contactName);
  set('phone', raw.phone);
  set('email', raw.email);
  set('company', raw.company);
  set('city', raw.city);
  set('productLine', raw.productLine);
  set('viewDueAt', raw.viewDueAt);
  set('contactDueAt', raw.firstCallDueAt);
  set('updatedAt', raw.statusChangedAt);
  return entry;
}

/**
 * One SSE message of the board as a reducer event. The stream starts with one SNAPSHOT message
 * per open lead and a SNAPSHOT_COMPLETE, then sends CHANGEs; the gateway's `event: error`
 * message and anything unparseable are not board events (the caller handles errors).
 */
export function toBoardEvent(event: ServerSentEvent): BoardEvent | null {
  if (event.type !== 'message') return null;
  let data: { kind?: string; lead?: BoardLeadJson };
  try {
    data = JSON.parse(event.data) as typeof data;
  } catch {
    return null;
  }
  if (data.kind === 'BOARD_UPDATE_KIND_SNAPSHOT_COMPLETE') return { kind: 'snapshotComplete' };
  const entry = data.lead ? toBoardEntry(data.lead) : null;
  if (!entry) return null;
  if (data.kind === 'BOARD_UPDATE_KIND_SNAPSHOT') return { kind: 'snapshotRow', entry };
  if (data.kind === 'BOARD_UPDATE_KIND_CHANGE') return { kind: 'upsert', entry };
  return null;
}
