import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import VisitRecordPage from '@/pages/VisitRecordPage.vue';
import { json, problem, routedFetch, type RecordedRequest } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

// The same default rule set the dev fixture serves: suite 1 of the server's golden vectors.
const vectors = JSON.parse(
  readFileSync(resolve(process.cwd(), '../services/Activities/Domain/RuleVectors/rule-vectors.json'), 'utf8'),
) as { suites: { ruleSet: { ruleSetId: string } }[] };
const defaultRuleSet = vectors.suites.find((s) => s.ruleSet.ruleSetId === 'visit-record')!.ruleSet;

/** The gateway as the page sees it: the rule set download, an empty customer list, and optionally a submit answer. */
function gateway(ruleSet: unknown = defaultRuleSet, submit?: (request: RecordedRequest) => Response) {
  return routedFetch({
    'GET /api/v1/activities/rule-sets/visit-record:download': () => json(200, { ruleSetId: 'visit-record', version: 1, documentJson: JSON.stringify(ruleSet) }),
    'GET /api/v1/activities/customers': () => json(200, { customers: [{ customerId: { value: 'C1' }, name: '杭州某某医疗' }] }),
    'GET /api/v1/activities/opportunities': () => json(200, { opportunities: [] }),
    ...(submit ? { 'POST /api/v1/activities/visit-records': submit } : {}),
  });
}

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function choose(wrapper: VueWrapper, testId: string, value: string) {
  const select = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-test') === testId || c.find(`[data-test="${testId}"]`).exists());
  if (!select) throw new Error(`no select ${testId}`);
  select.vm.$emit('update:modelValue', value);
  select.vm.$emit('change', value);
  await settle();
}

describe('visit-record page (live rule validation)', () => {
  it('loads the dev-fixture rule set while the gateway has none, and says so', async () => {
    const { fetch, requests } = routedFetch({
      'GET /api/v1/activities/rule-sets/visit-record:download': () => problem(404, { status: 404, title: 'Not Found' }),
      'GET /dev-fixtures/rule-sets/visit-record.json': () => json(200, defaultRuleSet),
      'GET /api/v1/activities/customers': () => problem(404, { status: 404, title: 'Not Found' }),
    });
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    expect(requests.map((r) => r.url).filter((u) => u.includes('rule-set'))).toEqual(['/api/v1/activities/rule-sets/visit-record:download', '/dev-fixtures/rule-sets/visit-record.json']);
    expect(wrapper.find('[data-test="rule-source"]').text()).toContain('规则集 visit-record · 第 1 版');
    expect(wrapper.find('[data-test="source-devFixture"]').exists()).toBe(true);
  });

  it('budget insufficient without 成本分析/ROI: the rule message appears at the deliverable and clears once it is mentioned', async () => {
    const { fetch } = gateway();
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    expect(wrapper.find('[data-test="source-api"]').exists()).toBe(true);

    await choose(wrapper, 'input-biggestConcern', 'budgetInsufficient');
    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue('<b>下周</b>提供报价单');
    await settle();
    const rule = 'budget-concern-needs-cost-analysis';
    expect(wrapper.find(`[data-test="violation-${rule}"]`).exists()).toBe(true);
    expect(wrapper.find(`[data-test="violation-${rule}"]`).text()).toContain('需补充：承诺交付物');
    expect(wrapper.find('[data-test="field-promisedDeliverable"]').text()).toContain('承诺交付物必须提及 成本分析 / ROI / cost analysis');

    // Markup does not count: an attribute mentioning ROI is not a mention.
    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue('<span title="ROI">下周提供报价单</span>');
    await settle();
    expect(wrapper.find(`[data-test="violation-${rule}"]`).exists()).toBe(true);

    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue('下周提供<b>roi</b>测算');
    await settle();
    expect(wrapper.find(`[data-test="violation-${rule}"]`).exists()).toBe(false);
    expect(wrapper.find('[data-test="field-promisedDeliverable"]').text()).not.toContain('必须提及');
  });

  it('counts the deliverable like the server and flags more than 300 characters', async () => {
    const { fetch } = gateway();
    const { wrapper } = await mountPage(VisitRecordPage, { fetch, locale: 'en' });
    mounted = wrapper;
    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue(`<p>${'😀'.repeat(301)}</p>`);
    await settle();
    expect(wrapper.find('[data-test="deliverable-counter"]').text()).toContain('301 / 300');
    expect(wrapper.find('[data-test="field-promisedDeliverable"]').text()).toContain('At most 300 characters');
  });

  it('trial account provided: the three trial fields are named until filled', async () => {
    const { fetch } = gateway();
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    await wrapper.find('[data-test="input-trial"]').trigger('click');
    await settle();
    const violation = wrapper.find('[data-test="violation-trial-account-details"]');
    expect(violation.exists()).toBe(true);
    expect(violation.text()).toContain('需补充：试用开始日期、试用结束日期、客户登录频率');
    expect(violation.text()).toContain('触发条件：已提供试用账号');
    expect(wrapper.find('[data-test="field-trial.clientLoginFrequency"]').text()).toContain('已提供试用账号时，必须填写');
  });

  it('an invalid rule set is reported, not silently ignored', async () => {
    const broken = { ...defaultRuleSet, rules: [{ id: 'x', message: { zh: 'a', en: 'b' }, then: { op: 'requiredFields', fields: ['nope'] } }] };
    const { fetch } = gateway(broken);
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    expect(wrapper.find('[data-test="rules-error"]').text()).toContain('rules.unknown_field rules[0].then.fields[0]');
  });

  it('submits to the server and shows its rule violation at the field, in its words', async () => {
    const message = '客户最大顾虑为预算不足时，承诺交付物必须提及 成本分析 / ROI / cost analysis';
    const { fetch, requests } = gateway(defaultRuleSet, () =>
      problem(400, { status: 400, title: '提交的内容有误', errors: { 'content.promisedDeliverable': [message], 'content.biggestConcern': [message] } }),
    );
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    await choose(wrapper, 'input-customerId', 'C1');
    await choose(wrapper, 'input-biggestConcern', 'budgetInsufficient');
    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue('下周提供报价单');
    await wrapper.find('[data-test="submit"]').trigger('click');
    await settle();
    const sent = requests.find((r) => r.method === 'POST')!;
    expect(sent.body).toMatchObject({
      clientRecordId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      content: { customerId: { value: 'C1' }, biggestConcern: 'budgetInsufficient', promisedDeliverable: '下周提供报价单', nextTouchpoint: { participants: [''], topic: '' } },
    });
    expect(wrapper.find('[data-test="submit-error"]').text()).toContain('服务器未接受');
    expect(wrapper.find('[data-test="server-error-promisedDeliverable"]').text()).toContain(message);
    expect(wrapper.find('[data-test="field-promisedDeliverable"]').text()).toContain(message);

    // Editing clears the server's verdict on the old content.
    await wrapper.find('textarea[data-test="input-promisedDeliverable"]').setValue('下周提供 ROI 测算');
    await settle();
    expect(wrapper.find('[data-test="submit-error"]').exists()).toBe(false);
  });

  it('a retry after a failed submit reuses the client record id, a new record gets a new one', async () => {
    let answer = 0;
    const { fetch, requests } = gateway(defaultRuleSet, () =>
      ++answer === 1 ? problem(503, { status: 503, title: '服务暂不可用' }) : json(200, { visitRecord: { visitRecordId: { value: 'V1' } }, created: true }),
    );
    const { wrapper } = await mountPage(VisitRecordPage, { fetch });
    mounted = wrapper;
    await wrapper.find('[data-test="submit"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-test="submit-error"]').text()).toContain('服务暂不可用');
    await wrapper.find('[data-test="submit"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-test="submitted"]').exists()).toBe(true);
    const ids = requests.filter((r) => r.method === 'POST').map((r) => (r.body as { clientRecordId: string }).clientRecordId);
    expect(ids[0]).toBe(ids[1]);
  });
});
