import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import ReviewQueuePage from '@/pages/ReviewQueuePage.vue';
import type { WitnessReview } from '@/api/followUp';
import { json, problem, routedFetch, type RecordedRequest } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const REP = '0193a3c1-0000-7000-8000-000000000001';
const pending: WitnessReview = {
  visitRecordId: 'VR-1',
  customerId: { value: 'C-1' },
  rep: { value: REP },
  supervisor: { value: 'SUP' },
  customerValue: '800000',
  submittedAt: '2026-11-22T02:00:00Z',
  dueAt: '2099-11-22T04:00:00Z',
};

const record = {
  visitRecordId: { value: 'VR-1' },
  repUserId: { value: REP },
  content: {
    customerId: { value: 'C-1' },
    visitTime: '2026-11-22T01:30:00Z',
    budget: 'confirmedAbove500k',
    objectionType: 'price',
    biggestConcern: 'budgetInsufficient',
    promisedDeliverable: '<p>下周提供 <b>ROI</b> 测算</p>',
    nextTouchpoint: { time: '2026-11-25T06:00:00Z', participants: ['王磊', '李娜'], topic: '评审 ROI 测算' },
  },
  promisedDeliverableText: '下周提供 ROI 测算',
};

/** The gateway as the review page sees it; `verdict` answers the verdict POST. */
function gateway(options: { verdict?: (request: RecordedRequest) => Response; recordStatus?: number } = {}) {
  return routedFetch({
    'GET /api/v1/activities/reviews': () => json(200, { reviews: [pending] }),
    'GET /api/v1/activities/visit-records/VR-1': () =>
      options.recordStatus ? problem(options.recordStatus, { status: options.recordStatus, title: 'Not Found' }) : json(200, { visitRecord: record }),
    'GET /api/v1/activities/customers/C-1': () => json(200, { customer: { customerId: { value: 'C-1' }, name: '杭州骨科器械有限公司' } }),
    'GET /api/v1/roster/reps': () => json(200, { reps: [{ userId: { value: REP }, displayName: '王磊', active: true }] }),
    ...(options.verdict ? { 'POST /api/v1/activities/reviews/VR-1:verdict': options.verdict } : {}),
  });
}

async function chooseVerdict(wrapper: VueWrapper, verdict: string) {
  const select = wrapper.findAllComponents(ElSelect).find((c) => c.attributes('data-test') === 'verdict-select');
  if (!select) throw new Error('no verdict select');
  select.vm.$emit('update:modelValue', verdict);
  await settle();
}

describe('review queue page (witness mode, AC-5)', () => {
  it('shows the supervisor what they review: the rep and customer by name and the record\'s typed fields', async () => {
    const { fetch, requests } = gateway();
    const { wrapper } = await mountPage(ReviewQueuePage, { fetch });
    mounted = wrapper;
    await settle();
    expect(requests.map((r) => r.url)).toContain('/api/v1/activities/visit-records/VR-1');
    const item = wrapper.find('[data-test="review"]');
    expect(item.find('[data-test="review-rep"]').text()).toBe('王磊');
    expect(item.find('[data-test="review-customer"]').text()).toBe('杭州骨科器械有限公司');
    expect(item.text()).toContain('¥800,000');
    expect(item.find('[data-test="record-budget"]').text()).toBe('已确认 > 50万');
    expect(item.find('[data-test="record-concern"]').text()).toBe('预算不足');
    expect(item.find('[data-test="record-objection"]').text()).toBe('价格');
    // The deliverable is shown as its visible text, never as markup.
    expect(item.find('[data-test="record-deliverable"]').text()).toBe('下周提供 ROI 测算');
    expect(item.find('[data-test="record-deliverable"] b').exists()).toBe(false);
    const touchpoint = item.find('[data-test="record-touchpoint"]').text();
    expect(touchpoint).toContain('王磊、李娜');
    expect(touchpoint).toContain('评审 ROI 测算');
    expect(touchpoint).toContain('14:00:00'); // 06:00 UTC in Asia/Shanghai
  });

  it('approving sends the verdict and the record leaves the queue with a confirmation', async () => {
    const { fetch, requests } = gateway({
      verdict: () => json(200, { review: { ...pending, verdict: 'REVIEW_VERDICT_INFO_COMPLETE', reviewedAt: '2026-11-22T02:30:00Z' } }),
    });
    const { wrapper } = await mountPage(ReviewQueuePage, { fetch });
    mounted = wrapper;
    await settle();
    await chooseVerdict(wrapper, 'REVIEW_VERDICT_INFO_COMPLETE');
    await wrapper.find('[data-test="verdict-submit"]').trigger('click');
    await settle();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/v1/activities/reviews/VR-1:verdict');
    expect(post?.body).toEqual({ verdict: 'REVIEW_VERDICT_INFO_COMPLETE' });
    expect(wrapper.find('[data-test="review"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="review-notice"]').text()).toContain('已审阅 杭州骨科器械有限公司：信息完整');
    expect(wrapper.find('[data-test="reviews-empty"]').exists()).toBe(true);
  });

  it('a refused verdict stays in the queue with the server\'s words', async () => {
    const { fetch } = gateway({
      verdict: () => problem(400, { status: 400, title: '提交的内容有误', errors: { note: ['选择“需补充”时必须填写备注'] } }),
    });
    const { wrapper } = await mountPage(ReviewQueuePage, { fetch });
    mounted = wrapper;
    await settle();
    await chooseVerdict(wrapper, 'REVIEW_VERDICT_NEEDS_DETAIL');
    await wrapper.find('[data-test="verdict-submit"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-test="review"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="verdict-error"]').text()).toContain('必须填写备注');
    expect(wrapper.find('[data-test="review-notice"]').exists()).toBe(false);
  });

  it('a record that cannot be loaded is said so, and the review can still be given', async () => {
    const { fetch } = gateway({ recordStatus: 404 });
    const { wrapper } = await mountPage(ReviewQueuePage, { fetch });
    mounted = wrapper;
    await settle();
    expect(wrapper.find('[data-test="record-error"]').text()).toContain('无法加载拜访纪要');
    expect(wrapper.find('[data-test="verdict-submit"]').exists()).toBe(true);
  });

  it('in English the labels follow the language', async () => {
    const { fetch } = gateway();
    const { wrapper } = await mountPage(ReviewQueuePage, { fetch, locale: 'en' });
    mounted = wrapper;
    await settle();
    expect(wrapper.find('[data-test="record-concern"]').text()).toBe('Budget insufficient');
  });
});
