import { inject, type InjectionKey } from 'vue';
import type { ApiClient } from './http';

export const API_CLIENT_KEY: InjectionKey<ApiClient> = Symbol('salesmesh.apiClient');

/** The API client provided by main.ts (tests provide one with a fake fetch). */
export function useApiClient(): ApiClient {
  const client = inject(API_CLIENT_KEY);
  if (!client) throw new Error('No API client provided (app.provide(API_CLIENT_KEY, …))');
  return client;
}
