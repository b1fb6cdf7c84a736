// The Users page in a real browser against a real kith serve on demo data:
// (a) the demo admin adds a user, sees the one-time password once, and the new
//     user signs in with it in a fresh browser context; the admin disables
//     them and their open session is refused at once;
// (b) a researcher cannot open the page ("You cannot see this page") and the
//     API answers them 403;
// (c) the page passes axe-core, does not scroll sideways at 360 px, and is
//     photographed at desktop and phone width; no console errors throughout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); area = `/areas/${kith.area.id}`; }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiUsers = () => `${kith.url}/api/v1/areas/${kith.area.id}/users`;

// Signs in through the API and returns the session cookie ("kith_session=…").
async function cookieOf(username, password) {
  const r = await fetch(`${kith.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(r.status, 200, `log-in as ${username}: ${r.status}`);
  return (r.headers.get('set-cookie') || '').split(';')[0];
}

test('the admin adds a user, who signs in with the one-time password, and disabling them ends their session', { timeout: 180_000 }, async () => {
  const admin = await newPage(chromium.browser, kith.url);
  await admin.goto('/sign-in');
  await signIn(admin, kith.accounts.admin);
  await admin.goto(`${area}/users`);
  await settled(admin);
  assert.equal(await admin.title(), `Users – ${kith.area.name} – kith`);
  assert.equal((await admin.locator('h1').textContent()).trim(), 'Users');
  // The demo's own accounts are listed with their roles here.
  await admin.getByRole('cell', { name: kith.accounts.researcher.username, exact: true }).waitFor();

  const username = 'e2e-newcomer';
  await admin.getByLabel('Username', { exact: true }).fill(username);
  await admin.getByLabel('Name (optional)', { exact: true }).fill('Eve Newcomer');
  await admin.getByLabel('What they may do here', { exact: true }).selectOption('researcher');
  await admin.getByRole('button', { name: 'Add the user', exact: true }).click();
  const panel = admin.getByRole('region', { name: `One-time password for ${username}` });
  await panel.waitFor();
  const password = (await panel.locator('code').textContent()).trim();
  assert.match(password, /^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/, 'a readable one-time password');
  await panel.getByText('shown only this once', { exact: false }).waitFor();
  await settled(admin);
  await admin.getByRole('cell', { name: username, exact: true }).waitFor();
  await checkAxe(admin, 'Users with the one-time password');
  await noSideScroll(admin, 'Users with the one-time password');
  await screenshot(admin, 'users-one-time-password');

  // The new user, in a browser context of their own.
  const newcomer = await newPage(chromium.browser, kith.url);
  await newcomer.goto('/sign-in');
  await signIn(newcomer, { username, password });
  assert.match(new URL(newcomer.url()).pathname, new RegExp(`^${area}/`), 'the researcher lands in the area');

  // Once passed on, the password is gone from the page.
  await panel.getByRole('button', { name: 'I have passed it on', exact: true }).click();
  assert.equal(await admin.getByRole('region', { name: /^One-time password/ }).count(), 0);

  // The admin disables them: their open session is refused on its next request.
  await admin.getByRole('button', { name: `Change ${username}`, exact: true }).click();
  const manage = admin.getByRole('region', { name: `Change Eve Newcomer (${username})` });
  await manage.waitFor();
  await checkAxe(admin, 'Users with a user being changed');
  await noSideScroll(admin, 'Users with a user being changed');
  await screenshot(admin, 'users-change');
  await manage.getByRole('button', { name: 'Disable the account', exact: true }).click();
  await manage.getByText(`${username} is disabled and signed out everywhere.`, { exact: true }).waitFor();
  await settled(admin);
  const row = admin.getByRole('row').filter({ has: admin.getByRole('cell', { name: username, exact: true }) });
  await row.getByText('Disabled', { exact: true }).waitFor();

  // Their page's next call is a 401: the app sends them to sign in.
  newcomer.expectStatus(401, /\/api\/v1\//);
  await newcomer.goto(`${area}/people`);
  await newcomer.waitForURL((u) => u.pathname === '/sign-in', { timeout: 15_000 });
  // And the password no longer opens a session.
  const again = await fetch(`${kith.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  assert.equal(again.status, 401);

  admin.assertNoConsoleErrors();
  newcomer.assertNoConsoleErrors();
  await admin.closeAll();
  await newcomer.closeAll();
});

test('the admin cannot disable themselves, and the page says why in plain words', { timeout: 120_000 }, async () => {
  const admin = await newPage(chromium.browser, kith.url);
  await admin.goto('/sign-in');
  await signIn(admin, kith.accounts.admin);
  await admin.goto(`${area}/users`);
  await settled(admin);
  const me = kith.accounts.admin.username;
  await admin.getByRole('button', { name: `Change ${me}`, exact: true }).click();
  const manage = admin.getByRole('region', { name: new RegExp(`\\(${me}\\)$`) });
  await manage.waitFor();
  assert.equal(await manage.getByRole('button', { name: 'Disable the account', exact: true }).count(), 0);
  await manage.getByText('You cannot disable your own account.', { exact: true }).waitFor();
  // The demo admin is the area's only admin: removing the role is refused by the server.
  admin.expectStatus(409, /\/users\/[^/]+\/roles\/admin$/);
  await manage.getByRole('button', { name: 'Remove the role Administrator', exact: true }).click();
  await manage.getByRole('alert').getByText(/last enabled admin of area/).waitFor();
  admin.assertNoConsoleErrors();
  await admin.closeAll();
});

test('a researcher cannot open the Users page, and the API refuses them', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/users`);
  await settled(page);
  assert.equal((await page.locator('h1').textContent()).trim(), 'You cannot see this page');
  const nav = page.locator('nav[aria-label="Main"]');
  assert.equal(await nav.getByRole('link', { name: 'Users', exact: true }).count(), 0, 'no Users link for a researcher');
  page.assertNoConsoleErrors();
  await page.closeAll();

  const cookie = await cookieOf(kith.accounts.researcher.username, kith.accounts.researcher.password);
  const r = await fetch(apiUsers(), { headers: { Cookie: cookie } });
  assert.equal(r.status, 403);
  const body = await r.json();
  assert.match(body.error.message, /^Your roles do not allow this/);
});
