import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { capFixture, capSentNow } from '../support/cap-warnings';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';
import { eventually, uniqueSuffix } from '../support/services';
import { openLiveStream as openStream } from '../support/live-stream';
import { launchChromium, signIn as signInAs } from '../support/console-browser';
import { SingleNodeProcess } from '../support/single-node-process';

/**
 * The duty officers' console as a person sees it: real headless Chromium (the machine's, with its CJK
 * font) against the product started as `npm start` starts it. Screenshots land in test/artifacts/console
 * (ignored by git) for a person to look at.
 */
const KEY = 'console-e2e-source-key';
const PASSWORD = 'console-e2e-password';
const OFFICER = 'duty-511902001'; // 东城街道应急管理办公室
const ARTIFACTS = resolve(__dirname, '../artifacts/console');

/** Script for the page (run there, not here): rewrites the saved session with `change`. */
const reviseSession = (change: string) => `(() => {
  const saved = JSON.parse(sessionStorage.getItem('console.session'));
  sessionStorage.setItem('console.session', JSON.stringify({ ...saved, ${change} }));
})()`;

describe('the duty console (值班台) in a real browser', () => {
  let node: SingleNodeProcess;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    expect(existsSync(resolve(__dirname, '../../dist/console/index.html'))).toBe(true); // pretest builds it
    mkdirSync(ARTIFACTS, { recursive: true });
    node = await SingleNodeProcess.create({ DEMO_SOURCE_KEY: KEY, DEMO_PASSWORD: PASSWORD });
    base = node.base;
    await node.start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await node?.cleanup();
  }, 60_000);

  /** A page that records every request it makes and every script error it meets. */
  async function openPage(width: number, height: number) {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, requests, errors };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  /** Signs in on the page's login form (any path shows it while signed out). */
  const signIn = (page: Page, username: string) => signInAs(page, base, username, PASSWORD);

  it('serves the console at /, Chinese by default, and leaves /api and /health to the API', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const script = await fetch(base + asset);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // An app path gets the page; an API path never does, nor does a missing file.
    expect(
      (await (await fetch(`${base}/incidents/0b7a4c6e-0000-4000-8000-000000000001`)).text()).includes(
        'id="app"',
      ),
    ).toBe(true);
    const unknownApi = await call(base, 'GET', '/api/v1/no-such-route');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.body.error).toBeDefined();
    expect((await call(base, 'GET', '/health')).body.status).toBe('up');
    expect((await fetch(`${base}/assets/missing-0000.js`)).status).toBe(404);
  });

  it('a township officer on a phone: signs in, sees an alarm arrive as a task live, acknowledges it', async () => {
    const { page, requests, errors } = await openPage(375, 812);
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    // A wrong password says so.
    await page.fill('input[name=username]', OFFICER);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.locator('[data-test=login-error]').textContent()).resolves.toContain(
      '用户名或密码错误',
    );
    await shot(page, '01-login-wrong-password.png');

    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=no-tasks]');
    await page.waitForSelector('[data-test=live-state][data-state=connected]');
    // Marks this document: still marked after the task appears means no reload happened.
    await page.evaluate('window.__samePage = true');

    const description = `民房起火 ${uniqueSuffix()}`;
    const sent = await call(base, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: '511902001', type: 'fire', description }),
      apiKey: KEY,
    });
    expect(sent.status).toBe(202);
    const incidentId = await incidentOfAlarm(base, sent.body.alarmId, KEY);

    const card = page.locator('[data-test=task]', { hasText: description });
    await card.waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.__samePage')).toBe(true);
    await expect(card.textContent()).resolves.toContain('待签收');
    await expect(card.locator('[data-test=deadline]').textContent()).resolves.toMatch(
      /签收时限\s*剩余 \d+:\d\d/,
    );
    await shot(page, '02-task-arrived-live-375px.png');

    // No sideways scrolling at 375 px, and the next move's button is there to press.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const acknowledge = card.locator('button[data-move=acknowledge]');
    const box = (await acknowledge.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.height).toBeGreaterThanOrEqual(44);
    await acknowledge.click();
    await expect(card.locator('[data-test=move-message]').textContent()).resolves.toContain('已签收');
    await eventually(async () => expect(await card.textContent()).toContain('已签收'), 10_000);
    // The buttons are the moves the server allows the task now (the next one first), no more, no fewer.
    const officerToken = await login(base, OFFICER, PASSWORD);
    const taskId = await card.getAttribute('data-task-id');
    await eventually(async () => {
      const served = (await call(base, 'GET', '/api/v1/tasks?status=open', { token: officerToken })).body;
      const allowed: string[] = served.find((x: any) => x.id === taskId).allowedMoves;
      expect(allowed).not.toContain('acknowledge');
      const shown = await card
        .locator('.moves button[data-move]')
        .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-move')));
      expect([...shown].sort()).toEqual([...allowed].sort());
    }, 10_000);
    await shot(page, '03-task-acknowledged-375px.png');

    // The incident's timeline shows the acknowledgement, by the officer.
    await card.locator('a.task-incident').click();
    await page.waitForSelector(`[data-test=incident][data-incident-id="${incidentId}"]`);
    const acknowledged = page.locator('[data-test=timeline] li[data-type=TaskAcknowledged]');
    await acknowledged.waitFor({ timeout: 15_000 });
    await expect(acknowledged.textContent()).resolves.toContain(OFFICER);
    await expect(page.locator('[data-test=timeline]').textContent()).resolves.toContain('立案');
    // Its grade with the classifier's reasons, its alarm as sent, its tasks and their states.
    expect(await page.locator('.reasons li').count()).toBeGreaterThan(0);
    await expect(page.locator('[data-test=incident-alarms]').textContent()).resolves.toContain(description);
    await expect(page.locator('[data-test=incident-tasks]').textContent()).resolves.toContain('已签收');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, '04-incident-timeline-375px.png');

    // The one map shows the incident.
    await page.click('nav a[href="/map"]');
    await page.waitForSelector(`[data-test=map-incident][data-incident-id="${incidentId}"]`, {
      timeout: 15_000,
    });
    await shot(page, '05-map-375px.png');

    // English beside Chinese.
    await page.click('header button:has-text("English")');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.locator('nav').textContent()).resolves.toContain('My tasks');
    await page.click('header button:has-text("中文")');
    await expect(page.locator('nav').textContent()).resolves.toContain('我的任务');

    // Everything the page asked for came from the product itself (a data: URL is no request to anyone).
    const elsewhere = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(requests.some((u) => u.startsWith(`${base}/api/v1/stream`))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('a hazard point monitor sees the task a rainstorm warning gives them and acknowledges it; the map shows the warning', async () => {
    const { page, requests, errors } = await openPage(375, 812);
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', 'hz-monitor-511902101-01');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=no-tasks]');

    // The national platform's orange rainstorm warning over the district, sent a minute ago.
    const xml = capSentNow(
      capFixture('cn-national_bazhou-rainstorm-orange.xml'),
      3600_000,
      `console-${uniqueSuffix()}`,
    );
    const posted = await call(base, 'POST', '/api/v1/alarms/cap', {
      rawBody: xml,
      headers: { 'content-type': 'application/cap+xml' },
      apiKey: KEY,
    });
    expect(posted.body.alerts[0]).toMatchObject({ kind: 'warning', outcome: 'issued' });

    // No reload: the task comes to the open page on the live stream (WarningTaskAssigned).
    const card = page.locator('[data-test=warning-task]');
    await card.first().waitFor({ timeout: 20_000 });
    await expect(card.first().textContent()).resolves.toContain('巡查');
    await expect(card.first().textContent()).resolves.toContain('清江镇示例一村三组滑坡隐患点');
    await shot(page, '05-warning-task-375px.png');
    await card.first().locator('button', { hasText: '签收' }).click();
    await page.waitForSelector('[data-test=warning-task] >> text=前完成');
    expect(await card.first().locator('button', { hasText: '签收' }).count()).toBe(0);

    // The commander's map shows the warning in its colour.
    const commander = await openPage(1280, 800);
    await commander.page.goto(`${base}/`);
    await commander.page.fill('input[name=username]', 'commander');
    await commander.page.fill('input[name=password]', PASSWORD);
    await commander.page.click('button[type=submit]');
    await commander.page.waitForSelector('[data-test=live-state]');
    await commander.page.goto(`${base}/map`);
    const badge = commander.page.locator('[data-test=active-warning]');
    await badge.first().waitFor({ timeout: 20_000 });
    await expect(badge.first().textContent()).resolves.toContain('橙色预警');
    await shot(commander.page, '06-map-warning.png');
    for (const url of [...requests, ...commander.requests]) expect(new URL(url).hostname).toBe('127.0.0.1');
    expect([...errors, ...commander.errors]).toEqual([]);
  }, 90_000);

  it('shows the map to the commander at desktop size, with the outline, townships and coverage', async () => {
    const { page, requests, errors } = await openPage(1280, 900);
    await page.goto(`${base}/map`);
    await page.fill('input[name=username]', 'commander');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=district-map] path.outline');
    await eventually(async () => {
      expect(await page.locator('[data-test=district-map] .township.covered').count()).toBeGreaterThan(0);
    }, 10_000);
    expect(await page.locator('[data-test=district-map] .township').count()).toBe(25);
    expect(await page.locator('[data-test=district-map] .teams rect').count()).toBeGreaterThan(30);
    expect(await page.locator('[data-test=district-map] .hazards path').count()).toBeGreaterThan(0);
    // Teams coloured by status: the team sent to the first fire is no longer available, and looks it.
    const teams = await page
      .locator('[data-test=district-map] .teams rect')
      .evaluateAll((rects) => rects.map((r) => [r.getAttribute('data-status'), r.getAttribute('fill')]));
    const colourOf = new Map(teams as [string, string][]);
    expect(colourOf.has('available')).toBe(true);
    const busy = [...colourOf.keys()].filter((status) => status !== 'available');
    expect(busy.length).toBeGreaterThan(0);
    for (const status of busy) expect(colourOf.get(status)).not.toBe(colourOf.get('available'));
    for (const [status, fill] of teams) expect(colourOf.get(status!)).toBe(fill);
    await shot(page, '06-map-commander-desktop.png');
    await page.click('nav a[href="/overview"]');
    await page.waitForSelector('.tier-boxes');
    await shot(page, '07-overview-commander-desktop.png');
    expect(requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('a breached deadline turns red, the overview puts it first, and a decline takes a reason', async () => {
    // A drill at 1/100 time: the 5-minute acknowledgement falls due after 3 seconds.
    const description = `演练 交通事故 ${uniqueSuffix()}`;
    const sent = await call(base, 'POST', '/api/v1/alarms', {
      body: alarmBody({
        townshipCode: '511902001',
        type: 'traffic_accident',
        description,
        exercise: true,
        timeScale: 0.01,
      }),
      apiKey: KEY,
    });
    expect(sent.status).toBe(202);
    await incidentOfAlarm(base, sent.body.alarmId, KEY);

    const officer = await openPage(1024, 800);
    await signIn(officer.page, OFFICER);
    const listed = officer.page.locator('[data-test=task]', { hasText: description }).first();
    await listed.waitFor({ timeout: 20_000 });
    // Held by id: the list re-sorts as tasks change, and a team of the office may hold one too.
    const taskId = await listed.getAttribute('data-task-id');
    const card = officer.page.locator(`[data-test=task][data-task-id="${taskId}"]`);
    // What is asked, in Chinese: each required capability by its name, not its code.
    const token = await login(base, OFFICER, PASSWORD);
    const names = new Map<string, string>(
      (await call(base, 'GET', '/api/v1/reference/capabilities', { token })).body.capabilities.map(
        (c: any) => [c.code, c.nameZh],
      ),
    );
    const asked: string[] = (await call(base, 'GET', '/api/v1/tasks?status=open', { token })).body.find(
      (x: any) => x.id === taskId,
    ).capabilities;
    await eventually(async () => {
      const text = (await card.locator('.task-asked').first().textContent())!;
      for (const code of asked) expect(text).toContain(names.get(code));
      expect(text).not.toMatch(/[a-z]+_[a-z]+/);
    }, 10_000);
    const clock = card.locator('[data-test=deadline]');
    await expect(clock.textContent()).resolves.toContain('签收时限');
    await card.locator('[data-test=deadline][data-breached=true]').waitFor({ timeout: 15_000 });
    await expect(clock.textContent()).resolves.toMatch(/超时 \d+:\d\d/);
    // Red, as the style sheet's danger colour: a person sees it, not only the DOM.
    const colour = await clock.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color);
    const [r, g, b] = colour.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(r).toBeGreaterThan(g * 2);
    expect(r).toBeGreaterThan(b * 2);
    await shot(officer.page, '09-deadline-breached.png');

    // The commander's overview: the breached incident first, its row marked.
    const commander = await openPage(1280, 900);
    await commander.page.goto(`${base}/overview`);
    await signIn(commander.page, 'commander');
    await eventually(async () => {
      const first = commander.page.locator('[data-test=overview-incident]').first();
      await expect(first.textContent()).resolves.toContain(description);
      await expect(first.getAttribute('class')).resolves.toContain('breached');
    }, 20_000);
    await shot(commander.page, '10-overview-breach-first.png');
    await commander.page.context().close();

    // 拒绝 asks for a reason first: no reason, no decline.
    await card.locator('button[data-move=decline]').click();
    const submit = card.locator('form button[type=submit]');
    expect(await submit.isDisabled()).toBe(true);
    await card.locator('form textarea').fill('人员已全部派出 all staff already out');
    await submit.click();
    await eventually(async () => {
      const all = (await call(base, 'GET', '/api/v1/tasks?status=all', { token })).body;
      expect(all.find((x: any) => x.id === taskId)).toMatchObject({
        status: 'declined',
        declineReason: '人员已全部派出 all staff already out',
      });
    }, 10_000);
    // A declined task is no longer owed: it leaves the list of open tasks.
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    expect(officer.errors).toEqual([]);
    await officer.page.context().close();
  }, 90_000);

  it('says when the session has expired', async () => {
    const { page } = await openPage(375, 700);
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', OFFICER);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=live-state]');
    // The server refuses a token that is no longer valid: the page must say so, not fail silently.
    await page.evaluate(reviseSession('token: saved.token + "x"'));
    await page.reload();
    await expect(page.locator('[data-test=session-expired]').textContent()).resolves.toContain('登录已过期');
    // And a session whose time ran out ends by itself.
    await page.fill('input[name=username]', OFFICER);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-test=live-state]');
    await page.evaluate(reviseSession('expiresAt: Date.now() - 1'));
    await page.reload();
    await page.waitForSelector('[data-test=session-expired]');
    await shot(page, '08-session-expired.png');
    await page.context().close();
  }, 60_000);

  it('streams each user only what they may see, and resumes after Last-Event-ID', async () => {
    const [commander, here, elsewhere] = await Promise.all([
      login(base, 'commander', PASSWORD),
      login(base, OFFICER, PASSWORD),
      login(base, 'duty-511902101', PASSWORD),
    ]);
    const streams = [openStream(base, commander), openStream(base, here), openStream(base, elsewhere)];
    const [all, mine, others] = streams;
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the three streams open
      const sent = await call(base, 'POST', '/api/v1/alarms', {
        body: alarmBody({
          // Not a fire: the earlier fire in this township would take the alarm in (correlation).
          townshipCode: '511902001',
          type: 'flood',
          description: `内涝 ${uniqueSuffix()}`,
        }),
        apiKey: KEY,
      });
      const incidentId = await incidentOfAlarm(base, sent.body.alarmId, KEY);
      const of = (s: typeof all) => s.frames.filter((f) => f.data.incidentId === incidentId);
      await eventually(() => {
        expect(of(all).map((f) => f.data.type)).toEqual(
          expect.arrayContaining(['IncidentOpened', 'IncidentClassified', 'TaskDispatched']),
        );
        expect(of(mine).map((f) => f.data.type)).toContain('TaskDispatched');
      }, 20_000);
      // The commander has it all; the officer whose office leads sees its tasks; 清江镇's sees none of it.
      const leadTask = of(mine).find(
        (f) => f.data.type === 'TaskDispatched' && f.data.payload.unitId === 'township-office-511902001',
      );
      expect(leadTask).toBeDefined();
      expect(of(others)).toEqual([]);
      expect(of(all)[0].data.units).toBeUndefined(); // scoping facts stay on the server

      // Resuming after an id gives exactly what came after it; an id from another run asks for a resync.
      // Compared with what the open stream has by then: the notifications of the tasks keep coming.
      const firstFrames = of(all);
      const resumed = openStream(base, commander, firstFrames[0].id);
      const stale = openStream(base, commander, 'another-epoch.7');
      streams.push(resumed, stale);
      await eventually(() => {
        expect(of(resumed).map((f) => f.id)).toEqual(
          of(all)
            .slice(1)
            .map((f) => f.id),
        );
        expect(stale.frames[0]).toMatchObject({ event: 'resync' });
      }, 10_000);
    } finally {
      for (const s of streams) s.close();
      await Promise.all(streams.map((s) => s.done));
    }
  }, 60_000);
});
