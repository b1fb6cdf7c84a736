// Debian's Chromium, driven by playwright-core (no browser is downloaded), and
// the checks every page test shares: sign-in through the form, no console
// error, axe-core, no sideways scroll at 360 px, screenshots.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './kith.mjs';

export const CHROMIUM = process.env.KITH_CHROMIUM || '/usr/bin/chromium';
// The flags of the project brief, and nothing else but what playwright needs
// to talk to the browser (the pipe) and the fresh profile.
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
export const screenshotDir = resolve(repoRoot, process.env.KITH_BUILD || 'build', 'e2e-screenshots');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Resolves to { browser, close() }; close() also removes the profile folder.
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'kith-e2e-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    ignoreDefaultArgs: true,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-startup-window'],
    timeout: 60_000,
  });
  const close = async () => {
    await browser.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

// Chromium logs every 4xx answer to a script's request as a console error. One
// is how the app works: /api/v1/session answers 401 when nobody is signed in
// (or the password was wrong). Nothing else is let through.
const EXPECTED_CONSOLE_ERRORS = [
  { text: /^Failed to load resource: the server responded with a status of 401\b/, url: /\/api\/v1\/session$/ },
];

// A new context (its own cookies) and page, with every console error and page
// error collected: assertNoConsoleErrors() fails the test on any.
export async function newPage(browser, baseURL, viewport = DESKTOP) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-GB' });
  // A page that does not show what a test waits for fails in seconds, not half a minute.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const errors = [];
  // Statuses a test declares it causes on purpose (a form sent with a bad value
  // gets a 400): page.expectStatus(400, /\/api\/v1\/areas\/[^/]+\/people$/) lets
  // Chromium's "Failed to load resource" line for that status and URL through, nothing else.
  const declared = [];
  page.expectStatus = (status, url) => declared.push({
    text: new RegExp(`^Failed to load resource: the server responded with a status of ${Number(status)}\\b`), url,
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const source = m.location().url || '';
    if ([...EXPECTED_CONSOLE_ERRORS, ...declared].some((e) => e.text.test(m.text()) && e.url.test(source))) return;
    errors.push(`console error: ${m.text()} (${source || 'no source'})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // Requests still waiting for their answer. Playwright's "networkidle" waits
  // for every body to be read too, and a body the app never reads (a 401's)
  // would keep it waiting for ever; an answer's arrival is what counts here.
  const waiting = new Set();
  let lastChange = Date.now();
  const done = (r) => { waiting.delete(r); lastChange = Date.now(); };
  // The favicon is left out: Chromium fetches it for the tab, not the page,
  // and under load its answer has been seen to reach no event for 20 s (a
  // CI run in session 9), which held up a page that had long settled.
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/favicon.svg') return;
    waiting.add(r);
    lastChange = Date.now();
  });
  page.on('response', (r) => done(r.request()));
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.quiet = async (quietMs = 400, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (waiting.size > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > deadline)
        throw new Error(`${page.url()}: still waiting for ${[...waiting].map((r) => r.url()).join(', ')} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  page.assertNoConsoleErrors = () =>
    assert.deepEqual(errors, [], `the JavaScript console showed errors on ${page.url()}:\n${errors.join('\n')}`);
  page.closeAll = () => context.close();
  return page;
}

// Waits until a page has settled: loaded, no request waiting for 400 ms, and its <h1> shown.
export async function settled(page) {
  await page.waitForLoadState('load');
  await page.quiet();
  await page.locator('h1').first().waitFor({ state: 'visible' });
}

// Signs in through the sign-in form (labels "Username" and "Password", button
// "Sign in"); the page must leave /sign-in.
export async function signIn(page, account, { path = '/' } = {}) {
  if (!new URL(page.url() === 'about:blank' ? 'http://x/' : page.url()).pathname.startsWith('/sign-in'))
    await page.goto(path);
  await page.getByLabel('Username', { exact: true }).waitFor();
  await page.getByLabel('Username', { exact: true }).fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 15_000 });
  await settled(page);
}

// axe-core in the page. Its source goes in through evaluation (the CSP refuses
// an injected <script>; evaluation by the driver is not subject to it). Fails
// on any serious or critical violation, listing each with the elements.
export async function checkAxe(page, what = page.url()) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad
    .map((v) => `- ${v.impact}: ${v.id} (${v.help}, ${v.url})\n${v.nodes.map((n) => `    ${n}`).join('\n')}`)
    .join('\n');
  assert.equal(bad.length, 0, `axe-core found ${bad.length} serious or critical violations on ${what}:\n${text}`);
}

// At 360 px wide nothing may make the page scroll sideways.
export async function noSideScroll(page, what = page.url()) {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.quiet();
  const { scroll, client, wide } = await page.evaluate(() => {
    const root = document.documentElement;
    const over = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`);
    return { scroll: root.scrollWidth, client: root.clientWidth, wide: over };
  });
  if (before) await page.setViewportSize(before);
  assert.ok(scroll <= client, `${what} scrolls sideways at 360 px (${scroll} px wide in ${client}); too wide: ${wide.join(', ')}`);
}

// Full-page screenshots at desktop and phone width, kept as test artefacts:
// build/e2e-screenshots/NAME-desktop.png and NAME-phone.png.
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  const safe = name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await page.quiet();
    await page.screenshot({ path: join(screenshotDir, `${safe}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

// The same-origin pages the main navigation links to, as paths, once each.
export async function mainNavigationPaths(page) {
  const nav = page.locator('nav[aria-label="Main"]');
  await nav.waitFor();
  const hrefs = await nav.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const origin = new URL(page.url()).origin;
  return [...new Set(hrefs.filter((h) => new URL(h).origin === origin).map((h) => new URL(h).pathname + new URL(h).search))];
}
