import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ElOption, ElSelect } from 'element-plus';
import LeadDetailPage from '@/pages/LeadDetailPage.vue';
import { me } from '@/session';
import type { GetLeadResponse } from '@/api/leadRouting';
import { json, routedFetch, type RecordedRequest } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

const LEAD = 'L-1';
const REP = '0193a3c1-0000-7000-8000-00000000000a';
const OTHER_REP = '0193a3c1-0000-7000-8000-00000000000b';
const SUPERVISOR = '0193a3c1-0000-7000-8000-00000000000c';

const detail: GetLeadResponse = {
  lead: { leadId: { value: LEAD }, status: 'LEAD_STATUS_ASSIGNED', company: '杭州骨科器械', owner: { value: REP }, contactMasked: false },
  assignment: { rep: { value: REP }, summary: { zhCn: '王磊：地域匹配' }, candidates: [{ rep: { value: REP }, displayName: '王磊', rank: 1, score: '0.9' }] },
  history: [
    { entryId: 'h1', kind: 'lead-received', actorId: SUPERVISOR, occurredAt: '2026-11-22T02:00:00Z', hash: 'aaa' },
    { entryId: 'h2', kind: 'lead-assigned', actorId: 'system', occurredAt: '2026-11-22T02:00:01Z', hash: 'bbb' },
    { entryId: 'h3', kind: 'lead-viewed', actorId: REP, occurredAt: '2026-11-22T02:05:00Z', hash: 'ccc' },
    { entryId: 'h4', kind: 'some-future-kind', actorId: 'system', occurredAt: '2026-11-22T02:06:00Z', hash: 'ddd' },
    { entryId: 'h5', kind: 'lead-contacted', actorId: REP, occurredAt: '2026-11-22T02:07:00Z', pending: true },
  ],
};

const roster = {
  reps: [
    { userId: { value: REP }, displayName: '王磊', teamId: 'hz-1', territories: ['杭州'], active: true },
    { userId: { value: OTHER_REP }, displayName: '李娜', teamId: 'hz-1', territories: ['杭州', '宁波'], active: true },
    { userId: { value: 'gone' }, displayName: '离职销售', active: false },
  ],
};

function gateway(override?: (request: RecordedRequest) => Response) {
  return routedFetch({
    [`GET /api/v1/leads/${LEAD}`]: () => json(200, detail),
    [`GET /api/v1/leads/${LEAD}/sla-clocks`]: () => json(200, { clocks: [] }),
    [`GET /api/v1/leads/${LEAD}/appeals`]: () => json(200, { appeals: [] }),
    'GET /api/v1/lead-history:verify': () => json(200, { intact: true, entriesChecked: '4' }),
    'GET /api/v1/roster/reps': () => json(200, roster),
    ...(override ? { [`POST /api/v1/leads/${LEAD}:override-assignment`]: override } : {}),
  });
}

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  me.value = null;
});

describe('lead detail page', () => {
  it('history entries are named in the UI language, actors by name; an unknown kind is shown as sent', async () => {
    me.value = { userId: REP, displayName: '王磊', roles: ['rep'] };
    const { fetch, requests } = gateway();
    const { wrapper } = await mountPage(LeadDetailPage, { fetch, props: { leadId: LEAD } });
    mounted = wrapper;
    await settle();
    const entries = wrapper.findAll('[data-test="history"] li').map((li) => li.text());
    expect(entries[0]).toContain('收到线索');
    // Not a routing candidate, and a rep may not read the roster: a short id (the full one on hover).
    expect(wrapper.findAll('[data-test="history-actor"]')[0]!.text()).toBe(SUPERVISOR.slice(0, 8));
    expect(wrapper.findAll('[data-test="history-actor"]')[0]!.attributes('title')).toBe(SUPERVISOR);
    expect(entries[1]).toContain('分配');
    expect(entries[1]).toContain('系统');
    expect(entries[2]).toContain('已查看');
    expect(entries[2]).toContain('我');
    expect(entries[3]).toContain('some-future-kind');
    // The newest entry is recorded but not chained yet: it says so instead of showing a hash.
    expect(entries[4]).toContain('待上链');
    expect(wrapper.findAll('[data-test="history-pending"]')).toHaveLength(1);
    expect(wrapper.findAll('[data-test="history"] code.hash')).toHaveLength(4);
    expect(wrapper.find('[data-test="override"]').exists()).toBe(false);
    expect(requests.some((r) => r.url.startsWith('/api/v1/roster'))).toBe(false);
  });

  it('in English too', async () => {
    me.value = { userId: REP, displayName: '王磊', roles: ['rep'] };
    const { fetch } = gateway();
    const { wrapper } = await mountPage(LeadDetailPage, { fetch, props: { leadId: LEAD }, locale: 'en' });
    mounted = wrapper;
    await settle();
    const kinds = wrapper.findAll('[data-test="history-kind"]').map((b) => b.text());
    expect(kinds.slice(0, 4)).toEqual(['Lead received', 'Assigned', 'Viewed', 'some-future-kind']);
    expect(wrapper.find('[data-test="history-pending"]').text()).toBe('Being chained');
  });

  it('a supervisor reassigns by picking an active rep from the roster, with a reason', async () => {
    me.value = { userId: SUPERVISOR, displayName: '主管', roles: ['supervisor'] };
    const { fetch, requests } = gateway(() => json(200, { status: 'LEAD_STATUS_ASSIGNED', owner: { value: OTHER_REP } }));
    const { wrapper } = await mountPage(LeadDetailPage, { fetch, props: { leadId: LEAD } });
    mounted = wrapper;
    await settle();
    const select = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-test') === 'override-owner');
    if (!select) throw new Error('no rep picker');
    // Inactive reps are not offered; each option names the rep, team and territories.
    const options = select.findAllComponents(ElOption).map((o) => o.props('label'));
    expect(options).toEqual(['王磊 · hz-1 · 杭州', '李娜 · hz-1 · 杭州/宁波']);
    select.vm.$emit('update:modelValue', OTHER_REP);
    await wrapper.find('input[data-test="override-reason"]').setValue('王磊休假，改由李娜跟进');
    await wrapper.find('[data-test="override-submit"]').trigger('click');
    await settle();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ target: 'OVERRIDE_TARGET_ASSIGN', reason: '王磊休假，改由李娜跟进', newOwner: { value: OTHER_REP } });
    // The history names people: the supervisor is "我", the rep by name.
    const entries = wrapper.findAll('[data-test="history"] li').map((li) => li.text());
    expect(entries[0]).toContain('我');
    expect(entries[2]).toContain('王磊');
  });
});
