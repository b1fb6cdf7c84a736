// The network map (/areas/:area/map): its stated counts are the layout API's, its
// list view lists every person the map draws, search finds a person by name and
// opens their panel, it passes axe and fits 360 px; roles without network detail
// get no link to it and are told they cannot see it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, mainNavigationPaths, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium;
before(async () => {
  kith = await startKith();
  chromium = await launchBrowser();
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

// "2,000 people and 5,726 ties", written by hand from the numbers, not by the page's code.
const enGB = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

async function openMap(page) {
  await page.goto(`/areas/${kith.area.id}/map`);
  await settled(page);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
}

test('the map states the layout answer\'s counts, lists every person and finds one by name', { timeout: 240_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  const paths = await mainNavigationPaths(page);
  assert.ok(paths.includes(`/areas/${kith.area.id}/map`), `no "Network map" link in ${paths.join(', ')}`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Network map', exact: true }).click();
  await settled(page);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.title(), `Network map – ${kith.area.name} – kith`);

  // The layout API, fetched with the page's own cookies.
  const answer = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`);
  assert.equal(answer.status(), 200);
  const layout = await answer.json();
  assert.equal(layout.aggregated, false);
  assert.ok(layout.people > 1000, `only ${layout.people} people laid out`);
  const sentence = (await page.getByTestId('map-counts').textContent()).trim();
  assert.equal(sentence, `Showing ${enGB(layout.people)} people and ${enGB(layout.ties)} ties.`);
  assert.equal(await page.locator('[data-testid="map-canvas"]').getAttribute('aria-hidden'), 'true');
  await checkAxe(page, 'the network map');
  await noSideScroll(page, 'the network map');
  await screenshot(page, 'map');

  // Search by a name the register holds (read through the API, not the page).
  const names = await page.request.get(`/api/v1/areas/${kith.area.id}/people?limit=5`).then((r) => r.json());
  const laid = new Set(layout.nodes.map((n) => n.id));
  const target = names.items.find((p) => laid.has(p.id));
  assert.ok(target, 'none of the first five people is on the map');
  await page.getByLabel('Find a person on the map').fill(target.display_name);
  await page.getByRole('list', { name: 'Matches' }).getByRole('button', { name: target.display_name, exact: true }).first().click();
  const panel = page.locator('aside.map-panel');
  await panel.getByRole('heading', { name: target.display_name }).waitFor();
  const profile = panel.getByRole('link', { name: /^Open profile/ });
  assert.equal(await profile.getAttribute('href'), `/areas/${kith.area.id}/people/${target.id}`);
  await checkAxe(page, 'the network map with a person chosen');

  // The list view: as many rows, over its pages, as people laid out.
  await page.getByRole('button', { name: 'List', exact: true }).click();
  const table = page.locator('table.map-table');
  await table.waitFor();
  let rows = 0;
  for (let guard = 0; guard < 200; ++guard) {
    rows += await table.locator('tbody tr').count();
    const next = page.getByRole('button', { name: 'Next page', exact: true });
    if (await next.isDisabled()) break;
    await next.click();
  }
  assert.equal(rows, layout.people, 'the list view does not list everyone the map draws');
  // Sorting by contacts, fewest first, puts a person with no ties on top.
  await table.getByRole('button', { name: 'Contacts' }).click();
  assert.equal(await table.locator('th[aria-sort="ascending"]').textContent().then((t) => t.trim().replace(/\s*▲$/, '')), 'Contacts');
  await checkAxe(page, 'the network map\'s list view');
  await noSideScroll(page, 'the network map\'s list view');
  await screenshot(page, 'map-list');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('the filters reach the engine: one tie kind gives the layout answer for that kind', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.admin);
  await openMap(page);
  const asked = page.waitForRequest((r) => r.url().includes('/network/layout?kind=family'));
  await page.getByLabel('Family', { exact: true }).check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await asked;
  await page.quiet();
  const layout = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout?kind=family`).then((r) => r.json());
  const sentence = (await page.getByTestId('map-counts').textContent()).trim();
  assert.equal(sentence, `Showing ${enGB(layout.people)} people and ${enGB(layout.ties)} ties.`);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

for (const role of ['commissioner', 'link_worker']) {
  test(`a ${role} gets no map link and is told they cannot see the map`, { timeout: 60_000 }, async () => {
    const page = await newPage(chromium.browser, kith.url);
    await page.goto('/sign-in');
    await signIn(page, kith.accounts[role]);
    const paths = await mainNavigationPaths(page);
    assert.ok(!paths.some((p) => p.endsWith('/map')), `${role} has a map link: ${paths.join(', ')}`);
    await page.goto(`/areas/${kith.area.id}/map`);
    await settled(page);
    assert.equal((await page.locator('h1').textContent()).trim(), 'You cannot see this page');
    page.assertNoConsoleErrors();
    await page.closeAll();
  });
}
