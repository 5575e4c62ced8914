import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { BAZHOU } from '@erp/domain';
import { FIRST_ADMIN_PASSWORD_FILE } from '@erp/platform';
import { writeWorkbook } from '../../libs/command/src/import-district/workbook-io';
import { launchChromium, signIn } from '../support/console-browser';
import {
  addRealisticDistrict,
  emptyDistrict,
  townshipOfficeRows,
  uploadWorkbook,
} from '../support/district-workbook';
import { call, login } from '../support/http';
import { SingleNodeProcess } from '../support/single-node-process';

/**
 * A bureau's first hour on an empty install (issue 17), as `npm start` runs it with SEED_DEMO=false: the
 * first administrator's one-time password from the log and DATA_DIR, a first unit, the bureau's workbook
 * imported, and the console in a real browser showing the imported names. Screenshots land in
 * test/artifacts/empty-install (ignored by git).
 */
const ADMIN = 'bureau-admin';
const ARTIFACTS = resolve(__dirname, '../artifacts/empty-install');
const OFFICES = townshipOfficeRows();
const FIRST_OFFICE = BAZHOU.townships[0];
const TOWNSHIP = BAZHOU.townships[3];

const NEW_PASSWORD = '恩阳河畔值班 2026';
const ADMIN_OWN_PASSWORD = '巴州区建档管理 2026';

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('an empty install: the first administrator, an import, the console', () => {
  let node: SingleNodeProcess;
  let browser: Browser;
  let password: string;
  let token: string;
  let imported: { userName: string; password: string }[] = [];

  beforeAll(async () => {
    expect(existsSync(resolve(__dirname, '../../dist/console/index.html'))).toBe(true); // pretest builds it
    mkdirSync(ARTIFACTS, { recursive: true });
    node = await SingleNodeProcess.create({ SEED_DEMO: 'false', FIRST_ADMIN_USERNAME: ADMIN });
    await node.start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await node?.cleanup();
  }, 60_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  it('opens one administrator, its one-time password in the log once and in a file only its owner reads', async () => {
    const file = join(node.dataDir, FIRST_ADMIN_PASSWORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [username, kept] = readFileSync(file, 'utf8').trim().split('\n');
    expect(username).toBe(ADMIN);
    password = kept;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(occurrences(node.output, password)).toBe(1);

    const signedIn = await call(node.base, 'POST', '/api/v1/auth/login', {
      body: { username: ADMIN, password },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ role: 'administrator', unitId: null, mustChangePassword: true });
    token = signedIn.body.accessToken;
    // Nothing else: no sample district, no other account.
    expect((await call(node.base, 'GET', '/api/v1/units', { token })).body.units).toEqual([]);
    const demo = await call(node.base, 'POST', '/api/v1/auth/login', {
      body: { username: 'commander', password: 'demo-password-2026' },
    });
    expect(demo.status).toBe(401);
  });

  it('lets the administrator create the first unit', async () => {
    const created = await call(node.base, 'POST', '/api/v1/units', {
      token,
      body: {
        kind: 'township_office',
        name: OFFICES[0]['单位名称'],
        townshipCode: FIRST_OFFICE.code,
        contact: { name: OFFICES[0]['联系人'], phone: OFFICES[0]['值班电话'] },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(`township-office-${FIRST_OFFICE.code}`);
    const units = (await call(node.base, 'GET', '/api/v1/units', { token })).body.units;
    expect(units.map((u: { name: string }) => u.name)).toEqual([OFFICES[0]['单位名称']]);
  });

  it("imports the bureau's workbook: 25 offices, 300 people, 40 teams, 30 hazard points", async () => {
    const rows = emptyDistrict();
    rows.units.push(...townshipOfficeRows());
    const workbook = await writeWorkbook(addRealisticDistrict(rows));
    const dry = await uploadWorkbook(node.base, token, workbook);
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([]);
    expect(dry.body.created).toMatchObject({ units: 24, people: 300, teams: 40, 'hazard-points': 30 });
    const applied = await uploadWorkbook(node.base, token, workbook, '?dryRun=false');
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(true);
    imported = applied.body.oneTimePasswords;
    expect(imported).toHaveLength(300);
  });

  it('lets the administrator make an imported head the commander, from their next sign-in', async () => {
    const head = imported.find((p) => p.userName === 'imported-0-0')!;
    const set = await call(node.base, 'PUT', `/api/v1/users/${head.userName}/role`, {
      token,
      body: { role: 'commander' },
    });
    expect(set.status).toBe(200);
    const signedIn = await call(node.base, 'POST', '/api/v1/auth/login', {
      body: { username: head.userName, password: head.password },
    });
    expect(signedIn.body).toMatchObject({
      role: 'commander',
      unitId: `township-office-${FIRST_OFFICE.code}`,
    });
  });

  it("shows an imported officer their imported unit's name, and the administrator the imported teams", async () => {
    const officeName = `${TOWNSHIP.name}应急管理办公室`;
    const officer = imported.find((p) => p.userName === 'imported-3-1')!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, node.base, officer.userName, officer.password);
    // A one-time password: the console asks for a new one before anything else, and says why.
    await page.waitForURL(`${node.base}/password`);
    expect(await page.textContent('[data-test=one-time-password]')).toBe(
      '您使用的是一次性密码，请先设置新密码',
    );
    expect(await page.locator('header nav a').count()).toBe(0);
    await shot(page, 'one-time-password.png');

    // A wrong current password is refused under its field, and the person stays signed in.
    await page.fill('input[name=currentPassword]', `${officer.password}-wrong`);
    await page.fill('input[name=newPassword]', NEW_PASSWORD);
    await page.fill('input[name=repeat]', NEW_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=error-currentPassword]');
    expect(await page.textContent('[data-test=error-currentPassword]')).toBe('当前密码错误');
    expect(page.url()).toBe(`${node.base}/password`);
    await page.waitForSelector('[data-test=live-state]');
    await shot(page, 'wrong-current-password.png');

    // The rule is checked before sending: the user name is no password, whatever its case.
    await page.fill('input[name=currentPassword]', officer.password);
    await page.fill('input[name=newPassword]', officer.userName.toUpperCase().padEnd(10, '-'));
    await page.fill('input[name=repeat]', officer.userName.toUpperCase().padEnd(10, '-'));
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=error-newPassword]');

    await page.fill('input[name=newPassword]', NEW_PASSWORD);
    await page.fill('input[name=repeat]', NEW_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${node.base}/tasks`);
    const again = await call(node.base, 'POST', '/api/v1/auth/login', {
      body: { username: officer.userName, password: NEW_PASSWORD },
    });
    expect(again.body).toMatchObject({ mustChangePassword: false });
    // The header names who is signed in and for which unit: the names the workbook brought.
    await page.waitForSelector(`header .user:has-text("${officeName}")`);
    expect(await page.textContent('header .user')).toBe(`人员3-1 · ${officeName}`);
    await shot(page, 'imported-officer-tasks.png');
    await context.close();

    const adminContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
    });
    const admin = await adminContext.newPage();
    await signIn(admin, node.base, ADMIN, password);
    // Its one-time password has signed in before (through the API): it still asks for a new one first.
    await admin.waitForURL(`${node.base}/password`);
    await admin.fill('input[name=currentPassword]', password);
    await admin.fill('input[name=newPassword]', ADMIN_OWN_PASSWORD);
    await admin.fill('input[name=repeat]', ADMIN_OWN_PASSWORD);
    await admin.click('button[type=submit]');
    password = ADMIN_OWN_PASSWORD;
    // An administrator commands no incident: the console opens on the one map, with the imported teams.
    await admin.waitForURL(`${node.base}/map`);
    expect(await admin.textContent('header .user')).toBe('系统管理员 · 管理员');
    expect(await admin.locator('header nav a').allTextContents()).toEqual(['一张图']);
    expect(await admin.textContent('[data-test=change-password-link]')).toBe('修改密码');
    const team = `${TOWNSHIP.name}第4应急分队`;
    // Each team's marker names it in its tooltip, and the list under the map in plain sight.
    const marker = admin.locator('svg rect', { has: admin.locator(`title:text-is("${team}：待命")`) });
    await marker.waitFor({ state: 'attached' });
    const row = admin.locator('[data-test=team-list] tr', { hasText: team });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([team, TOWNSHIP.name, '■ 待命']);
    expect(await admin.locator('[data-test=team-list] tbody tr').count()).toBe(40);
    await shot(admin, 'administrator-map.png');
    // Every role reaches 修改密码 from the header, the administrator too; no one-time line once past it.
    await admin.click('[data-test=change-password-link]');
    await admin.waitForURL(`${node.base}/password`);
    await admin.waitForSelector('[data-test=change-password]');
    expect(await admin.locator('[data-test=one-time-password]').count()).toBe(0);
    await adminContext.close();
  });

  it('opens no second administrator on a restart; the password the administrator set still signs in', async () => {
    await node.kill('SIGTERM');
    const before = node.output.length;
    await node.start();
    expect(node.output.slice(before)).not.toContain('已创建管理员');
    await login(node.base, ADMIN, password);
  }, 120_000);
});
