// The page and its files as kith serve hands them to a browser: the
// Content-Security-Policy and no-store on the page, hashed assets cached for a
// year, an app URL opening the app (docs/api.md, "The web front end").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const HASHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

let kith, chromium;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

test('the page carries its CSP and no-store, and its hashed files are cached immutably', { timeout: 90_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  const responses = [];
  page.on('response', (r) => responses.push(r));
  const main = await page.goto('/sign-in');
  await page.locator('h1').first().waitFor();
  await page.quiet();
  assert.equal(main.status(), 200);
  const h = main.headers();
  assert.equal(h['content-security-policy'], CSP);
  assert.equal(h['cache-control'], 'no-store');
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.match(h['content-type'], /^text\/html; charset=utf-8$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB');

  const assets = responses.filter((r) => new URL(r.url()).origin === kith.url && HASHED.test(new URL(r.url()).pathname));
  assert.ok(assets.some((r) => r.url().endsWith('.js')), `the page loaded no hashed script: ${responses.map((r) => r.url()).join(', ')}`);
  for (const r of assets) {
    assert.equal(r.status(), 200, r.url());
    assert.equal(r.headers()['cache-control'], 'public, max-age=31536000, immutable', r.url());
    assert.equal(r.headers()['content-security-policy'], CSP, r.url());
    if (/\.(js|css)$/.test(r.url())) assert.equal(r.headers()['content-encoding'], 'gzip', `${r.url()} went out uncompressed`);
  }
  for (const r of responses.filter((r) => new URL(r.url()).pathname.startsWith('/api/')))
    assert.equal(r.headers()['cache-control'], 'no-store', r.url());
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('an app URL answers the page; a missing script and an unknown API route stay 404', { timeout: 90_000 }, async () => {
  const deep = await fetch(`${kith.url}/areas/${kith.area.id}/people`);
  assert.equal(deep.status, 200);
  assert.match(deep.headers.get('content-type'), /^text\/html/);
  assert.equal(deep.headers.get('cache-control'), 'no-store');
  const index = await (await fetch(`${kith.url}/`)).text();
  assert.equal(await deep.text(), index);
  const script = await fetch(`${kith.url}/assets/gone-AAAAAAAA.js`);
  assert.equal(script.status, 404);
  assert.match(script.headers.get('content-type'), /^application\/json/);
  const api = await fetch(`${kith.url}/api/v1/nowhere`);
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, 'not_found');
});
