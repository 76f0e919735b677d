import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  adminPassword,
  apiCreateUser,
  apiIntakeLead,
  apiSignIn,
  choose,
  field,
  screenshot,
  shanghaiDateTime,
  typeDateTime,
  uiSignIn,
  type CreatedUser,
} from '../support/platform';

/**
 * The flow of issue 6, told in order against the whole platform (AppHost): each step builds on
 * the one before, so the file runs serially and stops at the first failing step.
 *
 * People: the seeded admin (enters leads), a supervisor, the rep the leads are routed to, and a
 * colleague of the rep (not on the roster) who watches the same claim board. Each has their own
 * browser context, as on their own computer.
 */
test.describe.serial('issue 6: console against the whole platform', () => {
  const run = Date.now().toString(36);
  let supervisor: CreatedUser;
  let rep: CreatedUser;
  let colleague: CreatedUser;
  let adminContext: BrowserContext;
  let admin: Page;
  let adminToken: string;
  const contexts: BrowserContext[] = [];
  let repPage: Page;
  let colleaguePage: Page;
  let supervisorPage: Page;
  let leadId: string;
  let visitRecordId: string;
  const company = `杭州骨科器械-${run}`;
  const repName = `销售-${run}`;
  const opportunityName = `骨科手术机器人采购-${run}`;
  // A mainland mobile number of its own per run, so de-duplication (LR-2) does not merge runs.
  const phone = `139${String(Date.now()).slice(-8)}`;

  async function signedInPage(browser: Browser, user: { userName: string; password: string }) {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await uiSignIn(page, user.userName, user.password);
    return { context, page };
  }

  /** Opens the claim board and waits until its live stream is connected. */
  async function openBoard(page: Page) {
    await page.goto('/board');
    await expect(page.locator('[data-test=board-live]')).toBeVisible();
    // Marks this page load: if the page were reloaded, the mark would be gone.
    await page.evaluate(() => ((window as unknown as { e2eBoardLoad: string }).e2eBoardLoad = 'first'));
  }

  const stillSamePageLoad = (page: Page) => page.evaluate(() => (window as unknown as { e2eBoardLoad?: string }).e2eBoardLoad);

  test.afterAll(async () => {
    await adminContext?.close();
    for (const context of contexts) await context.close();
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

  test('the admin creates a supervisor and two reps (REST), and each sees their own navigation', async ({ browser, request }) => {
    const { accessToken } = await apiSignIn(request, 'admin', adminPassword);
    adminToken = accessToken;
    supervisor = await apiCreateUser(request, accessToken, { userName: `sup-${run}`, displayName: `主管-${run}`, roles: ['supervisor'] });
    rep = await apiCreateUser(request, accessToken, { userName: `rep-${run}`, displayName: repName, roles: ['rep'], supervisorId: supervisor.id });
    colleague = await apiCreateUser(request, accessToken, { userName: `rep2-${run}`, displayName: `同事-${run}`, roles: ['rep'] });

    // The admin's user list shows them.
    await admin.goto('/admin/users');
    await expect(admin.getByRole('cell', { name: rep.userName, exact: true })).toBeVisible();
    await expect(admin.getByRole('cell', { name: supervisor.userName, exact: true })).toBeVisible();
    await expect(admin.getByRole('cell', { name: colleague.userName, exact: true })).toBeVisible();

    const context = await browser.newContext();
    const page = await context.newPage();
    await uiSignIn(page, rep.userName, rep.password);
    await expect(page.locator('[data-test=user]')).toContainText(repName);
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

  test('the rep joins the roster; the rep, a colleague and the supervisor open the claim board', async ({ browser, request }) => {
    // LR-10: the roster is LeadRouting's own data (territory 杭州, capacity), managed over REST.
    const roster = await request.put(`/api/v1/roster/reps/${rep.id}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
      data: { rep: { userId: { value: rep.id }, displayName: repName, teamId: `team-${run}`, supervisor: { value: supervisor.id }, territories: ['杭州'], capacity: 50 }, expectedVersion: 0 },
    });
    expect(roster.status(), await roster.text()).toBe(200);
    // Two leads from other channels first, so the board is not a board of one.
    await apiIntakeLead(request, adminToken, { channel: 'LEAD_CHANNEL_DOUYIN_DM', name: '赵敏', phone: `137${String(Date.now()).slice(-8)}`, company: `西湖康复中心-${run}`, city: '杭州' });
    await apiIntakeLead(request, adminToken, { channel: 'LEAD_CHANNEL_HOTLINE_400', name: '钱伟', phone: `136${String(Date.now()).slice(-8)}`, company: `滨江口腔门诊-${run}`, city: '杭州' });

    // Three people have the board open before the lead exists.
    ({ page: repPage } = await signedInPage(browser, rep));
    ({ page: colleaguePage } = await signedInPage(browser, colleague));
    ({ page: supervisorPage } = await signedInPage(browser, supervisor));
    for (const page of [repPage, colleaguePage, supervisorPage]) await openBoard(page);
    await expect(repPage.locator('[data-test=board-row]')).toHaveCount(2);
  });

  test('a lead the admin enters appears live on their boards: the owner\'s with SLA countdowns, the colleague\'s masked, the supervisor\'s named', async () => {
    await admin.goto('/leads/new');
    await choose(admin, admin.locator('[data-test=input-channel]'), '官网表单');
    await field(admin, 'input-name').fill('王磊');
    await field(admin, 'input-phone').fill(phone);
    await field(admin, 'input-company').fill(company);
    await field(admin, 'input-city').fill('杭州');
    await admin.getByRole('button', { name: '提交线索' }).click();
    leadId = (await admin.locator('[data-test=lead-id]').textContent())!.trim();
    expect(leadId).toMatch(/^[0-9a-f-]{36}$/);

    // The owner: the row arrives without a reload, contact in full, both SLA clocks counting down.
    const ownRow = repPage.locator(`[data-test=board-row][data-lead-id="${leadId}"]`);
    await expect(ownRow).toBeVisible();
    expect(await stillSamePageLoad(repPage)).toBe('first');
    await expect(ownRow).toContainText(company);
    await expect(ownRow.locator('[data-test=lead-state]')).toHaveText('已分配');
    await expect(ownRow.locator('[data-test=lead-owner]')).toHaveText('我');
    await expect(ownRow).toContainText(phone);
    await expect(ownRow.locator('[data-test=sla-clock]')).toHaveCount(2);
    await expect(ownRow.locator('[data-test=sla-clock]').first()).toHaveAttribute('data-state', 'running');
    await expect(ownRow.locator('[data-test=sla-clock]').first()).toContainText(/查看时限 · 剩余 \d\d:\d\d/);
    await screenshot(repPage, '02-claim-board-live');

    // A colleague who does not own it: same row, live, the owner by name, contact masked (GW-3), company visible.
    const colleagueRow = colleaguePage.locator(`[data-test=board-row][data-lead-id="${leadId}"]`);
    await expect(colleagueRow).toBeVisible();
    expect(await stillSamePageLoad(colleaguePage)).toBe('first');
    await expect(colleagueRow.locator('[data-test=lead-owner]')).toHaveText(repName);
    await expect(colleagueRow).toContainText(company);
    await expect(colleagueRow.locator('[data-masked=true] [data-test=masked-lock]').first()).toBeVisible();
    await expect(colleagueRow).not.toContainText(phone);
    await expect(colleagueRow).toContainText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    await screenshot(colleaguePage, '02b-claim-board-colleague');

    // The supervisor: live as well, the owner by name, contact in full.
    const supervisorRow = supervisorPage.locator(`[data-test=board-row][data-lead-id="${leadId}"]`);
    await expect(supervisorRow).toBeVisible();
    expect(await stillSamePageLoad(supervisorPage)).toBe('first');
    await expect(supervisorRow.locator('[data-test=lead-owner]')).toHaveText(repName);
    await expect(supervisorRow).toContainText(phone);
  });

  test('the rep opens the lead and sees why it was routed to them, with a verified history chain', async () => {
    await repPage.locator(`[data-test=board-row][data-lead-id="${leadId}"] a`).first().click();
    await expect(repPage).toHaveURL(new RegExp(`/leads/${leadId}$`));
    await expect(repPage.locator('[data-test=lead-status]')).toHaveText('已分配');
    await expect(repPage.locator('[data-test=routing-summary]')).not.toBeEmpty();
    await expect(repPage.locator('[data-test=candidates]')).toContainText(repName);
    await expect(repPage.locator('[data-test=candidates]')).toContainText('中选');
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
    // The rep owns it, so the contact is shown in full (GW-3 masks it only for others).
    await expect(repPage.locator('.facts')).toContainText(phone);
    // History entries are named, not shown as codes.
    await expect(repPage.locator('[data-test=history-kind]').first()).toHaveText('收到线索');
    // From the top: the lead, its verified chain, its SLA clocks and why it was routed, on one screen.
    await screenshot(repPage, '03-lead-routing');
  });

  test('on a phone-sized screen the lead page stays usable, the menu folds into a drawer', async () => {
    await repPage.setViewportSize({ width: 375, height: 812 });
    await repPage.reload();
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
    await expect(repPage.locator('[data-test=nav]')).toBeHidden();
    await screenshot(repPage, '04a-phone-lead');
    await repPage.locator('[data-test=menu-button]').click();
    await expect(repPage.getByRole('dialog')).toContainText('认领公示板');
    await screenshot(repPage, '04b-phone-menu');
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
    await expect(repPage.locator('[data-test=history-kind]')).toHaveText(['收到线索', '分配', '已查看', '已联系']);
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');
  });

  test('the rep converts the lead: Activities makes it a customer, and the rep adds an opportunity above the witness threshold', async () => {
    await repPage.locator('[data-test=convert]').click();
    await expect(repPage.locator('[data-test=lead-status]')).toHaveText('已转化');
    await expect(repPage.locator('[data-test=history-kind]').last()).toHaveText('转为客户');
    await expect(repPage.locator('[data-test=chain-badge]')).toContainText('链校验通过');

    // LeadConverted travels over the bus to Activities (outbox → RabbitMQ → inbox): poll the screen.
    await expect(async () => {
      await repPage.goto('/customers');
      await expect(repPage.locator('[data-test=customer-name]')).toHaveText(company, { timeout: 3_000 });
    }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
    // The converted lead's first opportunity is there (no amount yet).
    await expect(repPage.locator('[data-test=opportunity]')).toHaveCount(1);

    // AC-5's threshold is 500,000 CNY (strictly above): this opportunity puts the customer over it.
    await field(repPage, 'new-opportunity-name').fill(opportunityName);
    await field(repPage, 'new-opportunity-amount').fill('800000');
    await repPage.locator('[data-test=new-opportunity-submit]').click();
    const bigOne = repPage.locator('[data-test=opportunity]', { hasText: opportunityName });
    await expect(bigOne).toBeVisible();
    await expect(bigOne.locator('[data-test=opportunity-amount]')).toHaveText('¥800,000');
    await expect(repPage.locator('[data-test=opportunity]')).toHaveCount(2);
  });

  test('the rep writes a visit record that breaks a rule: the message shows live and the server refuses it too; fixed, it is accepted', async () => {
    await repPage.locator('[data-test=new-visit]').click();
    await expect(repPage).toHaveURL(/\/visits\/new\?customer=/);
    await expect(repPage.locator('[data-test=rule-source]')).toContainText('visit-record');
    await expect(repPage.locator('[data-test=source-api]')).toBeVisible();
    await choose(repPage, repPage.locator('[data-test=input-opportunity]'), new RegExp(opportunityName));
    await typeDateTime(repPage, repPage.locator('[data-test="field-visitedAt"] input'), shanghaiDateTime(-60 * 60_000));
    await choose(repPage, repPage.locator('[data-test=input-budget]'), '已确认 > 50万');
    await choose(repPage, repPage.locator('[data-test=input-biggestConcern]'), '预算不足');
    await field(repPage, 'input-promisedDeliverable').fill('下周提供报价单');
    await typeDateTime(repPage, repPage.locator('[data-test="field-nextTouchpoint.at"] input'), shanghaiDateTime(3 * 24 * 3_600_000));
    await field(repPage, 'input-participant-0').fill('王磊');
    await field(repPage, 'input-topic').fill('评审 ROI 测算与报价');

    // AC-4 live: the rule's own message, at the field it names, before anything is sent.
    const rule = repPage.locator('[data-test="violation-budget-concern-needs-cost-analysis"]');
    await expect(rule).toBeVisible();
    await expect(repPage.locator('[data-test=field-promisedDeliverable]')).toContainText('成本分析 / ROI / cost analysis');
    await screenshot(repPage, '05-visit-record-rule', repPage.locator('[data-test=field-biggestConcern]'), 70);

    // The server enforces the same rule on its write path: submitting anyway is refused, nothing stored.
    await repPage.locator('[data-test=submit]').click();
    await expect(repPage.locator('[data-test=submit-error]')).toContainText('服务器未接受');
    await expect(repPage.locator('[data-test="server-error-promisedDeliverable"]')).toContainText('成本分析');
    await expect(repPage.locator('[data-test=submitted]')).toBeHidden();

    await field(repPage, 'input-promisedDeliverable').fill('下周提供 ROI 测算和报价单');
    await expect(rule).toBeHidden();
    await expect(repPage.locator('[data-test=submit-error]')).toBeHidden();
    await repPage.locator('[data-test=submit]').click();
    const accepted = repPage.locator('[data-test=submitted]');
    await expect(accepted).toContainText('拜访纪要已提交');
    visitRecordId = (await accepted.getAttribute('data-visit-record-id')) ?? '';
    expect(visitRecordId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(repPage, '06-visit-record-submitted', accepted);
  });

  test('the supervisor sees the record in the review queue, with its content, approves it, and it leaves the queue', async () => {
    await supervisorPage.goto('/reviews');
    const item = supervisorPage.locator(`[data-test=review][data-visit-record-id="${visitRecordId}"]`);
    await expect(item).toBeVisible();
    await expect(item.locator('[data-test=review-rep]')).toHaveText(repName);
    await expect(item.locator('[data-test=review-customer]')).toHaveText(company);
    await expect(item).toContainText('¥800,000');
    await expect(item.locator('[data-test=record-budget]')).toHaveText('已确认 > 50万');
    await expect(item.locator('[data-test=record-concern]')).toHaveText('预算不足');
    await expect(item.locator('[data-test=record-deliverable]')).toHaveText('下周提供 ROI 测算和报价单');
    await expect(item.locator('[data-test=record-touchpoint]')).toContainText('王磊');
    await expect(item.locator('[data-test=record-touchpoint]')).toContainText('评审 ROI 测算与报价');
    await expect(item.locator('[data-test=sla-clock]')).toContainText('审阅时限');
    await screenshot(supervisorPage, '07-review-queue', item);

    await choose(supervisorPage, item.locator('[data-test=verdict-select]'), '信息完整');
    await item.locator('[data-test=verdict-submit]').click();
    await expect(supervisorPage.locator('[data-test=review-notice]')).toContainText(`已审阅 ${company}：信息完整`);
    await expect(item).toHaveCount(0);
    // The server agrees: after a reload the record is not pending any more, and shows as reviewed.
    await supervisorPage.reload();
    await expect(supervisorPage.locator('[data-test=reviews-empty]')).toBeVisible();
    await supervisorPage.locator('[data-test=include-completed]').click();
    await expect(item.locator('[data-test=review-verdict]')).toContainText('信息完整');
  });
});
