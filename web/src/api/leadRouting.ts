import type { ApiClient } from './http';
import type { ServerSentEvent } from './sse';
import type { BoardEntry, BoardEvent } from '@/board/boardReducer';

/**
 * LeadRouting over the gateway (protos/salesmesh/leadrouting/v1/*.proto): the claim board
 * stream (LR-5, server-streaming → SSE), lead detail, history verification (LR-6), routing
 * explanation (LR-3), overrides (LR-9), public-pool claims (LR-7) and appeals (LR-8).
 */
export const BOARD_STREAM_PATH = '/api/v1/leads/board:watch';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Typed ids arrive as {"value": "…"} (salesmesh.common.v1.*Id); plain strings pass through. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (isObject(value) && typeof value.value === 'string') return value.value || undefined;
  return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** One board row from its proto3 JSON form. */
export function toBoardEntry(raw: Json): BoardEntry | null {
  const leadId = idOf(raw.leadId);
  if (!leadId) return null;
  const entry: BoardEntry = { leadId, state: text(raw.state) ?? text(raw.status) ?? '' };
  const owner = isObject(raw.owner) ? raw.owner : undefined;
  const assign = (key: keyof BoardEntry, value: string | undefined) => {
    if (value !== undefined) (entry as unknown as Record<string, unknown>)[key] = value;
  };
  assign('ownerId', idOf(raw.ownerId) ?? idOf(owner?.userId));
  assign('ownerName', text(raw.ownerName) ?? text(raw.ownerDisplayName) ?? text(owner?.displayName));
  for (const key of ['name', 'phone', 'email', 'company', 'city', 'channel', 'viewDueAt', 'contactDueAt', 'viewedAt', 'contactedAt', 'updatedAt'] as const) {
    assign(key, text(raw[key]));
  }
  const version = raw.version ?? raw.sequence;
  if (typeof version === 'string' || typeof version === 'number') {
    const n = Number(version);
    if (Number.isFinite(n)) entry.version = n;
  }
  return entry;
}

/**
 * An SSE message of the board stream as a reducer event: a snapshot (a list of leads), one
 * changed lead, or a removal. Anything else (keep-alives, unknown kinds) is ignored.
 */
export function toBoardEvent(event: ServerSentEvent): BoardEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return null;
  }
  if (!isObject(data)) return null;
  const list = Array.isArray(data.leads) ? data.leads : Array.isArray(data.entries) ? data.entries : null;
  if (list) return { kind: 'snapshot', entries: list.filter(isObject).map(toBoardEntry).filter((e): e is BoardEntry => e !== null) };
  const removed = idOf(data.removedLeadId);
  if (removed) return { kind: 'remove', leadId: removed };
  const entry = toBoardEntry(isObject(data.lead) ? data.lead : data);
  return entry ? { kind: 'upsert', entry } : null;
}

export async function getLead(client: ApiClient, leadId: string): Promise<Json> {
  return client.get<Json>(`/api/v1/leads/${encodeURIComponent(leadId)}`);
}
