import { flushPromises, mount } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Component } from 'vue';
import { createAppI18n, type AppLocale } from '@/i18n';
import { API_CLIENT_KEY } from '@/api/inject';
import { createApiClient, type FetchLike } from '@/api/http';
import { routes } from '@/router';

/** Mounts a page the way main.ts wires the app, with a fake fetch behind the API client. */
export async function mountPage(component: Component, options: { fetch: FetchLike; locale?: AppLocale; props?: Record<string, unknown> }) {
  const i18n = createAppI18n(options.locale ?? 'zh-CN');
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push('/');
  await router.isReady();
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [i18n, router],
      // Pages import their Element Plus components themselves (as in production, where no
      // global plugin is installed): an unresolved component must fail the test, not warn.
      config: {
        warnHandler: (message: string) => {
          if (message.includes('Failed to resolve component')) throw new Error(message);
        },
      },
      provide: { [API_CLIENT_KEY as symbol]: createApiClient({ fetch: options.fetch, getLocale: () => options.locale ?? 'zh-CN' }) },
      stubs: { BarChart: { template: '<div />', props: ['option'] }, ElDatePicker: true },
    },
  });
  await flushPromises();
  return { wrapper, i18n, router };
}

/**
 * Waits for rendering to settle: pending promises, plus Element Plus's form-item error state,
 * which is debounced by 100 ms before the message appears (as a user would see it).
 */
export async function settle(): Promise<void> {
  await flushPromises();
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
}
