import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ClaimBoardPage from '@/pages/ClaimBoardPage.vue';
import { me, token } from '@/session';
import type { BoardLeadJson } from '@/api/leadRouting';
import { routedFetch } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

const REP = '0193a3c1-0000-7000-8000-00000000000a';
const OTHER_REP = '0193a3c1-0000-7000-8000-00000000000b';
const SUPERVISOR = '0193a3c1-0000-7000-8000-00000000000c';

/**
 * The board's SSE stream (GET /api/v1/board:watch) as a response whose body the test feeds one
 * message at a time, as the gateway would while the page is open.
 */
function boardStream() {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  });
  let id = 0;
  const send = async (kind: string, lead?: BoardLeadJson) => {
    controller.enqueue(encoder.encode(`id: ${++id}\ndata: ${JSON.stringify({ kind, ...(lead ? { lead } : {}) })}\n\n`));
    await settle();
  };
  return { fetch, requests, send };
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function lead(id: string, owner: string | undefined, masked: boolean, ownerName?: string): BoardLeadJson {
  return {
    leadId: { value: id },
    status: 'BOARD_LEAD_STATUS_ASSIGNED',
    ...(owner ? { owner: { value: owner } } : {}),
    ...(ownerName ? { ownerName } : {}),
    company: `公司-${id}`,
    contactName: masked ? '王*' : '王磊',
    phone: masked ? '139****0001' : '13900000001',
    contactMasked: masked,
    city: '杭州',
    viewDueAt: inMinutes(30),
    firstCallDueAt: inMinutes(120),
    statusChangedAt: new Date().toISOString(),
  };
}

let mounted: VueWrapper | null = null;
beforeEach(() => {
  token.value = 'access-token';
});
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  me.value = null;
  token.value = null;
  vi.unstubAllGlobals();
});

const rowOf = (wrapper: VueWrapper, leadId: string) => wrapper.find(`[data-test="board-row"][data-lead-id="${leadId}"]`);

describe('claim board page (LR-5, live over SSE)', () => {
  it('a lead entered elsewhere appears live; owners are named as the service names them', async () => {
    me.value = { userId: SUPERVISOR, displayName: '主管', roles: ['supervisor'] };
    const stream = boardStream();
    vi.stubGlobal('fetch', stream.fetch);
    const { fetch, requests } = routedFetch({});
    const { wrapper } = await mountPage(ClaimBoardPage, { fetch });
    mounted = wrapper;
    await settle();
    expect(stream.requests[0]!.url).toBe('/api/v1/board:watch');
    expect(stream.requests[0]!.headers.Authorization).toBe('Bearer access-token');
    expect(requests).toHaveLength(0);

    await stream.send('BOARD_UPDATE_KIND_SNAPSHOT', lead('L1', REP, false, '王磊'));
    await stream.send('BOARD_UPDATE_KIND_SNAPSHOT_COMPLETE');
    expect(wrapper.find('[data-test="board-live"]').exists()).toBe(true);
    expect(wrapper.findAll('[data-test="board-row"]')).toHaveLength(1);
    expect(rowOf(wrapper, 'L1').find('[data-test="lead-owner"]').text()).toBe('王磊');

    // Someone enters a lead: the row appears without any reload; an owner the service could not name stays a short id.
    await stream.send('BOARD_UPDATE_KIND_CHANGE', lead('L2', OTHER_REP, false));
    expect(wrapper.findAll('[data-test="board-row"]')).toHaveLength(2);
    expect(rowOf(wrapper, 'L2').find('[data-test="lead-owner"]').text()).toBe(OTHER_REP.slice(0, 8));
    expect(rowOf(wrapper, 'L2').text()).toContain('公司-L2');
  });

  it('a rep sees their own leads as "我" with running SLA countdowns, colleagues by name with contacts masked', async () => {
    me.value = { userId: REP, displayName: '王磊', roles: ['rep'] };
    const stream = boardStream();
    vi.stubGlobal('fetch', stream.fetch);
    const { fetch, requests } = routedFetch({});
    const { wrapper } = await mountPage(ClaimBoardPage, { fetch });
    mounted = wrapper;
    await settle();
    await stream.send('BOARD_UPDATE_KIND_SNAPSHOT_COMPLETE');
    await stream.send('BOARD_UPDATE_KIND_CHANGE', lead('MINE', REP, false));
    await stream.send('BOARD_UPDATE_KIND_CHANGE', lead('THEIRS', OTHER_REP, true, '李娜'));
    expect(requests).toHaveLength(0);

    const mine = rowOf(wrapper, 'MINE');
    expect(mine.find('[data-test="lead-owner"]').text()).toBe('我');
    expect(mine.text()).toContain('13900000001');
    expect(mine.find('[data-masked="true"]').exists()).toBe(false);
    const clocks = mine.findAll('[data-test="sla-clock"]');
    expect(clocks.map((c) => c.attributes('data-state'))).toEqual(['running', 'running']);
    expect(clocks[0]!.text()).toMatch(/^查看时限 · 剩余 (29|30):\d\d$/);

    const theirs = rowOf(wrapper, 'THEIRS');
    expect(theirs.find('[data-test="lead-owner"]').text()).toBe('李娜');
    expect(theirs.find('[data-masked="true"]').text()).toContain('王* 139****0001');
    expect(theirs.find('[data-test="masked-lock"]').exists()).toBe(true);
    expect(mine.find('[data-test="masked-lock"]').exists()).toBe(false);
    expect(theirs.text()).not.toContain('13900000001');
  });
});
