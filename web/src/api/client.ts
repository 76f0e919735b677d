import { createApiClient, singleFlight, type ApiClient } from './http';
import { clearSession, renewSession, setSessionRefresher, token } from '@/session';

/**
 * The app-wide client: same origin as the console (the gateway serves both). An expired access
 * token is renewed once with the refresh token (one renewal shared by concurrent requests) and
 * the request replayed; if that fails the session ends and `onSignedOut` sends the user to sign-in.
 */
export function createAppApiClient(getLocale: () => string, onSignedOut: () => void = () => {}): ApiClient {
  // Renewal goes through a client without renewal of its own, so a refused refresh cannot loop.
  const plain = createApiClient({ getLocale });
  const refreshSession = singleFlight(() => renewSession(plain));
  setSessionRefresher(refreshSession);
  return createApiClient({
    getToken: () => token.value,
    getLocale,
    refreshSession,
    onUnauthorized: () => {
      clearSession();
      onSignedOut();
    },
  });
}
