// Every page the main navigation reaches, for each demo role: the shared page
// contract (one h1, a title, the skip link, lang), axe-core with no serious or
// critical violation, no sideways scroll at 360 px, and screenshots at desktop
// and phone width in build/e2e-screenshots/ (ROLE-PAGE-desktop.png, -phone.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES, startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, mainNavigationPaths, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

// "/areas/ar_…/people" → "people"; "/account" → "account".
function pageName(path, areaId) {
  return path.replace(`/areas/${areaId}/`, '').replace(/^\/+|\/+$/g, '').replace(/\//g, '-') || 'home';
}

for (const role of ROLES) {
  test(`every page of the ${role}'s navigation`, { timeout: 300_000 }, async (t) => {
    const page = await newPage(chromium.browser, kith.url);
    await page.goto('/sign-in');
    await signIn(page, kith.accounts[role]);
    const paths = await mainNavigationPaths(page);
    assert.ok(paths.length > 0, `the ${role}'s main navigation links to no page`);
    for (const path of paths) {
      await t.test(`${role}: ${path}`, async () => {
        await page.goto(path);
        await settled(page);
        const what = `${path} (${role})`;
        assert.equal(await page.locator('h1').count(), 1, `${what} has not exactly one h1`);
        assert.match(await page.title(), /^.+ – (.+ – )?kith$/, `${what}: title "${await page.title()}"`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'en-GB', what);
        assert.equal(await page.getByRole('link', { name: 'Skip to main content' }).getAttribute('href'), '#main', what);
        assert.equal(await page.locator('main#main').count(), 1, `${what} has no <main id="main">`);
        await checkAxe(page, what);
        await noSideScroll(page, what);
        await screenshot(page, `${role}-${pageName(path, kith.area.id)}`);
      });
    }
    page.assertNoConsoleErrors();
    await page.closeAll();
  });
}
