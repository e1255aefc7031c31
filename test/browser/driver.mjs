// Two browser drivers behind one small interface, so that the same cases run in Chromium
// (playwright-core, Debian's /usr/bin/chromium) and in Firefox ESR (puppeteer-core over WebDriver
// BiDi, WebCodecs switched off by prefs: a real browser without WebCodecs).
//
//   const browser = await launchBrowser('chromium' | 'firefox');
//   const page = await browser.openHarness(url);   // waits for window.harness
//   page.info; await page.run('decodeVideo', {...}); page.logs; page.requests; await page.close();
//   await browser.close();

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const FIREFOX_PREFS = {
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

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPaths.firefox,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    protocolTimeout: 180_000,
  });
  return {
    name: 'firefox',
    openHarness: (url) =>
      openHarness(browser, url, (page, name, params) => page.evaluate((n, p) => window.harness.run(n, p), name, params)),
    close: () => browser.close(),
  };
}

/** Launches 'chromium' or 'firefox'. */
export function launchBrowser(name) {
  if (name === 'chromium') return launchChromium();
  if (name === 'firefox') return launchFirefox();
  throw new Error(`unknown browser ${name}`);
}
