import { createApiClient, type ApiClient } from './http';
import { token } from '@/session';

/** The app-wide client: same origin as the console (the gateway serves both). */
export function createAppApiClient(getLocale: () => string): ApiClient {
  return createApiClient({ getToken: () => token.value, getLocale });
}
