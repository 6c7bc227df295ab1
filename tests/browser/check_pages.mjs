// Checks txng's server-rendered pages in a real browser: Debian's Chromium (/usr/bin/chromium),
// driven by playwright-core. No browser is downloaded.
//
// Usage: node check_pages.mjs SPEC.json
//
// SPEC.json:
//   {
//     "outDir": "/path/for/screenshots",       // created when missing; <name>.png per page
//     "timeoutMs": 20000,                      // optional: the bound for each page (default 20 s)
//     "pages": [
//       {
//         "name": "unknown-code-360",          // letters, digits, '.', '_', '-': the screenshot's name
//         "url": "http://127.0.0.1:PORT/01/...",
//         "viewport": {"width": 360, "height": 740},   // default 360x740
//         "headers": {"Accept-Language": "vi"},        // extra request headers (every request)
//         "javaScript": false,                 // default false: the pages must work without it
//         "expect": {                          // every key optional; an unknown key is an error
//           "status": 404,                     // HTTP status of the main document
//           "lang": "vi",                      // <html lang>
//           "title": "...",                    // document.title, exactly
//           "texts": ["..."],                  // each in the visible text (body.innerText)
//           "notTexts": ["..."],               // none in the visible text
//           "selectors": ["form[action]"],     // each matches at least one element
//           "notSelectors": ["script"],        // none matches any element
//           "maxBytes": 51200,                 // document + every subresource, as transferred
//           "noHorizontalScroll": true,        // scrollingElement.scrollWidth <= viewport width
//           "evalTrue": ["expr"],              // each JavaScript expression evaluates to true
//           "evalFalse": ["window.__pwned === 1"]  // each evaluates to false
//         }
//       }
//     ]
//   }
//
// Prints one JSON line per page ({"page", "ok", "ms", "status", ..., "failures": [...]}), then,
// for each failed expectation, a line "FAIL <page>: <expectation>: expected ..., got ...", and a
// last summary line. Exit code: 0 when every expectation of every page holds, 1 when any fails,
// 2 when the spec cannot be used or the browser cannot start. The browser is always closed.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const kChromium = '/usr/bin/chromium';
const kArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const kDefaultTimeoutMs = 20000;
const kDefaultViewport = { width: 360, height: 740 };
const kExpectations = new Set([
  'status', 'lang', 'title', 'texts', 'notTexts', 'selectors', 'notSelectors', 'maxBytes',
  'noHorizontalScroll', 'evalTrue', 'evalFalse',
]);
const kPageKeys = new Set(['name', 'url', 'viewport', 'headers', 'javaScript', 'expect']);

class SpecError extends Error {}

function readSpec(file) {
  let spec;
  try {
    spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError(`cannot read the spec ${file}: ${e.message}`);
  }
  if (typeof spec !== 'object' || spec === null) throw new SpecError('the spec is not an object');
  if (typeof spec.outDir !== 'string' || spec.outDir === '') throw new SpecError('outDir: a directory is needed');
  if (!Array.isArray(spec.pages) || spec.pages.length === 0) throw new SpecError('pages: at least one page is needed');
  const names = new Set();
  for (const [i, page] of spec.pages.entries()) {
    const where = `pages[${i}]`;
    if (typeof page !== 'object' || page === null) throw new SpecError(`${where}: not an object`);
    for (const key of Object.keys(page)) {
      if (!kPageKeys.has(key)) throw new SpecError(`${where}: unknown key "${key}"`);
    }
    if (typeof page.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(page.name)) {
      throw new SpecError(`${where}.name: letters, digits, '.', '_' and '-' only`);
    }
    if (names.has(page.name)) throw new SpecError(`${where}.name: "${page.name}" is used twice`);
    names.add(page.name);
    if (typeof page.url !== 'string' || !/^https?:\/\//.test(page.url)) throw new SpecError(`${where}.url: an http URL is needed`);
    const vp = page.viewport ?? kDefaultViewport;
    if (!Number.isInteger(vp.width) || !Number.isInteger(vp.height) || vp.width <= 0 || vp.height <= 0) {
      throw new SpecError(`${where}.viewport: {"width", "height"} in whole pixels`);
    }
    for (const key of Object.keys(page.expect ?? {})) {
      if (!kExpectations.has(key)) throw new SpecError(`${where}.expect: unknown expectation "${key}"`);
    }
  }
  return spec;
}

// A list from a string or an array of strings.
function list(v) {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkPage(browser, page, outDir, timeoutMs) {
  const viewport = page.viewport ?? kDefaultViewport;
  const expect = page.expect ?? {};
  const result = { page: page.name, ok: false, ms: 0, url: page.url };
  const failures = [];
  const fail = (expectation, expected, actual) => failures.push({ expectation, expected, actual });
  const started = Date.now();
  const context = await browser.newContext({
    viewport,
    javaScriptEnabled: page.javaScript === true,
    extraHTTPHeaders: page.headers ?? {},
    serviceWorkers: 'block',
  });
  const finished = [];
  const failed = [];
  try {
    context.setDefaultTimeout(timeoutMs);
    context.setDefaultNavigationTimeout(timeoutMs);
    const tab = await context.newPage();
    let inFlight = 0;
    tab.on('request', () => ++inFlight);
    tab.on('requestfinished', (request) => {
      --inFlight;
      finished.push(request);
    });
    tab.on('requestfailed', (request) => {
      --inFlight;
      failed.push(`${request.url()}: ${request.failure()?.errorText ?? '?'}`);
    });

    const work = async () => {
      const response = await tab.goto(page.url, { waitUntil: 'load' });
      // Late subresources (fonts, lazy images): wait briefly for the network to settle.
      if (inFlight > 0) {
        await tab.waitForLoadState('networkidle', { timeout: Math.min(5000, timeoutMs) }).catch(() => {});
      }

      result.status = response ? response.status() : null;
      // Evaluated in Playwright's own script world, so it works with the page's JavaScript off.
      const facts = await tab.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang'),
        title: document.title,
        text: document.body ? document.body.innerText : '',
        scrollWidth: (document.scrollingElement || document.documentElement).scrollWidth,
      }));
      result.lang = facts.lang;
      result.title = facts.title;
      result.scrollWidth = facts.scrollWidth;

      let bytes = 0;
      for (const request of finished) {
        const sizes = await request.sizes();
        bytes += Math.max(0, sizes.responseBodySize) + Math.max(0, sizes.responseHeadersSize);
      }
      result.bytes = bytes;
      result.requests = finished.length;
      if (failed.length > 0) result.failedRequests = failed;

      if ('status' in expect && result.status !== expect.status) fail('status', expect.status, result.status);
      if ('lang' in expect && facts.lang !== expect.lang) fail('lang', expect.lang, facts.lang);
      if ('title' in expect && facts.title !== expect.title) fail('title', expect.title, facts.title);
      for (const t of list(expect.texts)) {
        if (!facts.text.includes(t)) fail('texts', t, 'not in the visible text');
      }
      for (const t of list(expect.notTexts)) {
        if (facts.text.includes(t)) fail('notTexts', t, 'in the visible text');
      }
      for (const s of list(expect.selectors)) {
        const n = await tab.locator(s).count();
        if (n === 0) fail('selectors', s, 'no element');
      }
      for (const s of list(expect.notSelectors)) {
        const n = await tab.locator(s).count();
        if (n > 0) fail('notSelectors', s, `${n} element(s)`);
      }
      if ('maxBytes' in expect && !(bytes < expect.maxBytes)) {
        fail('maxBytes', `< ${expect.maxBytes}`, `${bytes} bytes in ${finished.length} response(s)`);
      }
      if (expect.noHorizontalScroll === true && facts.scrollWidth > viewport.width) {
        fail('noHorizontalScroll', `scrollWidth <= ${viewport.width}`, facts.scrollWidth);
      }
      for (const [kind, want] of [['evalTrue', true], ['evalFalse', false]]) {
        for (const expr of list(expect[kind])) {
          let got;
          try {
            got = await tab.evaluate((source) => (0, eval)(source), expr);
          } catch (e) {
            got = `threw ${e.message.split('\n')[0]}`;
          }
          if (got !== want) fail(kind, `${expr} is ${want}`, got === undefined ? 'undefined' : got);
        }
      }

      const shot = path.join(outDir, `${page.name}.png`);
      await tab.screenshot({ path: shot, fullPage: true });
      result.screenshot = shot;
    };
    const working = work();
    working.catch(() => {});  // reported through the race below; never an unhandled rejection
    await withTimeout(working, timeoutMs, 'page');
  } catch (e) {
    fail('load', 'the page loads and is checked in time', e.message.split('\n')[0]);
  } finally {
    await context.close().catch(() => {});
  }
  result.ms = Date.now() - started;
  result.failures = failures;
  result.ok = failures.length === 0;
  return result;
}

async function main() {
  if (process.argv.length !== 3) {
    console.log('usage: node check_pages.mjs SPEC.json');
    return 2;
  }
  let spec;
  try {
    spec = readSpec(process.argv[2]);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    console.log(`check_pages: ${e.message}`);
    return 2;
  }
  const timeoutMs = Number.isInteger(spec.timeoutMs) && spec.timeoutMs > 0 ? spec.timeoutMs : kDefaultTimeoutMs;
  fs.mkdirSync(spec.outDir, { recursive: true });

  // Whatever happens, the process ends in bounded time (Playwright kills its browser on exit).
  const watchdog = setTimeout(() => {
    console.log('check_pages: FAIL the whole run took too long; stopping');
    process.exit(1);
  }, 30000 + timeoutMs * (spec.pages.length + 1));
  watchdog.unref();

  let browser;
  try {
    // chromium.launch gives the browser a new, empty profile in a temporary directory and
    // removes it on close.
    browser = await chromium.launch({ executablePath: kChromium, args: kArgs, timeout: timeoutMs });
  } catch (e) {
    console.log(`check_pages: cannot start ${kChromium}: ${e.message.split('\n')[0]}`);
    return 2;
  }
  const results = [];
  try {
    for (const page of spec.pages) {
      const r = await checkPage(browser, page, spec.outDir, timeoutMs);
      results.push(r);
      console.log(JSON.stringify(r));
    }
  } finally {
    await browser.close().catch(() => {});
  }
  let failedPages = 0;
  for (const r of results) {
    if (r.ok) continue;
    ++failedPages;
    for (const f of r.failures) {
      console.log(`FAIL ${r.page}: ${f.expectation}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`);
    }
  }
  console.log(`check_pages: ${results.length - failedPages} of ${results.length} page(s) hold every expectation`);
  return failedPages === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`check_pages: ${e.stack ?? e}`);
    process.exit(2);
  },
);
