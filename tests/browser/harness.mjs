// What every browser scenario file shares: Debian's chromium started with a
// fresh profile, playwright-core connected over DevTools, and a page that
// records console errors, CSP violations and non-loopback requests.
// run.mjs (the public site) and admin.mjs (the admin panel) import it.

import { chromium, request as apiRequest } from 'playwright-core';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
if (!base.startsWith('http://127.0.0.1:') && !base.startsWith('http://localhost:')) {
  console.error('usage: node run.mjs http://127.0.0.1:PORT (loopback only)');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
export const shots = resolve(process.env.SCREENSHOT_DIR || join(here, '..', '..', 'target', 'browser-screenshots'));
mkdirSync(shots, { recursive: true });
export const BUDGET = 100 * 1024; // home page HTML+CSS+JS, compressed bytes on the wire

// Chromium is started here, with a fresh profile and the flags below, and
// playwright-core connects to it over the DevTools protocol (Playwright's own
// launcher refuses a caller-chosen --user-data-dir).
// A hung browser must not hang cargo test: give up after three minutes.
setTimeout(() => { console.error('browser scenarios timed out after 180 s'); process.exit(1); }, 180_000).unref();

const profile = mkdtempSync(join(tmpdir(), 'chloro-chromium-'));
const chromiumProcess = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', `--user-data-dir=${profile}`, '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });
const stopChromium = () => { try { chromiumProcess.kill('SIGKILL'); } catch { /* already gone */ } };
process.on('exit', () => {
  stopChromium();
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* chromium still writing */ }
});
const wsEndpoint = await new Promise((resolveWs, reject) => {
  let log = '';
  const timer = setTimeout(() => reject(new Error(`chromium did not start:\n${log}`)), 30000);
  chromiumProcess.stderr.on('data', (chunk) => {
    log += chunk;
    const m = log.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) { clearTimeout(timer); resolveWs(m[1]); }
  });
  chromiumProcess.on('exit', (code) => reject(new Error(`chromium exited with ${code}:\n${log}`)));
});
chromiumProcess.stderr.resume();
export const browser = await chromium.connectOverCDP(wsEndpoint);

export const problems = []; // console errors, CSP violations, failed or foreign requests, per test
const results = [];
export const allowStatus = new Set(); // HTTP errors the current step expects
let current = null; // the page a failure screenshot is taken of

export async function newPage({ locale = 'en-US', viewport = { width: 1280, height: 900 }, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true, javaScriptEnabled });
  const page = await context.newPage();
  current = page;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // A response the scenario asked for (a 404 page, a 400 from the API) is
    // logged by chromium as a failed resource; only those are tolerated.
    const m = msg.text().match(/^Failed to load resource: the server responded with a status of (\d+)/);
    if (m && allowStatus.has(Number(m[1]))) return;
    problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`third-party request: ${url}`);
    }
  });
  // CSP violations are reported to the page as events; collect them.
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { context, page };
}

export async function noViolations(page) {
  const csp = await page.evaluate(() => window.__csp || []);
  assert.deepEqual(csp, [], `CSP violations on ${page.url()}`);
}

export async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

export async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('#page-title');
}

export async function test(name, fn) {
  const start = Date.now();
  problems.length = 0;
  allowStatus.clear();
  try {
    await fn();
    assert.deepEqual(problems, [], 'console errors, CSP violations or foreign requests');
    results.push([name, 'ok', Date.now() - start]);
    console.log(`ok   ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push([name, 'FAIL', Date.now() - start]);
    await current?.screenshot({ path: join(shots, `FAILED-${basename(process.argv[1] || "run", ".mjs")}-${results.length}.png`), fullPage: true }).catch(() => {});
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
}

export { apiRequest };

// Closes the browser, prints the summary and exits non-zero on a failure.
export async function finish() {
  await browser.close();
  const exited = new Promise((r) => chromiumProcess.once('exit', r));
  stopChromium();
  await exited;
  const failed = results.filter(([, r]) => r !== 'ok');
  console.log(`${results.length - failed.length}/${results.length} browser scenarios passed; screenshots in ${shots}`);
  process.exit(failed.length ? 1 : 0);
}
