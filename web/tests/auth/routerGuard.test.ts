import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { installGuards, routes } from '@/router';
import { clearSession, me } from '@/session';

afterEach(() => clearSession());

async function navigate(path: string) {
  const router = installGuards(createRouter({ history: createMemoryHistory(), routes }));
  await router.push(path);
  return router.currentRoute.value;
}

describe('route guard', () => {
  it('sends signed-out users to sign-in and remembers where they were going', async () => {
    const route = await navigate('/reviews');
    expect(route.name).toBe('sign-in');
    expect(route.query.redirect).toBe('/reviews');
  });

  it('lets a role open its screens and sends it home from others', async () => {
    me.value = { userId: 'r', displayName: '王', roles: ['rep'] };
    expect((await navigate('/visits/new')).name).toBe('visit-record');
    expect((await navigate('/reviews')).path).toBe('/board');
    expect((await navigate('/admin/users')).path).toBe('/board');
    expect((await navigate('/')).path).toBe('/board');
  });

  it('a user whose roles open no screen sees who they are', async () => {
    me.value = { userId: 'f', displayName: '赵', roles: ['finance'] };
    expect((await navigate('/')).name).toBe('me');
    expect((await navigate('/board')).name).toBe('me');
  });
});
