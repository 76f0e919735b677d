import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import LeadStatsPage from '@/pages/LeadStatsPage.vue';
import { channelChartOption } from '@/components/channelChart';
import { toLeadIntakeStats } from '@/api/insights';
import type { GetLeadIntakeStatsResponse } from '@/api/contracts';
import { fakeFetch, json } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

const response: GetLeadIntakeStatsResponse = {
  channels: [
    { channel: 'LEAD_CHANNEL_WEB_FORM', leadCount: '12' },
    { channel: 'LEAD_CHANNEL_DOUYIN_DM', leadCount: '5' },
  ],
  totalLeads: '17',
  asOf: '2026-11-22T03:00:00Z',
};

describe('lead intake stats page', () => {
  it('shows the total, the time of the data (Asia/Shanghai) and a row per channel', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, response));
    const { wrapper } = await mountPage(LeadStatsPage, { fetch });
    mounted = wrapper;
    expect(requests[0]!.url).toBe('/api/v1/insights/lead-intake');
    expect(wrapper.find('[data-test="total"]').text()).toContain('17');
    expect(wrapper.find('[data-test="as-of"]').text()).toContain('11:00:00'); // 03:00 UTC = 11:00 in Shanghai
    expect(wrapper.find('[data-test="chart"]').exists()).toBe(true);
    const rows = wrapper.findAll('[data-test="stats-table"] tbody tr').map((r) => r.text());
    expect(rows[0]).toBe('官网表单12');
    expect(rows[2]).toBe('抖音私信5');
    expect(rows).toHaveLength(8);
  });

  it('says so when nothing was counted yet, and shows a friendly error when the gateway is down', async () => {
    const { fetch } = fakeFetch(
      () => json(200, {}),
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    const { wrapper } = await mountPage(LeadStatsPage, { fetch });
    mounted = wrapper;
    expect(wrapper.find('[data-test="no-data"]').text()).toContain('还没有统计到任何线索');
    await wrapper.find('[data-test="refresh"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-test="stats-error"]').text()).toContain('无法连接服务器');
  });
});

describe('channel chart option', () => {
  it('one bar per channel in protobuf order with localized names', () => {
    const option = channelChartOption(toLeadIntakeStats(response), (c) => `名:${c}`, '线索数');
    expect(option.yAxis.data[0]).toBe('名:LEAD_CHANNEL_WEB_FORM');
    expect(option.series[0]!.data).toEqual([12, 0, 5, 0, 0, 0, 0, 0]);
    expect(option.series[0]!.name).toBe('线索数');
  });
});
