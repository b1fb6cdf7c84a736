// Signing in through the form: a deep link signed out goes to the sign-in page
// and, once signed in, opens the page asked for; a wrong password says so;
// every demo role can sign in and lands on a page of its own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES, startKith } from './lib/kith.mjs';
import { launchBrowser, newPage, settled, signIn } from './lib/browser.mjs';

let kith, chromium;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

test('a deep link signed out asks to sign in, then opens the page asked for', { timeout: 90_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  const wanted = `/areas/${kith.area.id}/people`;
  await page.goto(wanted);
  await page.waitForURL((u) => u.pathname === '/sign-in');
  assert.equal(new URL(page.url()).searchParams.get('next'), wanted);
  await signIn(page, kith.accounts.admin);
  assert.equal(new URL(page.url()).pathname, wanted);
  assert.match(await page.title(), / – kith$/);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a wrong password shows an error and signs nobody in', { timeout: 90_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await page.getByLabel('Username', { exact: true }).fill(kith.accounts.researcher.username);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Announced to screen readers (role="alert"), in words that say what went wrong.
  const error = page.getByRole('alert').filter({ hasText: /\S/ });
  await error.first().waitFor({ state: 'visible' });
  assert.match(await error.first().innerText(), /password/i);
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  const who = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(who, 401);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

for (const role of ROLES) {
  test(`${role} signs in and lands on their first page`, { timeout: 90_000 }, async () => {
    const page = await newPage(chromium.browser, kith.url);
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signIn(page, kith.accounts[role]);
    const landed = new URL(page.url()).pathname;
    // The first page the role may see (docs/security.md): the dashboard needs
    // the summary (admin, researcher, commissioner); link workers, brokers and
    // coordinators see the directory; a member their own record.
    const first = { member: 'me', link_worker: 'groups', broker: 'groups', coordinator: 'groups' };
    const expected = `/areas/${kith.area.id}/${first[role] || 'dashboard'}`;
    assert.equal(landed, expected);
    await page.goto('/account');
    await settled(page);
    await page.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    page.assertNoConsoleErrors();
    await page.closeAll();
  });
}
