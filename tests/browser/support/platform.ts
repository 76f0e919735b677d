import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
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

/**
 * Saves a screenshot of a key screen under artifacts/screenshots/: what the viewport shows
 * (1280×800 by default, the size the README uses), scrolled so that `focus` starts `offset`
 * pixels below the top (the console's sticky top bar is 52 px high).
 */
export async function screenshot(page: Page, name: string, focus?: Locator, offset = 80): Promise<void> {
  const dir = join(artifacts, 'screenshots');
  mkdirSync(dir, { recursive: true });
  if (focus) {
    await focus.evaluate((element, top) => window.scrollTo(0, window.scrollY + element.getBoundingClientRect().top - top), offset);
  }
  // Let Element Plus finish its transitions (select poppers, alerts) so the picture is settled.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(dir, `${name}.png`) });
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

/** A lead entered through the intake API (LR-1), as a partner system or the hotline would. */
export async function apiIntakeLead(
  request: APIRequestContext,
  token: string,
  lead: { channel: string; name: string; phone: string; company: string; city: string },
): Promise<string> {
  const response = await request.post('/api/v1/leads', {
    headers: { Authorization: `Bearer ${token}` },
    data: { idempotencyKey: `e2e-${lead.phone}`, ...lead },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { leadId?: { value?: string } };
  return body.leadId?.value ?? '';
}

/** Picks an Element Plus select option: opens the select, clicks the option by its visible name. */
export async function choose(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * Types a date-time into an Element Plus date picker the way a keyboard user does
 * ("YYYY-MM-DD HH:mm:ss", the picker's default format) and confirms with Enter.
 */
export async function typeDateTime(page: Page, input: Locator, value: string): Promise<void> {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

/** "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai (the browser's zone in these tests), `offsetMs` from now. */
export function shanghaiDateTime(offsetMs: number): string {
  return new Date(Date.now() + offsetMs + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
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
  // Signed in only once the console has left the sign-in screen and offers signing out (the
  // user label is there signed out too, saying 未登录).
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.locator('[data-test=sign-out]')).toBeVisible();
}
