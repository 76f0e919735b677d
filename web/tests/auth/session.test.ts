import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '@/api/http';
import { createAppApiClient } from '@/api/client';
import { toMe } from '@/api/auth';
import { SESSION_STORAGE_KEY, clearSession, me, refreshToken, restoreSession, signIn, signOut, token } from '@/session';
import { fakeFetch, json, problem } from '../support/fakeFetch';

const user = { id: 'u-1', userName: 'wang', displayName: '王磊', roles: ['rep', 'supervisor'], teamId: 'hz' };
const tokens = (n: number) => ({ accessToken: `access-${n}`, tokenType: 'Bearer', expiresIn: 900, refreshToken: `refresh-${n}`, user });

beforeEach(() => {
  clearSession();
  localStorage.clear();
});

describe('sign-in session', () => {
  it('signs in, keeps who I am and the tokens, and survives a reload', async () => {
    const { fetch, requests } = fakeFetch(() => json(200, tokens(1)));
    const signedIn = await signIn(createApiClient({ fetch }), { userName: 'wang', password: 'secret-password' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/auth/sign-in', body: { userName: 'wang', password: 'secret-password' } });
    expect(signedIn).toEqual({ userId: 'u-1', displayName: '王磊', roles: ['rep', 'supervisor'], teamId: 'hz' });
    expect(token.value).toBe('access-1');

    me.value = null;
    token.value = null;
    expect(restoreSession()).toBe(true);
    expect(me.value!.displayName).toBe('王磊');
    expect(refreshToken.value).toBe('refresh-1');
  });

  it('a failed sign-in leaves nobody signed in', async () => {
    const { fetch } = fakeFetch(() => problem(401, { title: '用户名或密码错误。', status: 401 }));
    await expect(signIn(createApiClient({ fetch }), { userName: 'wang', password: 'nope' })).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(me.value).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('drops a damaged saved session', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, '{"accessToken":1}');
    expect(restoreSession()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('signing out revokes the refresh token and forgets the session even if the call fails', async () => {
    const { fetch } = fakeFetch(() => json(200, tokens(1)), (request) => {
      expect(request).toMatchObject({ url: '/api/v1/auth/sign-out', body: { refreshToken: 'refresh-1' } });
      return new Response(null, { status: 503 });
    });
    const client = createApiClient({ fetch, getToken: () => token.value });
    await signIn(client, { userName: 'wang', password: 'x' });
    await signOut(client);
    expect(me.value).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('maps the gateway user view to Me: lower-case known roles only', () => {
    expect(toMe({ id: 'u', userName: 'li', roles: ['Supervisor', 'auditor', 'rep', 'rep'] })).toEqual({ userId: 'u', displayName: 'li', roles: ['supervisor', 'rep'] });
  });
});

describe('token refresh on 401', () => {
  async function signedInClient(...answers: Parameters<typeof fakeFetch>) {
    const { fetch, requests } = fakeFetch(() => json(200, tokens(1)), ...answers);
    globalThis.fetch = fetch as typeof globalThis.fetch;
    let signedOut = 0;
    const client = createAppApiClient(() => 'zh-CN', () => signedOut++);
    await signIn(client, { userName: 'wang', password: 'x' });
    return { client, requests, signedOut: () => signedOut };
  }

  it('renews once and replays the request with the new token', async () => {
    const { client, requests } = await signedInClient(
      () => problem(401, { status: 401, title: 'expired' }),
      () => json(200, tokens(2)),
      () => json(200, { ok: true }),
    );
    expect(await client.get('/api/v1/leads/x')).toEqual({ ok: true });
    expect(requests.map((r) => `${r.method} ${r.url} ${r.headers.Authorization ?? '-'}`)).toEqual([
      'POST /api/v1/auth/sign-in -',
      'GET /api/v1/leads/x Bearer access-1',
      'POST /api/v1/auth/refresh -',
      'GET /api/v1/leads/x Bearer access-2',
    ]);
    expect(requests[2]!.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refreshToken.value).toBe('refresh-2');
  });

  it('concurrent 401s share one renewal', async () => {
    const { client, requests } = await signedInClient(
      () => problem(401, { status: 401 }),
      () => problem(401, { status: 401 }),
      async () => {
        await new Promise((r) => setTimeout(r, 10));
        return json(200, tokens(2));
      },
      () => json(200, 1),
      () => json(200, 2),
    );
    expect(await Promise.all([client.get('/a'), client.get('/b')])).toEqual([1, 2]);
    expect(requests.filter((r) => r.url === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('a refused refresh ends the session and sends the user to sign-in', async () => {
    const { client, signedOut } = await signedInClient(
      () => problem(401, { status: 401 }),
      () => problem(401, { status: 401, title: '登录已失效' }),
    );
    await expect(client.get('/a')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(me.value).toBeNull();
    expect(signedOut()).toBe(1);
  });

  it('a 401 after renewal is not renewed again', async () => {
    const { client, requests } = await signedInClient(
      () => problem(401, { status: 401 }),
      () => json(200, tokens(2)),
      () => problem(401, { status: 401 }),
    );
    await expect(client.get('/a')).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(requests).toHaveLength(4);
  });
});
