// Issue 10's "done when", as one new user would do it: on a phone-sized window
// and by keyboard alone, a researcher signs in with a demo account, finds the
// people with no ties from the dashboard, opens someone with a single tie,
// sees that connection, and adds a new tie. Every step is checked against
// the API's answer, read separately, never against the page itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { PHONE, launchBrowser, newPage, noSideScroll, screenshot, settled } from './lib/browser.mjs';

let kith, chromium;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiArea = () => `/api/v1/areas/${kith.area.id}`;

// Presses Tab until the focused element matches `selector`, at most 80 times.
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
}

test('on a phone, by keyboard alone: sign in, find the people with no ties, open someone, see their tie, add one', { timeout: 240_000 }, async () => {
  const api = await kith.api('researcher');
  const summary = await api.get(`${apiArea()}/network/summary`);
  const net = await api.get(`${apiArea()}/network`);
  const noTies = net.nodes.filter((n) => n.isolation.includes('no_ties')).length;
  assert.ok(noTies > 0, 'the demo has people with no ties');
  assert.equal(summary.isolation.no_ties.count, noTies);

  const page = await newPage(chromium.browser, kith.url, PHONE);
  const k = page.keyboard;
  await page.goto('/sign-in');
  await settled(page);
  await tabTo(page, '#f-username');
  await k.type(kith.accounts.researcher.username);
  await tabTo(page, '#f-password');
  await k.type(kith.accounts.researcher.password);
  await k.press('Enter');
  await page.waitForURL(/\/dashboard$/);
  await settled(page);
  await noSideScroll(page, 'the dashboard on a phone');

  // The dashboard's "no ties" class is a link to those people.
  const reads = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (/\/(people|network)$/.test(u.pathname)) reads.push(u); });
  await tabTo(page, 'main a[href$="people?isolation=no_ties"]');
  await k.press('Enter');
  await page.waitForURL(/isolation=no_ties/);
  await settled(page);
  // The heading states the engine's count.
  await page.getByText(`${noTies.toLocaleString('en-GB')} people with no ties`).first().waitFor();
  await noSideScroll(page, 'the people with no ties on a phone');
  // The list is the engine's class (…/network?isolation=), its first page read by id:
  // neither the whole network nor the whole register.
  const listReads = reads.filter((u) => u.pathname.endsWith('/people') || u.searchParams.has('isolation'));
  assert.ok(listReads.some((u) => u.searchParams.get('isolation') === 'no_ties'), 'the class was not asked of the engine');
  assert.ok(!reads.some((u) => u.pathname.endsWith('/network') && u.search === ''), 'the whole network was read');
  for (const u of listReads.filter((x) => x.pathname.endsWith('/people'))) assert.ok(u.searchParams.has('ids'), `a people read not by id: ${u}`);
  const register = await api.listAll(`${apiArea()}/people`);
  const inClass = new Set(net.nodes.filter((n) => n.isolation.includes('no_ties')).map((n) => n.id));
  const firstPage = register.filter((p) => inClass.has(p.id)).slice(0, 50).map((p) => p.display_name);
  assert.deepEqual(await page.locator('main table tbody th a').allInnerTexts(), firstPage, 'the first page: the first 50 people with no ties, in register order');

  // Someone with a single tie: the list by that class, the first person.
  const oneTie = new Set(net.nodes.filter((n) => n.isolation.includes('one_tie')).map((n) => n.id));
  await page.goto(`/areas/${kith.area.id}/people?isolation=one_tie`);
  await settled(page);
  await tabTo(page, 'main table a[href*="/people/pe_"]');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  const personId = href.split('/').pop();
  assert.ok(oneTie.has(personId), 'the first person listed under "one tie" has one tie in the engine\'s answer');
  await k.press('Enter');
  await page.waitForURL(new RegExp(`/people/${personId}$`));
  await settled(page);
  const person = await api.get(`${apiArea()}/people/${personId}`);
  await page.getByRole('heading', { level: 1, name: person.display_name, exact: true }).waitFor();

  // Their connection, as the register holds it.
  const ties = (await api.get(`${apiArea()}/ties?person=${personId}`)).items;
  assert.equal(ties.length, 1);
  const otherId = ties[0].source_id === personId ? ties[0].target_id : ties[0].source_id;
  const other = await api.get(`${apiArea()}/people/${otherId}`);
  await page.locator('main table').getByRole('link', { name: other.display_name, exact: true }).first().waitFor();
  await noSideScroll(page, 'a person on a phone');

  // A new tie, to someone with a name of their own who is not tied to them yet.
  const people = [];
  for (let cursor; ;) {
    const p = await api.get(`${apiArea()}/people?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    people.push(...p.items);
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  const named = new Map();
  for (const p of people) named.set(p.display_name, (named.get(p.display_name) ?? 0) + 1);
  const laidOut = new Set(net.nodes.map((n) => n.id));
  const target = people.find((p) => p.id !== personId && p.id !== otherId && laidOut.has(p.id) &&
    named.get(p.display_name) === 1 && /^[A-Za-z' -]+$/.test(p.display_name) &&
    people.filter((q) => q.display_name.toLowerCase().includes(p.display_name.toLowerCase())).length === 1);
  assert.ok(target, 'someone in the demo has a name no other name contains');

  await tabTo(page, '#f-tie-search');
  await k.type(target.display_name);
  await k.press('Enter');
  await page.locator('#f-target_id').waitFor();
  assert.equal(await page.locator('#f-target_id').inputValue(), target.id, 'the only match is chosen');
  await tabTo(page, '#f-kind');
  await k.press('ArrowDown');
  assert.notEqual(await page.locator('#f-kind').inputValue(), '', 'an arrow key chooses a kind of tie');
  await tabTo(page, 'input[name="closeness"]');
  await k.press('Space');
  for (let i = 0; i < 3; i++) await k.press('ArrowRight');
  assert.equal(await page.locator('input[name="closeness"]:checked').inputValue(), '4', 'arrows choose closeness 4');
  await tabTo(page, '#f-frequency');
  await k.press('ArrowDown');
  assert.notEqual(await page.locator('#f-frequency').inputValue(), '', 'an arrow key chooses how often');
  await tabTo(page, 'main button[type="submit"]');
  while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Add tie') {
    await k.press('Tab');
    await tabTo(page, 'main button[type="submit"]');
  }
  await k.press('Enter');
  await page.getByText(`Tie with ${target.display_name} added.`).waitFor();
  await settled(page);

  const now = (await api.get(`${apiArea()}/ties?person=${personId}`)).items;
  assert.equal(now.length, 2, 'the register holds the new tie');
  const added = now.find((t) => t.source_id === target.id || t.target_id === target.id);
  assert.ok(added, 'the new tie joins the person chosen');
  assert.equal(added.closeness, 4);
  const after = await api.get(`${apiArea()}/network/summary`);
  assert.equal(after.graph.ties, summary.graph.ties + 1, 'the engine counts the new tie');
  await page.locator('main table').getByRole('link', { name: target.display_name, exact: true }).first().waitFor();
  await screenshot(page, 'journey-phone-tie-added');
  page.assertNoConsoleErrors();
  await page.closeAll();
});
