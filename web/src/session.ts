import { ref } from 'vue';
import type { Me } from '@/api/contracts';
import type { ApiClient } from '@/api/http';
import { fetchMe, toMe, refreshRequest, signInRequest, signOutRequest, type SignInRequest, type TokenResponse } from '@/api/auth';

/**
 * Who is signed in, and the tokens that prove it (GW-2). The API client reads `token` on every
 * request; on 401 it calls `renewSession` once and replays the request.
 *
 * Kept in localStorage so a phone user stays signed in across reloads; the access token is
 * short-lived and the refresh token is revoked by signing out.
 */
export const me = ref<Me | null>(null);
export const token = ref<string | null>(null);
export const refreshToken = ref<string | null>(null);

export const SESSION_STORAGE_KEY = 'salesmesh.session';

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  me: Me;
}

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): SessionStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function persist(store: SessionStorage | undefined = storage()): void {
  if (!store) return;
  if (token.value && refreshToken.value && me.value) {
    const saved: StoredSession = { accessToken: token.value, refreshToken: refreshToken.value, me: me.value };
    store.setItem(SESSION_STORAGE_KEY, JSON.stringify(saved));
  } else {
    store.removeItem(SESSION_STORAGE_KEY);
  }
}

/** Restores a saved session (page reload). A damaged entry is dropped, never half-used. */
export function restoreSession(store: SessionStorage | undefined = storage()): boolean {
  const text = store?.getItem(SESSION_STORAGE_KEY);
  if (!text) return false;
  try {
    const saved = JSON.parse(text) as Partial<StoredSession>;
    if (typeof saved.accessToken === 'string' && typeof saved.refreshToken === 'string' && saved.me && Array.isArray(saved.me.roles)) {
      token.value = saved.accessToken;
      refreshToken.value = saved.refreshToken;
      me.value = saved.me;
      return true;
    }
  } catch {
    // fall through: not JSON
  }
  store?.removeItem(SESSION_STORAGE_KEY);
  return false;
}

function applyTokens(tokens: TokenResponse): void {
  token.value = tokens.accessToken;
  refreshToken.value = tokens.refreshToken;
}

/** Signs in and loads `me`; on failure nothing of the previous session is kept. */
export async function signIn(client: ApiClient, request: SignInRequest): Promise<Me> {
  clearSession();
  try {
    const tokens = await signInRequest(client, request);
    applyTokens(tokens);
    me.value = tokens.user ? toMe(tokens.user) : await fetchMe(client);
    persist();
    return me.value;
  } catch (error) {
    clearSession();
    throw error;
  }
}

/**
 * Trades the refresh token for new tokens. Resolves false (and ends the session) when there is
 * no refresh token or the gateway refuses it. `client` must not itself renew on 401.
 */
export async function renewSession(client: ApiClient): Promise<boolean> {
  const current = refreshToken.value;
  if (!current) return false;
  try {
    const tokens = await refreshRequest(client, current);
    applyTokens(tokens);
    // Roles may have changed since sign-in (an admin edited the user): take the fresh view.
    if (tokens.user) me.value = toMe(tokens.user);
    persist();
    return true;
  } catch {
    clearSession();
    return false;
  }
}

/** Signs out at the gateway (revoking the refresh token) and forgets the session either way. */
export async function signOut(client?: ApiClient): Promise<void> {
  const current = refreshToken.value;
  try {
    if (client && token.value) await signOutRequest(client, current);
  } catch {
    // The local session ends regardless; the refresh token expires on its own.
  } finally {
    clearSession();
  }
}

export function clearSession(): void {
  me.value = null;
  token.value = null;
  refreshToken.value = null;
  persist();
}

/**
 * Renewal for callers outside the API client (the SSE board), set by createAppApiClient so
 * both share one in-flight refresh.
 */
let sharedRefresh: () => Promise<boolean> = async () => false;
export function setSessionRefresher(refresh: () => Promise<boolean>): void {
  sharedRefresh = refresh;
}
export function refreshSession(): Promise<boolean> {
  return sharedRefresh();
}
