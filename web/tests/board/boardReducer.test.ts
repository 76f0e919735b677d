import { describe, expect, it } from 'vitest';
import { applyBoardEvent, boardRows, emptyBoard, stateKey, type BoardEntry } from '@/board/boardReducer';

const lead = (leadId: string, extra: Partial<BoardEntry> = {}): BoardEntry => ({ leadId, state: 'LEAD_STATE_ASSIGNED', ...extra });

describe('claim board reducer', () => {
  it('adds, updates and removes rows', () => {
    let board = applyBoardEvent(emptyBoard(), { kind: 'upsert', entry: lead('a', { version: 1, ownerName: '张三' }) });
    board = applyBoardEvent(board, { kind: 'upsert', entry: lead('a', { version: 2, state: 'LEAD_STATE_VIEWED' }) });
    expect(board.entries.get('a')).toMatchObject({ state: 'LEAD_STATE_VIEWED', ownerName: '张三', version: 2 });
    board = applyBoardEvent(board, { kind: 'remove', leadId: 'a' });
    expect(board.entries.size).toBe(0);
  });

  it('ignores an older change replayed after a reconnect', () => {
    let board = applyBoardEvent(emptyBoard(), { kind: 'upsert', entry: lead('a', { version: 3, state: 'LEAD_STATE_CONTACTED' }) });
    board = applyBoardEvent(board, { kind: 'upsert', entry: lead('a', { version: 2, state: 'LEAD_STATE_VIEWED' }) });
    expect(board.entries.get('a')!.state).toBe('LEAD_STATE_CONTACTED');
    expect(board.staleIgnored).toBe(1);
  });

  it('falls back to updatedAt when there is no version', () => {
    let board = applyBoardEvent(emptyBoard(), { kind: 'upsert', entry: lead('a', { updatedAt: '2026-11-22T10:00:05Z', state: 'LEAD_STATE_VIEWED' }) });
    board = applyBoardEvent(board, { kind: 'upsert', entry: lead('a', { updatedAt: '2026-11-22T10:00:01Z' }) });
    expect(board.entries.get('a')!.state).toBe('LEAD_STATE_VIEWED');
  });

  it('a snapshot replaces the board but keeps rows the stream already moved past it', () => {
    let board = applyBoardEvent(emptyBoard(), { kind: 'upsert', entry: lead('a', { version: 5, state: 'LEAD_STATE_CONTACTED' }) });
    board = applyBoardEvent(board, { kind: 'upsert', entry: lead('gone', { version: 1 }) });
    board = applyBoardEvent(board, { kind: 'snapshot', entries: [lead('a', { version: 4 }), lead('b', { version: 1 })] });
    expect([...board.entries.keys()].sort()).toEqual(['a', 'b']);
    expect(board.entries.get('a')!.state).toBe('LEAD_STATE_CONTACTED');
  });

  it('a reconnect\'s snapshot, row by row, drops leads it no longer lists once complete', () => {
    let board = emptyBoard();
    for (const id of ['a', 'b', 'c']) board = applyBoardEvent(board, { kind: 'upsert', entry: lead(id) });
    board = applyBoardEvent(board, { kind: 'snapshotBegin' });
    board = applyBoardEvent(board, { kind: 'snapshotRow', entry: lead('a', { state: 'LEAD_STATE_VIEWED' }) });
    board = applyBoardEvent(board, { kind: 'snapshotRow', entry: lead('c') });
    // Until the snapshot completes, nothing disappears (no flicker while rows stream in).
    expect(board.entries.size).toBe(3);
    expect(board.complete).toBe(false);
    board = applyBoardEvent(board, { kind: 'snapshotComplete' });
    expect([...board.entries.keys()].sort()).toEqual(['a', 'c']);
    expect(board.entries.get('a')!.state).toBe('LEAD_STATE_VIEWED');
    expect(board.complete).toBe(true);
  });

  it('lists the newest change first, ties by id', () => {
    let board = emptyBoard();
    for (const [id, at] of [['b', '2026-11-22T10:00:00Z'], ['a', '2026-11-22T10:00:00Z'], ['c', '2026-11-22T11:00:00Z']] as const) {
      board = applyBoardEvent(board, { kind: 'upsert', entry: lead(id, { updatedAt: at }) });
    }
    expect(boardRows(board).map((r) => r.leadId)).toEqual(['c', 'a', 'b']);
    expect(boardRows(board, (e) => e.leadId !== 'c').map((r) => r.leadId)).toEqual(['a', 'b']);
  });

  it('maps enum names of lead states to i18n keys, unknown ones to "unknown"', () => {
    expect(stateKey('BOARD_LEAD_STATUS_PUBLIC_POOL')).toBe('publicPool');
    expect(stateKey('LEAD_STATE_PUBLIC_POOL')).toBe('publicPool');
    expect(stateKey('LEAD_STATUS_CLEANING_POOL')).toBe('cleaningPool');
    expect(stateKey('LEAD_STATE_UNASSIGNED')).toBe('unassigned');
    expect(stateKey('contacted')).toBe('contacted');
    expect(stateKey('LEAD_STATE_SOMETHING_NEW')).toBe('unknown');
    expect(stateKey(undefined)).toBe('unknown');
  });
});
