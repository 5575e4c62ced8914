/**
 * Benchmark of the duty console (issue 14), against the product as `npm start` runs it (the built single
 * node: embedded PostgreSQL, in-process events), in the machine's Chromium (/usr/bin/chromium):
 *   seed        fire alarms in 东城街道, three hours apart (so none joins another), through the batch API, until
 *               its duty officer has BENCH_CONSOLE_TASKS (500) open tasks. Deadlines are stretched
 *               (DEADLINE_SCALE=1000) so no escalation runs during the bench.
 *   first load  BENCH_CONSOLE_LOADS (5) cold loads of / (a fresh browser context each: empty cache) with the
 *               officer signed in, from navigation start until every open task's card is on the page.
 *               Target < 1 s.
 *   changes     BENCH_CONSOLE_RATE (50) acknowledgements a second for BENCH_CONSOLE_SECONDS (6) s, sent open
 *               loop through the API while one page is open; each timed from its request to its card showing
 *               签收 done on that page (the card's class, seen by a MutationObserver). Target p99 < 200 ms.
 *   consoles    BENCH_CONSOLE_STREAMS (200) more consoles' streams (GET /api/v1/stream as the officer) held
 *               open through the changes; each must receive every acknowledgement; their delivery times too.
 * Prints the figures and the machine's load; writes them to bench/results/console-<time>.json.
 * Usage: npm run bench:console (builds first; needs Chromium and nothing else running on the ports it picks)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Browser, chromium, Page } from 'playwright-core';
import { alarmBody, call, login } from '../test/support/http';
import { SingleNodeProcess } from '../test/support/single-node-process';
import { distribution, Distribution } from './lib/distribution';
import { formatLatency } from './lib/figures-format';
import { knob } from './lib/knobs';
import { writeResults } from './lib/results-file';
import { print, progress } from './lib/terminal';

const TASKS = knob('BENCH_CONSOLE_TASKS', 500, { min: 10, max: 5_000 });
const LOADS = knob('BENCH_CONSOLE_LOADS', 5, { min: 1, max: 50 });
const RATE = knob('BENCH_CONSOLE_RATE', 50, { min: 1, max: 500 });
const SECONDS = knob('BENCH_CONSOLE_SECONDS', 6, { min: 1, max: 60 });
const STREAMS = knob('BENCH_CONSOLE_STREAMS', 200, { min: 0, max: 2_000 });
const FIRST_LOAD_TARGET_MS = 1_000;
const CHANGE_TARGET_MS = 200;

const KEY = 'bench-console-source-key';
const PASSWORD = 'bench-console-password';
const OFFICER = 'duty-511902001'; // 东城街道应急管理办公室
const TOWNSHIP = '511902001';
const HOUR_MS = 3_600_000;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Page script: the epoch time each task card first showed `status-acknowledged`, by task id; and for each
 * TaskAcknowledged the page's stream delivered, when it arrived and when the server recorded it.
 */
const WATCH_ACKNOWLEDGEMENTS = `(() => {
  window.__acknowledgedAt = {};
  window.__heard = {};
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('message', (m) => {
        const at = performance.timeOrigin + performance.now();
        const e = JSON.parse(m.data);
        if (e.type === 'TaskAcknowledged') window.__heard[e.payload.taskId] = { at, recordedAt: Date.parse(e.recordedAt) };
      });
    }
  };
  const note = (el) => {
    const id = el.getAttribute && el.getAttribute('data-task-id');
    if (id && el.classList.contains('status-acknowledged') && !(id in window.__acknowledgedAt))
      window.__acknowledgedAt[id] = performance.timeOrigin + performance.now();
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') note(r.target);
      for (const n of r.addedNodes || []) if (n.nodeType === 1) {
        note(n);
        n.querySelectorAll && n.querySelectorAll('[data-test=task]').forEach(note);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
})()`;

interface Figures {
  openTasks: number;
  seedSeconds: number;
  firstLoadMs: Distribution;
  firstLoadTransferKb: number;
  /** The task list's API call alone (GET /api/v1/tasks?status=open), from this process. */
  taskListApiMs: Distribution;
  changes: {
    sent: number;
    refused: number;
    ratePerSecond: number;
    /** Each acknowledgement's own request, to its answer. */
    requestMs: Distribution;
    toPageMs: Distribution;
    /** From the server recording the change (the event's recordedAt) to the page's stream, and to its card. */
    recordedToStreamMs: Distribution;
    recordedToCardMs: Distribution;
    missed: number;
  };
  streams: {
    connected: number;
    complete: number;
    deliveryMs: Distribution;
    recordedToStreamMs: Distribution;
    missing: number;
  };
  load: { before: string; after: string };
}

async function openTaskIds(base: string, token: string): Promise<{ id: string; status: string }[]> {
  const r = await call(base, 'GET', '/api/v1/tasks?status=open', { token });
  if (r.status !== 200) throw new Error(`tasks: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Posts fire alarms in batches, each three hours before the last, until the officer has `count` open tasks. */
async function seed(base: string, token: string, count: number): Promise<number> {
  let sent = 0;
  let open = 0;
  const start = Date.now() - 60_000;
  for (let round = 0; open < count; round++) {
    const batch = Math.max(10, Math.min(200, count - open));
    const alarms = Array.from({ length: batch }, (_, i) =>
      alarmBody({
        townshipCode: TOWNSHIP,
        type: 'fire',
        description: `压测火情 bench fire ${sent + i}`,
        occurredAt: new Date(start - (sent + i) * 3 * HOUR_MS).toISOString(),
      }),
    );
    const r = await call(base, 'POST', '/api/v1/alarms/batch', { body: { alarms }, apiKey: KEY });
    if (r.status !== 200 || r.body.accepted !== batch)
      throw new Error(`batch: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    sent += batch;
    // Dispatch runs behind the 202s: wait until the count stops growing.
    let last = -1;
    for (let settled = 0; settled < 3;) {
      await sleep(500);
      open = (await openTaskIds(base, token)).length;
      settled = open === last ? settled + 1 : 0;
      last = open;
    }
    progress(`seed: ${sent} alarms → ${open} open tasks for ${OFFICER}`);
    if (round > 50) throw new Error(`seed: ${sent} alarms gave only ${open} open tasks`);
  }
  return open;
}

/** STREAMS consoles' streams, read by a child process (bench/lib/console-streams.ts). */
async function otherConsoles(base: string, token: string, count: number) {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', `${__dirname}/lib/console-streams.ts`, base, token, String(count)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('console streams: the reader exited');
    return line.value;
  };
  if (count > 0 && (await next()) !== 'ready') throw new Error('console streams: not ready');
  return {
    /** Per stream: each acknowledged task's [arrival, recordedAt] (epoch ms). */
    async report(): Promise<Record<string, [number, number]>[]> {
      child.stdin!.write('report\n');
      const received = JSON.parse(await next()) as Record<string, [number, number]>[];
      return Array.from({ length: count }, (_, i) => received[i] ?? {});
    },
  };
}

async function signedInPage(browser: Browser, base: string, session: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(`sessionStorage.setItem('console.session', ${JSON.stringify(session)})`);
  const page = await context.newPage();
  page.on('pageerror', (e) => progress(`page error: ${e.message}`));
  return page;
}

/** One cold load: navigation start to every open task's card on the page, as the page's own clock says. */
async function firstLoad(browser: Browser, base: string, session: string, tasks: number) {
  const page = await signedInPage(browser, base, session);
  let bytes = 0;
  page.on('response', (res) => {
    const length = Number(res.headers()['content-length'] ?? 0);
    if (Number.isFinite(length)) bytes += length;
  });
  await page.goto(`${base}/`);
  const handle = await page.waitForFunction(
    `document.querySelectorAll('[data-test=task]').length >= ${tasks} ? performance.now() : 0`,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  const steps = (await page.evaluate(`(() => {
    const r = performance.getEntriesByType('resource');
    const end = (part) => Math.round(Math.max(0, ...r.filter((e) => e.name.includes(part)).map((e) => e.responseEnd)));
    const start = (part) => Math.round(Math.max(0, ...r.filter((e) => e.name.includes(part)).map((e) => e.startTime)));
    const nav = performance.getEntriesByType('navigation')[0];
    return { html: Math.round(nav.responseEnd), domReady: Math.round(nav.domContentLoadedEventEnd), script: end('/assets/'), tasksAsked: start('/api/v1/tasks'), tasks: end('/api/v1/tasks'), units: end('/api/v1/units') };
  })()`)) as Record<string, number>;
  progress(`first load ${ms.toFixed(0)} ms: ${JSON.stringify(steps)}`);
  await page.context().close();
  return { ms, bytes };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const before = loadavg();
  const node = await SingleNodeProcess.create({
    DEMO_SOURCE_KEY: KEY,
    DEMO_PASSWORD: PASSWORD,
    DEADLINE_SCALE: '1000',
    LOG_LEVEL: 'warn',
  });
  let browser: Browser | undefined;
  try {
    progress('starting the single node (npm start’s build)');
    await node.start();
    const base = node.base;
    const token = await login(base, OFFICER, PASSWORD);
    const seedStart = Date.now();
    const openTasks = await seed(base, token, TASKS);
    const seedSeconds = (Date.now() - seedStart) / 1000;

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    // The session the login screen would keep, taken from a real sign-in.
    const loginPage = await (await browser.newContext()).newPage();
    await loginPage.goto(`${base}/`);
    await loginPage.fill('input[name=username]', OFFICER);
    await loginPage.fill('input[name=password]', PASSWORD);
    await loginPage.click('button[type=submit]');
    await loginPage.waitForSelector('[data-test=live-state]');
    const session = (await loginPage.evaluate(`sessionStorage.getItem('console.session')`)) as string;
    await loginPage.context().close();

    const listTimes: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const at = Date.now();
      await openTaskIds(base, token);
      listTimes.push(Date.now() - at);
    }
    progress(`first load: ${LOADS} cold loads with ${openTasks} open tasks`);
    await firstLoad(browser, base, session, openTasks); // warm the server's own caches, as a day's first user would
    const loads: number[] = [];
    let transfer = 0;
    for (let i = 0; i < LOADS; i++) {
      const { ms, bytes } = await firstLoad(browser, base, session, openTasks);
      loads.push(ms);
      transfer = bytes;
    }

    // One open page watching its cards, and the other consoles' streams.
    const page = await signedInPage(browser, base, session);
    await page.addInitScript(WATCH_ACKNOWLEDGEMENTS);
    await page.goto(`${base}/`);
    await page.waitForFunction(
      `document.querySelectorAll('[data-test=task]').length >= ${openTasks}`,
      undefined,
      {
        timeout: 30_000,
      },
    );
    await page.waitForSelector('[data-test=live-state][data-state=connected]');
    progress(`opening ${STREAMS} streams`);
    const consoles = await otherConsoles(base, token, STREAMS);

    const targets = (await openTaskIds(base, token))
      .filter((t) => t.status === 'dispatched')
      .map((t) => t.id);
    const count = Math.min(targets.length, RATE * SECONDS);
    progress(`changes: ${count} acknowledgements at ${RATE}/s`);
    const sentAt = new Map<string, number>();
    let refused = 0;
    const answered: number[] = [];
    const began = Date.now();
    const requests: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const due = began + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const id = targets[i];
      const at = Date.now();
      sentAt.set(id, at);
      requests.push(
        call(base, 'POST', `/api/v1/tasks/${id}/acknowledge`, { token }).then((r) => {
          answered.push(Date.now() - at);
          if (r.status !== 200) refused++;
        }),
      );
    }
    await Promise.all(requests);
    const ratePerSecond = count / ((Date.now() - began) / 1000);
    await sleep(3_000); // the last changes on their way

    const shown = (await page.evaluate('window.__acknowledgedAt')) as Record<string, number>;
    const toPage = [...sentAt].map(([id, at]) => (shown[id] === undefined ? NaN : shown[id] - at));
    const missed = toPage.filter((ms) => Number.isNaN(ms)).length;
    const heard = (await page.evaluate('window.__heard')) as Record<
      string,
      { at: number; recordedAt: number }
    >;
    const recordedToStream = [...sentAt.keys()].map((id) =>
      heard[id] ? heard[id].at - heard[id].recordedAt : NaN,
    );
    const recordedToCard = [...sentAt.keys()].map((id) =>
      heard[id] && shown[id] !== undefined ? shown[id] - heard[id].recordedAt : NaN,
    );

    const delivery: number[] = [];
    const streamLag: number[] = [];
    let complete = 0;
    let missing = 0;
    for (const got of await consoles.report()) {
      const times = Object.entries(got).filter(([id]) => sentAt.has(id));
      if (times.length === sentAt.size) complete++;
      missing += sentAt.size - times.length;
      for (const [id, [at, recordedAt]] of times) {
        delivery.push(at - sentAt.get(id)!);
        streamLag.push(at - recordedAt);
      }
    }

    const figures: Figures = {
      openTasks,
      seedSeconds,
      firstLoadMs: distribution(loads),
      firstLoadTransferKb: Math.round(transfer / 1024),
      taskListApiMs: distribution(listTimes),
      changes: {
        sent: count,
        refused,
        ratePerSecond,
        requestMs: distribution(answered),
        toPageMs: distribution(toPage),
        recordedToStreamMs: distribution(recordedToStream),
        recordedToCardMs: distribution(recordedToCard),
        missed,
      },
      streams: {
        connected: STREAMS,
        complete,
        deliveryMs: distribution(delivery),
        recordedToStreamMs: distribution(streamLag),
        missing,
      },
      load: { before, after: loadavg() },
    };
    report(figures);
    print(`results: ${writeResults('console', startedAt, figures)}`);
    if (refused || missed || missing) process.exitCode = 1;
  } finally {
    await browser?.close();
    await node.cleanup();
  }
}

function report(f: Figures): void {
  const verdict = (value: number | null, target: number) =>
    value !== null && value < target ? 'meets' : 'MISSES';
  print(`console bench: ${f.openTasks} open tasks for ${OFFICER} (seeded in ${f.seedSeconds.toFixed(0)} s)`);
  print(
    `  first load (cold, to every card)  ${formatLatency(f.firstLoadMs)}` +
      `  (${f.firstLoadTransferKb} KB)  target < ${FIRST_LOAD_TARGET_MS} ms: ${verdict(f.firstLoadMs.max, FIRST_LOAD_TARGET_MS)}`,
  );
  print(`    of which the task list's API call  ${formatLatency(f.taskListApiMs)}`);
  print(
    `  change → open page  ${f.changes.sent} at ${f.changes.ratePerSecond.toFixed(1)}/s  ${formatLatency(f.changes.toPageMs)}` +
      `  missed ${f.changes.missed}, refused ${f.changes.refused}  target p99 < ${CHANGE_TARGET_MS} ms: ${verdict(f.changes.toPageMs.p99, CHANGE_TARGET_MS)}`,
  );
  print(`    each acknowledgement's own request  ${formatLatency(f.changes.requestMs)}`);
  print(`    recorded → the page's stream  ${formatLatency(f.changes.recordedToStreamMs)}`);
  print(`    recorded → its card on the page  ${formatLatency(f.changes.recordedToCardMs)}`);
  print(
    `  ${f.streams.connected} streams  ${f.streams.complete} got every change (${f.streams.missing} missing)` +
      `  delivery ${formatLatency(f.streams.deliveryMs)}`,
  );
  print(`    recorded → each stream  ${formatLatency(f.streams.recordedToStreamMs)}`);
  print(`  load average before ${f.load.before}; after ${f.load.after}`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
