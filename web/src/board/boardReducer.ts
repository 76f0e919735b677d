/**
 * The claim board's state (LR-5): every lead's latest row, kept from a stream of events that may
 * arrive late, twice (a reconnect replays from Last-Event-ID) or out of order. Pure: the page
 * owns one BoardState and feeds it every SSE message through `applyBoardEvent`.
 */

export interface BoardEntry {
  leadId: string;
  /** The state's enum name as sent, e.g. "LEAD_STATE_ASSIGNED". */
  state: string;
  ownerId?: string;
  ownerName?: string;
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
  city?: string;
  channel?: string;
  /** SLA deadlines (LR-4) and when they were met. */
  viewDueAt?: string;
  contactDueAt?: string;
  viewedAt?: string;
  contactedAt?: string;
  /** Server time of the change this row reflects. */
  updatedAt?: string;
  /** Monotonic per lead (history sequence): a lower one is an older change and is ignored. */
  version?: number;
}

export interface BoardState {
  entries: ReadonlyMap<string, BoardEntry>;
  /** Events ignored because they were older than what the board already shows. */
  staleIgnored: number;
}

export type BoardEvent =
  | { kind: 'snapshot'; entries: BoardEntry[] }
  | { kind: 'upsert'; entry: BoardEntry }
  | { kind: 'remove'; leadId: string };

export const emptyBoard = (): BoardState => ({ entries: new Map(), staleIgnored: 0 });

function isOlder(incoming: BoardEntry, current: BoardEntry | undefined): boolean {
  if (!current) return false;
  if (incoming.version !== undefined && current.version !== undefined) return incoming.version < current.version;
  if (incoming.updatedAt && current.updatedAt) return Date.parse(incoming.updatedAt) < Date.parse(current.updatedAt);
  return false;
}

export function applyBoardEvent(board: BoardState, event: BoardEvent): BoardState {
  switch (event.kind) {
    case 'snapshot': {
      // A snapshot replaces the board, but keeps a row the stream already advanced past it.
      const entries = new Map<string, BoardEntry>();
      for (const entry of event.entries) {
        const current = board.entries.get(entry.leadId);
        entries.set(entry.leadId, current && isOlder(entry, current) ? current : entry);
      }
      return { entries, staleIgnored: board.staleIgnored };
    }
    case 'upsert': {
      const current = board.entries.get(event.entry.leadId);
      if (isOlder(event.entry, current)) return { ...board, staleIgnored: board.staleIgnored + 1 };
      const entries = new Map(board.entries);
      entries.set(event.entry.leadId, current ? { ...current, ...event.entry } : event.entry);
      return { ...board, entries };
    }
    case 'remove': {
      if (!board.entries.has(event.leadId)) return board;
      const entries = new Map(board.entries);
      entries.delete(event.leadId);
      return { ...board, entries };
    }
  }
}

/** Rows newest change first; ties by lead id so the order never jitters. */
export function boardRows(board: BoardState, filter?: (entry: BoardEntry) => boolean): BoardEntry[] {
  const rows = [...board.entries.values()].filter((e) => !filter || filter(e));
  return rows.sort((a, b) => (Date.parse(b.updatedAt ?? '') || 0) - (Date.parse(a.updatedAt ?? '') || 0) || a.leadId.localeCompare(b.leadId));
}

const STATE_KEYS = ['unassigned', 'assigned', 'viewed', 'contacted', 'converted', 'abandoned', 'publicPool', 'cleaningPool', 'merged'] as const;
export type LeadStateKey = (typeof STATE_KEYS)[number] | 'unknown';

/** "LEAD_STATE_PUBLIC_POOL" / "LEAD_STATUS_PUBLIC_POOL" / "publicPool" → "publicPool" (i18n key). */
export function stateKey(raw: string | undefined): LeadStateKey {
  if (!raw) return 'unknown';
  const suffix = raw.replace(/^LEAD_(STATE|STATUS)_/, '');
  const camel = suffix.includes('_') || suffix === suffix.toUpperCase() ? suffix.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : suffix;
  return (STATE_KEYS as readonly string[]).includes(camel) ? (camel as LeadStateKey) : 'unknown';
}
