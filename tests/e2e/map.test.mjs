// The network map (/areas/:area/map): its stated counts are the layout API's, its
// list view lists every person the map draws, search finds a person by name and
// opens their panel, it passes axe and fits 360 px; colouring by a figure shows a key
// with the figure's range and the panel and list state the figure; the view lives in
// the address (a bookmark restores it, Back returns to the previous filter); above
// --layout-people-max the communities are drawn and one can be opened and left; roles
// without network detail get no link to it and are told they cannot see it.
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
// A figure as the key and the panel write it: whole from 100 up, else 3 significant figures.
const figure = (v) => (v === null ? 'No figure' : Math.abs(v) >= 100 ? enGB(Math.round(v)) : String(Number(v.toPrecision(3))));
const countsOf = (layout) => `Showing ${enGB(layout.people)} people and ${enGB(layout.ties)} ties.`;

// After a change of address the page fetches in an effect, which may start after the
// address changed: wait for the sentence itself (up to 30 s), then compare it exactly.
async function countsBecome(page, sentence) {
  const counts = page.getByTestId('map-counts');
  await page.locator('[data-testid="map-counts"]', { hasText: sentence }).waitFor({ timeout: 30_000 })
    .catch(async () => assert.fail(`the map says "${(await counts.textContent())?.trim()}", not "${sentence}"`));
  assert.equal((await counts.textContent()).trim(), sentence);
}

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

test('colour by a figure: the key says what it means and its range, the panel and the list state it', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await openMap(page);
  const [layout, network] = await Promise.all([
    page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`).then((r) => r.json()),
    page.request.get(`/api/v1/areas/${kith.area.id}/network`).then((r) => r.json()),
  ]);
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const drawn = layout.nodes.map((n) => byId.get(n.id)?.betweenness ?? 0);
  const [low, high] = [Math.min(...drawn), Math.max(...drawn)];

  await page.getByLabel('Colour by').selectOption('betweenness');
  await page.waitForURL((u) => u.searchParams.get('colour') === 'betweenness');
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor();
  const key = page.getByTestId('map-legend-metric');
  const means = (await key.locator('.map-legend__means').textContent()).replace(/\s+/g, ' ').trim();
  assert.equal(means, `Colour: how much this person connects others: low → to high (betweenness, ${figure(low)} to ${figure(high)}).`);
  // The shades' people add up to everyone drawn (no one has no betweenness).
  const shades = await key.getByRole('list').locator('li').allTextContents();
  assert.ok(shades.length >= 2 && shades.length <= 6, `${shades.length} shades`);
  const counted = shades.map((t) => Number(/\(([\d,]+) (?:person|people)\)/.exec(t)[1].replace(/,/g, ''))).reduce((a, b) => a + b, 0);
  assert.equal(counted, layout.people);
  await checkAxe(page, 'the network map coloured by betweenness');

  // The panel states the figure the colour stands for.
  const names = await page.request.get(`/api/v1/areas/${kith.area.id}/people?limit=20`).then((r) => r.json());
  const laid = new Set(layout.nodes.map((n) => n.id));
  const target = names.items.find((p) => laid.has(p.id) && byId.has(p.id));
  await page.getByLabel('Find a person on the map').fill(target.display_name);
  await page.getByRole('list', { name: 'Matches' }).getByRole('button', { name: target.display_name, exact: true }).first().click();
  await page.waitForURL((u) => u.searchParams.get('person') === target.id);
  const row = page.getByTestId('map-panel-metric');
  assert.equal((await row.locator('dt').textContent()).trim(), 'Betweenness');
  assert.equal((await row.locator('dd').textContent()).trim(), figure(byId.get(target.id).betweenness));

  // The list view has the figure as a column; sorted high first its top row is the highest.
  await page.getByRole('button', { name: 'List', exact: true }).click();
  const table = page.locator('table.map-table');
  await table.waitFor();
  const header = table.getByRole('button', { name: 'Betweenness' });
  await header.click();
  await header.click();
  assert.equal(await table.locator('th[aria-sort="descending"]').count(), 1);
  assert.equal((await table.locator('tbody tr').first().locator('td[data-label="Betweenness"]').textContent()).trim(), figure(high));
  await checkAxe(page, 'the list view with a figure column');
  await noSideScroll(page, 'the list view with a figure column');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('the address restores a view; a value not among the choices falls back to its default', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await page.goto(`/areas/${kith.area.id}/map?kind=friend,family&closeness=2&at=2026-06-01&colour=clustering&size=betweenness`);
  await settled(page);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByLabel('Family', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Friend', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Neighbour', { exact: true }).isChecked(), false);
  assert.equal(await page.getByLabel('Closeness at least').inputValue(), '2');
  assert.equal(await page.getByLabel('Ties valid on').inputValue(), '2026-06-01');
  assert.equal(await page.getByLabel('Colour by').inputValue(), 'clustering');
  assert.equal(await page.getByLabel('Size by').inputValue(), 'betweenness');
  await page.getByTestId('map-legend-metric').waitFor();
  // The person chosen comes back too, with their panel.
  const names = await page.request.get(`/api/v1/areas/${kith.area.id}/people?limit=20`).then((r) => r.json());
  const bookmarked = `/areas/${kith.area.id}/map?colour=closeness&person=`;
  const laidOut = new Set((await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`).then((r) => r.json())).nodes.map((n) => n.id));
  const someone = names.items.find((p) => laidOut.has(p.id));
  await page.goto(`${bookmarked}${someone.id}`);
  await page.locator('aside.map-panel').getByRole('heading', { name: someone.display_name }).waitFor({ timeout: 20_000 });
  assert.equal((await page.getByTestId('map-panel-metric').locator('dt').textContent()).trim(), 'Closeness centrality');
  await page.goto(`/areas/${kith.area.id}/map?kind=friend,family&closeness=2&at=2026-06-01&colour=clustering&size=betweenness`);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  // The stated counts are the API's under the same filters.
  const filtered = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout?kind=family,friend&min_closeness=2&at=2026-06-01`).then((r) => r.json());
  assert.equal((await page.getByTestId('map-counts').textContent()).trim(), countsOf(filtered));
  // How ties are known: the demo's come from a survey or a time bank exchange.
  await page.goto(`/areas/${kith.area.id}/map?evidence=timebank_exchange`);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByLabel('Time bank exchange', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Survey', { exact: true }).isChecked(), false);
  const exchanged = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout?evidence=timebank_exchange`).then((r) => r.json());
  const all = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`).then((r) => r.json());
  assert.ok(exchanged.ties > 0 && exchanged.ties < all.ties, `the filter keeps some ties, not all (${exchanged.ties} of ${all.ties})`);
  assert.equal((await page.getByTestId('map-counts').textContent()).trim(), countsOf(exchanged));

  await page.goto(`/areas/${kith.area.id}/map?kind=cousin&closeness=9&at=2026-02-30&colour=shoe&size=x&show=grid&community=x&person=nobody`);
  await settled(page);
  await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 20_000 });
  const whole = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`).then((r) => r.json());
  assert.equal((await page.getByTestId('map-counts').textContent()).trim(), countsOf(whole));
  assert.equal(await page.getByLabel('Colour by').inputValue(), 'community');
  assert.equal(await page.getByLabel('Closeness at least').inputValue(), '');
  assert.equal(await page.locator('.notice--error').count(), 0);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('Back returns to the previous filter, with its counts', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await openMap(page);
  const counts = page.getByTestId('map-counts');
  const family = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout?kind=family`).then((r) => r.json());
  const friend = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout?kind=friend`).then((r) => r.json());
  assert.notEqual(family.ties, friend.ties, 'the two filters must differ for this test to mean anything');

  await page.getByLabel('Family', { exact: true }).check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'family');
  await countsBecome(page, countsOf(family));

  await page.getByLabel('Family', { exact: true }).uncheck();
  await page.getByLabel('Friend', { exact: true }).check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'friend');
  await countsBecome(page, countsOf(friend));

  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('kind') === 'family');
  await countsBecome(page, countsOf(family));
  assert.equal(await page.getByLabel('Family', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Friend', { exact: true }).isChecked(), false);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('above --layout-people-max the map draws communities; one opens by keyboard, and Back returns', { timeout: 240_000 }, async () => {
  // The same demo served with a layout limit below its 1,865 research-consented people.
  const small = await startKith({ serveArgs: ['--layout-people-max', '500'] });
  const page = await newPage(chromium.browser, small.url);
  // The whole network is fetched once: not for the aggregated view, once for the first
  // community, and kept for the same register revision after that.
  let networkAsked = 0;
  const peopleReads = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/network')) networkAsked += 1;
    if (u.pathname.endsWith('/people')) peopleReads.push(u);
  });
  try {
    await page.goto('/sign-in');
    await signIn(page, small.accounts.researcher);
    await page.goto(`/areas/${small.area.id}/map`);
    await settled(page);
    await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 60_000 });
    const all = await page.request.get(`/api/v1/areas/${small.area.id}/network/layout`).then((r) => r.json());
    assert.equal(all.aggregated, true);
    assert.equal(all.people_max, 500);
    const stated = `Showing ${enGB(all.people)} people and ${enGB(all.ties)} ties, grouped into ${enGB(all.communities.length)} communities.`;
    assert.equal((await page.getByTestId('map-counts').textContent()).trim(), stated);
    await checkAxe(page, 'the aggregated network map');
    await noSideScroll(page, 'the aggregated network map');

    // The largest community, chosen from the list by keyboard.
    const largest = [...all.communities].sort((a, b) => b.members - a.members || a.community - b.community)[0];
    await page.locator('details.map-communities > summary').focus();
    await page.keyboard.press('Enter');
    const button = page.getByRole('button', { name: `Community ${largest.community + 1}: ${enGB(largest.members)} members`, exact: true });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('community') === String(largest.community));
    const one = await page.request.get(`/api/v1/areas/${small.area.id}/network/layout?community=${largest.community}`).then((r) => r.json());
    assert.equal(one.people, largest.members, 'the community\'s layout does not hold its members');
    const inside = `Showing ${enGB(one.people)} people and ${enGB(one.ties)} ties in community ${largest.community + 1}.`;
    await countsBecome(page, inside);
    await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 60_000 });
    await checkAxe(page, 'one community of the aggregated map');
    // Its names are the register's, read for its members only (?ids=, 200 at most a
    // request), never every page of the register.
    const members = new Set(one.nodes.map((x) => x.id));
    assert.ok(peopleReads.length >= Math.ceil(members.size / 200), 'the community\'s names were not read');
    for (const u of peopleReads) {
      const ids = (u.searchParams.get('ids') ?? '').split(',').filter((x) => x !== '');
      assert.ok(ids.length >= 1 && ids.length <= 200 && ids.every((x) => members.has(x)), `a people read not of the community's ids: ${u}`);
    }
    const first = one.nodes[0].id;
    const named = await page.request.get(`/api/v1/areas/${small.area.id}/people/${first}`).then((r) => r.json());
    await page.getByLabel('Find a person on the map').fill(named.display_name);
    await page.getByRole('list', { name: 'Matches' }).getByRole('button', { name: named.display_name, exact: true }).first().waitFor();
    await page.getByLabel('Find a person on the map').fill('');

    await page.goBack();
    await page.waitForURL((u) => !u.searchParams.has('community'));
    await countsBecome(page, stated);
    // And in again, then out by the page's own button.
    await page.goForward();
    await countsBecome(page, inside);
    await page.getByRole('button', { name: 'Back to all communities' }).click();
    await page.waitForURL((u) => !u.searchParams.has('community'));
    await countsBecome(page, stated);
    assert.equal(networkAsked, 1, `the page asked for …/network ${networkAsked} times`);
    page.assertNoConsoleErrors();
  } finally {
    await page.closeAll();
    await small.stop();
  }
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
