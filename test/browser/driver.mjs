// Two browser drivers behind one small interface, so that the same cases run in Chromium
// (playwright-core, Debian's /usr/bin/chromium) and in Firefox ESR (puppeteer-core over WebDriver
// BiDi, WebCodecs switched off by prefs: a real browser without WebCodecs).
//
//   const browser = await launchBrowser('chromium' | 'firefox');
//   const page = await browser.openHarness(url);   // waits for window.harness
//   page.info; await page.run('decodeVideo', {...}); page.logs; page.requests; await page.close();
//   await browser.close();
//
// Firefox also has runUnattended(url, name, params): one scenario in a Firefox that no WebDriver
// session drives (see there why). Tests that drive pages themselves take playwright's own
// browser from chromiumPerFile().
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const FIREFOX_PREFS = {
  'dom.media.webcodecs.enabled': false,
  'dom.media.webcodecs.image-decoder.enabled': false,
};

export const browserPaths = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/**
 * Opens `url` in a new page of either driver and waits for window.harness. Both drivers' pages have
 * on/goto/waitForFunction/evaluate/close; they differ in how evaluate() passes arguments.
 */
async function openHarness(browser, url, evaluateRun) {
  const page = await browser.newPage();
  const logs = [];
  const requests = [];
  const workers = [];
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('worker', (w) => workers.push(w.url())); // playwright
  page.on('workercreated', (w) => workers.push(w.url())); // puppeteer
  page.setDefaultTimeout(120_000);
  await page.goto(url);
  await page.waitForFunction(() => window.harness?.ready === true);
  return {
    logs,
    /** URLs the page and its workers requested, and the URLs of the workers it started, so far. */
    requests,
    workers,
    info: await page.evaluate(() => window.harness.info),
    async run(name, params = {}) {
      const result = await evaluateRun(page, name, params);
      if (!result.ok) {
        const err = new Error(`scenario ${name} threw in the page: ${result.error.name}: ${result.error.message}\n${result.error.stack}`);
        err.pageLogs = logs.slice(-50);
        throw err;
      }
      return result.value;
    },
    close: () => page.close(),
  };
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: browserPaths.chromium, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    openHarness: (url) =>
      openHarness(browser, url, (page, name, params) => page.evaluate(([n, p]) => window.harness.run(n, p), [name, params])),
    close: () => browser.close(),
  };
}

async function launchFirefox({ webCodecs = false } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPaths.firefox,
    headless: true,
    // `webCodecs`: Firefox's own WebCodecs left on (the hybrid codecs' tests).
    extraPrefsFirefox: webCodecs ? {} : FIREFOX_PREFS,
    protocolTimeout: 180_000,
  });
  return {
    name: 'firefox',
    openHarness: (url) =>
      openHarness(browser, url, (page, name, params) => page.evaluate((n, p) => window.harness.run(n, p), name, params)),
    runUnattended,
    close: () => browser.close(),
  };
}

/**
 * Runs scenario `name` once on the harness page at `url` in a Firefox of its own that no WebDriver
 * session drives (same prefs), and returns its value as page.run() does.
 *
 * Why: while a WebDriver BiDi session is open (puppeteer's, or a bare session.new without any
 * subscription), `new Worker()` called inside a dedicated worker in Firefox ESR 153 — a call that
 * blocks the worker until the main thread has set the nested worker up — now and then never
 * returns. Measured 2026-12-03 with a page whose module Worker starts one nested Worker, over and
 * over (no polyfill): stuck after 5 to 69 nested Workers in each of 14 runs with a session open;
 * none stuck in 2000 without one (remote agent listening or not, puppeteer's prefs or not). Each
 * Worker a core starts inside a Worker (the pthread pool's, the Worker build's core) is such a
 * call, so the polyfill in a Worker stalled in this harness, whichever core, in either page kind.
 */
async function runUnattended(url, name, params = {}) {
  let received;
  const report = new Promise((resolve) => (received = resolve));
  // The page POSTs its result here (CORS: the page's server is another origin).
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
      if (req.method === 'POST') received(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'wcw-firefox-'));
  const prefs = {
    ...FIREFOX_PREFS,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
  };
  writeFileSync(path.join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const run = { name, params, report: `http://127.0.0.1:${server.address().port}/` };
  const pageUrl = `${url}${url.includes('?') ? '&' : '?'}autorun=${encodeURIComponent(JSON.stringify(run))}`;
  const firefox = spawn(browserPaths.firefox, ['--headless', '--no-remote', '--profile', profile, pageUrl], { stdio: 'ignore' });
  const exited = new Promise((resolve) => firefox.once('exit', resolve));
  let timer;
  try {
    const result = await Promise.race([
      report.then((body) => JSON.parse(body)),
      exited.then((code) => Promise.reject(new Error(`Firefox exited (${code}) before ${name} reported`))),
      // A guard against a run that never reports, as protocolTimeout is for puppeteer's runs.
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${name}: no report from the unattended Firefox in 180 s`)), 180_000))),
    ]);
    if (!result.ok) throw new Error(`scenario ${name} threw in the unattended page: ${result.error.name}: ${result.error.message}\n${result.error.stack}`);
    return result.value;
  } finally {
    clearTimeout(timer);
    if (firefox.exitCode === null && firefox.signalCode === null) firefox.kill();
    await exited;
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Launches 'chromium' or 'firefox' (options: Firefox's `webCodecs`, default off). */
export function launchBrowser(name, options) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox(options);
  throw new Error(`unknown browser ${name}`);
}

/**
 * Playwright's Chromium for the calling test file: launched before its first test, closed after
 * its last. Returns a getter for the browser.
 */
export function chromiumPerFile() {
  let browser;
  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: browserPaths.chromium, args: CHROMIUM_ARGS });
  });
  after(() => browser?.close());
  return () => browser;
}
