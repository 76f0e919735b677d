/**
 * The claim board's state (LR-5): every lead's latest row, kept from a stream of events that may
 * arrive late, twice (a reconnect replays from Last-Event-ID) or out of order. Pure: the page
 * owns one BoardState and feeds it every SSE message through `applyBoardEvent`.
 */

export interface BoardEntry {
  leadId: string;
  /** The status's enum name as sent, e.g. "BOARD_LEAD_STATUS_ASSIGNED". */
  state: string;
  ownerId?: string;
  ownerName?: string;
  /** The service masked name/phone/e-mail for this viewer (not the owner, their supervisor or an admin). */
  contactMasked?: boolean;
  productLine?: string;
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
  /** Leads seen in the snapshot being received (after a (re)connect), until it completes. */
  snapshotSeen: ReadonlySet<string> | null;
  /** True once a snapshot completed: the board is whole. */
  complete: boolean;
}

/**
 * What the stream says. After every (re)connect the service sends the whole board again, one
 * row at a time (`snapshotBegin` is the client's own marker for "connection opened"), then
 * `snapshotComplete`, then changes.
 */
export type BoardEvent =
  | { kind: 'snapshot'; entries: BoardEntry[] }
  | { kind: 'snapshotBegin' }
  | { kind: 'snapshotRow'; entry: BoardEntry }
  | { kind: 'snapshotComplete' }
  | { kind: 'upsert'; entry: BoardEntry }
  | { kind: 'remove'; leadId: string };

export const emptyBoard = (): BoardState => ({ entries: new Map(), staleIgnored: 0, snapshotSeen: null, complete: false });

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
      return { ...board, entries, complete: true, snapshotSeen: null };
    }
    case 'snapshotBegin':
      return { ...board, snapshotSeen: new Set() };
    case 'snapshotRow': {
      const next = applyBoardEvent(board, { kind: 'upsert', entry: event.entry });
      const seen = new Set(board.snapshotSeen ?? []);
      seen.add(event.entry.leadId);
      return { ...next, snapshotSeen: seen };
    }
    case 'snapshotComplete': {
      // Rows the new snapshot no longer has (converted or gone while disconnected) leave the board.
      const seen = board.snapshotSeen;
      if (!seen) return { ...board, complete: true };
      const entries = new Map([...board.entries].filter(([leadId]) => seen.has(leadId)));
      return { ...board, entries, snapshotSeen: null, complete: true };
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

/** "BOARD_LEAD_STATUS_PUBLIC_POOL" / "LEAD_STATUS_PUBLIC_POOL" / "publicPool" → "publicPool" (i18n key). */
export function stateKey(raw: string | undefined): LeadStateKey {
  if (!raw) return 'unknown';
  const suffix = raw.replace(/^(BOARD_)?LEAD_(STATE|STATUS)_/, '');
  const camel = suffix.includes('_') || suffix === suffix.toUpperCase() ? suffix.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : suffix;
  return (STATE_KEYS as readonly string[]).includes(camel) ? (camel as LeadStateKey) : 'unknown';
}
