import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ElSelect } from 'element-plus';
import AppLayout from '@/layout/AppLayout.vue';
import { LOCALE_STORAGE_KEY } from '@/i18n';
import { homePath, visibleNavItems } from '@/navigation';
import type { Me } from '@/api/contracts';
import { fakeFetch } from '../support/fakeFetch';
import { mountPage, settle } from '../support/mountPage';

let mounted: VueWrapper | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  localStorage.clear();
});

const supervisor: Me = { userId: 'u1', displayName: '李主管', roles: ['supervisor'] };
const finance: Me = { userId: 'u2', displayName: '赵会计', roles: ['finance'] };

describe('role-aware navigation', () => {
  it('shows each role only its screens', () => {
    expect(visibleNavItems(supervisor).map((i) => i.name)).toEqual([
      'claim-board', 'lead-intake', 'lead-import', 'customers', 'visit-record', 'review-queue', 'alerts', 'lead-stats',
    ]);
    expect(visibleNavItems({ ...supervisor, roles: ['rep'] }).map((i) => i.name)).toEqual(['claim-board', 'lead-intake', 'customers', 'visit-record', 'alerts']);
    expect(visibleNavItems({ ...supervisor, roles: ['admin'] }).map((i) => i.name)).toEqual(['claim-board', 'lead-intake', 'lead-import', 'lead-stats', 'users']);
    expect(visibleNavItems(finance)).toEqual([]);
  });

  it('shows nothing to nobody: signed-out users only see sign-in', () => {
    expect(visibleNavItems(null)).toEqual([]);
  });

  it('lands each user on the first screen their roles open', () => {
    expect(homePath({ ...supervisor, roles: ['rep'] })).toBe('/board');
    expect(homePath(finance)).toBe('/me');
    expect(homePath(null)).toBe('/me');
  });
});

describe('app layout', () => {
  it('renders the menu for the signed-in user with names and roles', async () => {
    const { wrapper } = await mountPage(AppLayout, { fetch: fakeFetch().fetch, props: { me: { ...supervisor, roles: ['rep'] } } });
    mounted = wrapper;
    const nav = wrapper.find('[data-test="nav"]').text();
    expect(nav).toContain('认领公示板');
    expect(nav).toContain('拜访纪要');
    expect(nav).not.toContain('线索来源统计');
    expect(nav).not.toContain('主管审阅');
    expect(wrapper.find('[data-test="user"]').text()).toBe('李主管（销售）');
    expect(wrapper.find('[data-test="sign-out"]').exists()).toBe(true);
  });

  it('the language switch changes every label and is remembered', async () => {
    const { wrapper, i18n } = await mountPage(AppLayout, { fetch: fakeFetch().fetch, props: { me: supervisor } });
    mounted = wrapper;
    expect(wrapper.find('[data-test="user"]').text()).toBe('李主管（主管）');
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', 'en');
    await settle();
    expect(i18n.global.locale.value).toBe('en');
    expect(wrapper.find('[data-test="nav"]').text()).toContain('Lead intake stats');
    expect(wrapper.find('[data-test="nav"]').text()).toContain('Claim board');
    expect(wrapper.find('[data-test="user"]').text()).toBe('李主管 (Supervisor)');
    expect(wrapper.find('[data-test="sign-out"]').text()).toBe('Sign out');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });
});
