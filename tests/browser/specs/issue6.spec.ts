import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { adminPassword, apiCreateUser, apiSignIn, field, screenshot, uiSignIn, type CreatedUser } from '../support/platform';

/**
 * The flow of issue 6, told in order against the whole platform (AppHost): each step builds on
 * the one before, so the file runs serially and stops at the first failing step.
 */
test.describe.serial('issue 6: console against the whole platform', () => {
  const run = Date.now().toString(36);
  let supervisor: CreatedUser;
  let rep: CreatedUser;
  let adminContext: BrowserContext;
  let admin: Page;
  let adminToken: string;
  let repContext: BrowserContext;
  let repPage: Page;
  let leadId: string;
  const company = `杭州骨科器械-${run}`;
  // A mainland mobile number of its own per run, so de-duplication (LR-2) does not merge runs.
  const phone = `139${String(Date.now()).slice(-8)}`;

  async function signedInPage(browser: Browser, user: { userName: string; password: string }) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await uiSignIn(page, user.userName, user.password);
    return { context, page };
  }

  test.afterAll(async () => {
    await adminContext?.close();
    await repContext?.close();
  });

  test('the console opens in Chinese and the seeded admin signs in', async ({ browser }) => {
    adminContext = await browser.newContext();
    admin = await adminContext.newPage();
    await admin.goto('/');
    await expect(admin).toHaveURL(/\/sign-in/);
    await expect(admin.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(admin.getByRole('heading', { name: '登录 SalesMesh' })).toBeVisible();
    await screenshot(admin, '01-sign-in');

    // A wrong password is refused with the gateway's message and nobody is signed in.
    await field(admin, 'user-name').fill('admin');
    await field(admin, 'password').fill('not-the-password');
    await admin.locator('[data-test=sign-in]').click();
    await expect(admin.locator('[data-test=sign-in-error]')).toContainText('用户名或密码不正确');

    await field(admin, 'user-name').fill('admin');
    await field(admin, 'password').fill(adminPassword);
    await admin.locator('[data-test=sign-in]').click();
    await expect(admin.locator('[data-test=user]')).toContainText('管理员');
    // Role-aware navigation: the admin sees user management, not the rep's visit records.
    await expect(admin.locator('[data-test=nav]')).toContainText('用户管理');
    await expect(admin.locator('[data-test=nav]')).not.toContainText('拜访纪要');
  });

  test('the admin creates a supervisor and a rep (REST), and each sees their own navigation', async ({ browser, request }) => {
    const { accessToken } = await apiSignIn(request, 'admin', adminPassword);
    adminToken = accessToken;
    supervisor = await apiCreateUser(request, accessToken, { userName: `sup-${run}`, displayName: `主管-${run}`, roles: ['supervisor'] });
    rep = await apiCreateUser(request, accessToken, { userName: `rep-${run}`, displayName: `销售-${run}`, roles: ['rep'], supervisorId: supervisor.id });

    // The admin's user list shows both.
    await admin.goto('/admin/users');
    await expect(admin.getByRole('cell', { name: rep.userName })).toBeVisible();
    await expect(admin.getByRole('cell', { name: supervisor.userName })).toBeVisible();

    const { context, page } = await signedInPage(browser, rep);
    await expect(page.locator('[data-test=user]')).toContainText(`销售-${run}`);
    await expect(page.locator('[data-test=nav]')).toContainText('拜访纪要');
    await expect(page.locator('[data-test=nav]')).not.toContainText('用户管理');
    await expect(page.locator('[data-test=nav]')).not.toContainText('主管审阅');
    // A screen the role does not open sends the user home instead.
    await page.goto('/admin/users');
    await expect(page).not.toHaveURL(/\/admin\/users/);
    // The English switch relabels the console; the choice survives a reload.
    await page.locator('[data-test=language-switch]').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect(page.locator('[data-test=nav]')).toContainText('Visit record');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('[data-test=nav]')).toContainText('Visit record');
    await context.close();
  });

  test('the rep joins the roster and the admin enters a lead in the console: it is routed to the rep', async ({ browser, request }) => {
    // LR-10: the roster is LeadRouting's own data (territory 杭州, capacity), managed over REST.
    const roster = await request.put(`/api/v1/roster/reps/${rep.id}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
      data: { rep: { userId: { value: rep.id }, displayName: `销售-${run}`, teamId: `team-${run}`, supervisor: { value: supervisor.id }, territories: ['杭州'], capacity: 50 }, expectedVersion: 0 },
    });
    expect(roster.status(), await roster.text()).toBe(200);

    await admin.goto('/leads/new');
    await admin.locator('[data-test=input-channel]').click();
    await admin.getByRole('option', { name: '官网表单' }).click();
    await field(admin, 'input-name').fill('王磊');
    await field(admin, 'input-phone').fill(phone);
    await field(admin, 'input-company').fill(company);
    await field(admin, 'input-city').fill('杭州');
    await admin.getByRole('button', { name: '提交线索' }).click();
    leadId = (await admin.locator('[data-test=lead-id]').textContent())!.trim();
    expect(leadId).toMatch(/^[0-9a-f-]{36}$/);

    ({ context: repContext, page: repPage } = await signedInPage(browser, rep));
  });

  test('the rep opens the lead and sees why it was routed to them, with a verified history chain', async () => {
    await repPage.goto(`/leads/${leadId}`);
    await expect(repPage.locator('[data-test=lead-status]')).toHaveText('已分配');
    await expect(repPage.locator('[data-test=routing-summary]')).not.toBeEmpty();
    await expect(repPage.locator('[data-test=candidates]')).toContainText(`销售-${run}`);
    await expect(repPage.locator('[data-test=candidates]')).toContainText('中选');
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
    // The rep owns it, so the contact is shown in full (GW-3 masks it only for others).
    await expect(repPage.locator('.facts')).toContainText(phone);
    await screenshot(repPage, '03-lead-routing');
  });

  test('on a phone-sized screen the lead page stays usable, the menu folds into a drawer', async () => {
    await repPage.setViewportSize({ width: 375, height: 812 });
    await repPage.reload();
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
    await expect(repPage.locator('[data-test=nav]')).toBeHidden();
    await repPage.locator('[data-test=menu-button]').click();
    await expect(repPage.getByRole('dialog')).toContainText('认领公示板');
    await screenshot(repPage, '04-phone-menu');
    await repPage.keyboard.press('Escape');
    await repPage.setViewportSize({ width: 1280, height: 800 });
  });

  test('the rep marks the lead viewed and contacted: its state moves on and the chain still verifies', async () => {
    await repPage.goto(`/leads/${leadId}`);
    await repPage.locator('[data-test=mark-viewed]').click();
    await expect(repPage.locator('[data-test=lead-status]')).toHaveText('已查看');
    await repPage.locator('[data-test=mark-contacted]').click();
    await expect(repPage.locator('[data-test=lead-status]')).toHaveText('已联系');
    await expect(repPage.locator('[data-test=history] li')).toHaveCount(4);
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
  });

  test('the rep writes a visit record that breaks a rule and sees the rule\'s message live, then fixes it', async () => {
    await repPage.goto('/visits/new');
    await expect(repPage.locator('[data-test=rule-source]')).toContainText('visit-record');
    await repPage.locator('[data-test=input-biggestConcern]').click();
    await repPage.getByRole('option', { name: '预算不足' }).click();
    await field(repPage, 'input-promisedDeliverable').fill('下周提供报价单');
    const rule = repPage.locator('[data-test="violation-budget-concern-needs-cost-analysis"]');
    await expect(rule).toBeVisible();
    await expect(repPage.locator('[data-test=field-promisedDeliverable]')).toContainText('成本分析 / ROI / cost analysis');
    await screenshot(repPage, '05-visit-record-rule');
    await field(repPage, 'input-promisedDeliverable').fill('下周提供 ROI 测算和报价单');
    await expect(rule).toBeHidden();
  });
});
