import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import LeadIntakePage from '@/pages/LeadIntakePage.vue';
import { fakeFetch, json, problem } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

async function fill(wrapper: VueWrapper, values: Record<string, string>) {
  for (const [field, value] of Object.entries(values)) {
    await wrapper.find(`input[data-test="input-${field}"], textarea[data-test="input-${field}"], [data-test="input-${field}"] input`).setValue(value);
  }
}

async function chooseChannel(wrapper: VueWrapper, channel: string) {
  wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', channel);
  await flushPromises();
}

const submit = async (wrapper: VueWrapper) => {
  await wrapper.find('[data-test="intake-form"]').trigger('submit');
  await settle();
};

describe('lead intake page', () => {
  it('shows the server’s field errors next to the right fields', async () => {
    const { fetch, requests } = fakeFetch(() =>
      problem(400, {
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: { phone: ['电话号码无法识别'], Email: ['邮箱缺少 @ 符号'], somethingElse: ['请求过大'] },
      }),
    );
    const { wrapper } = await mountPage(LeadIntakePage, { fetch });
    mounted = wrapper;
    await chooseChannel(wrapper, 'LEAD_CHANNEL_HOTLINE_400');
    await fill(wrapper, { name: '王磊', phone: '12', email: 'wl.example.com' });
    await submit(wrapper);

    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toMatchObject({ channel: 'LEAD_CHANNEL_HOTLINE_400', name: '王磊', phone: '12', email: 'wl.example.com' });
    expect(wrapper.find('[data-test="field-phone"]').text()).toContain('电话号码无法识别');
    expect(wrapper.find('[data-test="field-email"]').text()).toContain('邮箱缺少 @ 符号');
    expect(wrapper.find('[data-test="field-name"]').text()).not.toContain('电话号码无法识别');
    expect(wrapper.find('[data-test="field-phone"]').text()).not.toContain('邮箱');
    // A message for a field the form does not show is not lost.
    expect(wrapper.text()).toContain('请求过大');
    expect(wrapper.find('[data-test="form-error"]').text()).toContain('请修正标出的字段');

    // Editing clears the stale server message.
    await fill(wrapper, { phone: '13800138000' });
    await settle();
    expect(wrapper.find('[data-test="field-phone"]').text()).not.toContain('电话号码无法识别');
  });

  it('refuses an obviously empty contact without calling the server', async () => {
    const { fetch, requests } = fakeFetch();
    const { wrapper } = await mountPage(LeadIntakePage, { fetch });
    mounted = wrapper;
    await chooseChannel(wrapper, 'LEAD_CHANNEL_WEB_FORM');
    await fill(wrapper, { phone: '\u3000 ', note: '想了解价格' });
    await submit(wrapper);
    expect(requests).toHaveLength(0);
    expect(wrapper.find('[data-test="contact-error"]').text()).toBe('请至少填写一项：姓名、电话、邮箱或公司');
  });

  it('requires a channel', async () => {
    const { fetch, requests } = fakeFetch();
    const { wrapper } = await mountPage(LeadIntakePage, { fetch });
    mounted = wrapper;
    await fill(wrapper, { phone: '13800138000' });
    await submit(wrapper);
    expect(requests).toHaveLength(0);
    expect(wrapper.find('[data-test="field-channel"]').text()).toContain('请选择来源渠道');
  });

  it('shows the created lead id; a retry after a network failure reuses the idempotency key', async () => {
    const { fetch, requests } = fakeFetch(
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => json(200, { leadId: { value: '0b9c7c1e-1f0a-4c55-9d0b-5d0c3f9c2a10' }, receivedAt: '2026-11-22T03:00:00Z', duplicateOf: { value: 'older-lead' } }),
    );
    const { wrapper } = await mountPage(LeadIntakePage, { fetch, locale: 'en' });
    mounted = wrapper;
    await chooseChannel(wrapper, 'LEAD_CHANNEL_WECHAT');
    await fill(wrapper, { company: '杭州某某医疗器械有限公司', city: '杭州', note: '骨科设备' });
    await submit(wrapper);
    expect(wrapper.find('[data-test="form-error"]').text()).toContain('Cannot reach the server');

    await submit(wrapper);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toMatchObject({ company: '杭州某某医疗器械有限公司', city: '杭州', payload: { note: '骨科设备' } });
    expect((requests[1]!.body as { idempotencyKey: string }).idempotencyKey).toBe((requests[0]!.body as { idempotencyKey: string }).idempotencyKey);
    expect(wrapper.find('[data-test="lead-id"]').text()).toBe('0b9c7c1e-1f0a-4c55-9d0b-5d0c3f9c2a10');
    expect(wrapper.find('[data-test="duplicate-of"]').text()).toContain('older-lead');
  });
});
