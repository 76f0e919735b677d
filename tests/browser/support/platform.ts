import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Set by run.sh: where the platform listens and the seeded admin's password for this run. */
export const baseUrl = required('SALESMESH_E2E_BASE_URL');
export const adminPassword = required('SALESMESH_E2E_ADMIN_PASSWORD');
const artifacts = process.env.SALESMESH_E2E_ARTIFACTS ?? join(import.meta.dirname, '..', 'artifacts');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through tests/browser/run.sh`);
  return value;
}

/** Saves a full-page screenshot of a key screen under artifacts/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(artifacts, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs in over REST (for set-up steps a user would do in another tool, e.g. the admin's API calls). */
export async function apiSignIn(request: APIRequestContext, userName: string, password: string): Promise<Tokens> {
  const response = await request.post('/api/v1/auth/sign-in', { data: { userName, password } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Tokens;
}

export interface CreatedUser {
  id: string;
  userName: string;
  password: string;
}

/** The admin creates a user through the gateway's REST API. */
export async function apiCreateUser(
  request: APIRequestContext,
  adminToken: string,
  user: { userName: string; displayName: string; roles: string[]; teamId?: string; supervisorId?: string },
): Promise<CreatedUser> {
  const password = `Pw-${user.userName}-${Date.now()}`;
  const response = await request.post('/api/v1/admin/users', {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { ...user, password },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { user: { id: string; userName: string } };
  return { id: body.user.id, userName: body.user.userName, password };
}

/**
 * A text field by its data-test id: Element Plus puts the attribute on the native <input>/
 * <textarea> itself (el-input) or on a wrapper (el-select), so both shapes are accepted.
 */
export function field(page: Page, id: string) {
  return page.locator(`input[data-test="${id}"], textarea[data-test="${id}"], [data-test="${id}"] input`).first();
}

/** Signs in through the console's own sign-in screen, as a person would. */
export async function uiSignIn(page: Page, userName: string, password: string): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await field(page, 'user-name').fill(userName);
  await field(page, 'password').fill(password);
  await page.locator('[data-test=sign-in]').click();
  await expect(page.locator('[data-test=user]')).toBeVisible();
}
