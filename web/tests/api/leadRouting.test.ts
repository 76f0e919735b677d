import { describe, expect, it } from 'vitest';
import { createApiClient } from '@/api/http';
import { getLead, overrideAssignment, toBoardEvent, verifyLeadHistory } from '@/api/leadRouting';
import { fakeFetch, json } from '../support/fakeFetch';

const message = (data: unknown, type = 'message') => ({ type, data: JSON.stringify(data), lastEventId: '' });

describe('claim board stream mapping (WatchBoardResponse → board events)', () => {
  it('maps snapshot rows, the end of the snapshot and changes', () => {
    const lead = {
      leadId: { value: 'L1' },
      status: 'BOARD_LEAD_STATUS_ASSIGNED',
      owner: { value: 'U1' },
      company: '杭州某某医疗器械有限公司',
      contactName: '王*',
      phone: '138****8000',
      contactMasked: true,
      city: '杭州',
      viewDueAt: '2026-11-22T10:30:00Z',
      firstCallDueAt: '2026-11-22T12:00:00Z',
      statusChangedAt: '2026-11-22T10:00:00Z',
    };
    expect(toBoardEvent(message({ kind: 'BOARD_UPDATE_KIND_SNAPSHOT', lead }))).toEqual({
      kind: 'snapshotRow',
      entry: {
        leadId: 'L1',
        state: 'BOARD_LEAD_STATUS_ASSIGNED',
        ownerId: 'U1',
        company: '杭州某某医疗器械有限公司',
        name: '王*',
        phone: '138****8000',
        contactMasked: true,
        city: '杭州',
        viewDueAt: '2026-11-22T10:30:00Z',
        contactDueAt: '2026-11-22T12:00:00Z',
        updatedAt: '2026-11-22T10:00:00Z',
      },
    });
    expect(toBoardEvent(message({ kind: 'BOARD_UPDATE_KIND_SNAPSHOT_COMPLETE' }))).toEqual({ kind: 'snapshotComplete' });
    expect(toBoardEvent(message({ kind: 'BOARD_UPDATE_KIND_CHANGE', lead: { leadId: { value: 'L2' }, status: 'BOARD_LEAD_STATUS_PUBLIC_POOL' } }))).toEqual({
      kind: 'upsert',
      entry: { leadId: 'L2', state: 'BOARD_LEAD_STATUS_PUBLIC_POOL', contactMasked: false },
    });
  });

  it('ignores the gateway\'s error events, unknown kinds, rows without an id and broken JSON', () => {
    expect(toBoardEvent(message({ status: 503, grpcStatus: 'Unavailable' }, 'error'))).toBeNull();
    expect(toBoardEvent(message({ kind: 'BOARD_UPDATE_KIND_SOMETHING', lead: { leadId: { value: 'x' } } }))).toBeNull();
    expect(toBoardEvent(message({ kind: 'BOARD_UPDATE_KIND_CHANGE', lead: { company: 'x' } }))).toBeNull();
    expect(toBoardEvent({ type: 'message', data: '{not json', lastEventId: '' })).toBeNull();
  });
});

describe('LeadRouting REST paths (google.api.http annotations)', () => {
  it('reads a lead, verifies its chain with a nested query field, overrides with a typed id', async () => {
    const { fetch, requests } = fakeFetch(
      () => json(200, { lead: { leadId: { value: 'a b' } } }),
      () => json(200, { intact: true, entriesChecked: '3' }),
      () => json(200, { status: 'LEAD_STATUS_ASSIGNED' }),
    );
    const client = createApiClient({ fetch });
    await getLead(client, 'a b');
    expect(await verifyLeadHistory(client, 'L1')).toEqual({ intact: true, entriesChecked: '3' });
    await overrideAssignment(client, 'L1', 'OVERRIDE_TARGET_ASSIGN', '客户指定', 'U9');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/leads/a%20b',
      'GET /api/v1/lead-history:verify?leadId.value=L1',
      'POST /api/v1/leads/L1:override-assignment',
    ]);
    expect(requests[2]!.body).toEqual({ target: 'OVERRIDE_TARGET_ASSIGN', reason: '客户指定', newOwner: { value: 'U9' } });
  });
});
