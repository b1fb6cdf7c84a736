// Group and place pages in a real browser against a real kith serve on demo data:
// (a) the admin opens a group from the Groups list; its page lists who takes part
//     exactly as the API's affiliations of that group give them (names from the
//     API's people), and "Add a member" adds one, seen in the list and the API;
// (b) a link worker (directory only) opens the same group: its details, and no
//     person's name anywhere on the page;
// (c) axe, 360 px and screenshots of a group and a place page for admin,
//     researcher and link worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); area = `/areas/${kith.area.id}`; }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiArea = () => `/api/v1/areas/${kith.area.id}`;

// The demo's groups with who takes part in each, from the API alone.
async function groupsWithMembers(api) {
  const [groups, affs, people] = await Promise.all([
    api.listAll(`${apiArea()}/groups`), api.listAll(`${apiArea()}/affiliations`), api.listAll(`${apiArea()}/people`),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.display_name]));
  return {
    people,
    groups: groups.map((g) => {
      const mine = affs.filter((a) => a.group_id === g.id);
      return { group: g, affs: mine, names: mine.map((a) => nameOf.get(a.person_id)) };
    }),
  };
}

// The first group whose members fit on one page of the list (50).
async function smallGroup(api) {
  const all = await groupsWithMembers(api);
  const pick = all.groups.find((g) => g.affs.length >= 2 && g.affs.length <= 45);
  assert.ok(pick, 'the demo has no group with 2 to 45 people taking part');
  return { ...pick, people: all.people };
}

const tableNames = (page) => page.locator('table tbody th').allInnerTexts();

test('the admin opens a group: who takes part, as the API gives it; Add a member', { timeout: 180_000 }, async () => {
  const api = await kith.api('admin');
  const { group, names, people } = await smallGroup(api);
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.admin);
  await page.goto(`${area}/groups?q=${encodeURIComponent(group.name)}`);
  await settled(page);
  await page.getByRole('link', { name: group.name, exact: true }).first().click();
  await page.waitForURL(new RegExp(`/groups/${group.id}$`));
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), group.name);
  assert.equal(await page.title(), `${group.name} – ${kith.area.name} – kith`);
  assert.equal(await page.getByRole('link', { name: `Edit ${group.name}`, exact: true }).getAttribute('href'), `${area}/groups/${group.id}/edit`);

  await page.locator('table').waitFor();
  await settled(page);
  assert.deepEqual(await tableNames(page), names, 'the page lists who takes part as the API gives it, in its order');
  await checkAxe(page, 'a group page (admin)');
  await noSideScroll(page, 'a group page (admin)');
  await screenshot(page, 'admin-group');

  // Add someone who does not take part yet.
  const already = new Set((await api.listAll(`${apiArea()}/affiliations`)).filter((a) => a.group_id === group.id).map((a) => a.person_id));
  const counts = new Map();
  for (const p of people) counts.set(p.display_name, (counts.get(p.display_name) ?? 0) + 1);
  const newcomer = people.find((p) => !already.has(p.id) && counts.get(p.display_name) === 1 && /^[A-Za-z' -]+$/.test(p.display_name));
  assert.ok(newcomer, 'no one with a unique name is outside the group');
  await page.getByLabel('Find the person by name', { exact: true }).fill(newcomer.display_name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const choose = page.getByLabel(/^Choose the person/);
  await choose.waitFor();
  await choose.selectOption(newcomer.id);
  await page.getByLabel('Their role at the group', { exact: true }).selectOption('volunteer');
  await page.getByLabel('How often they take part (optional)', { exact: true }).selectOption('weekly');
  await page.getByRole('button', { name: 'Add a member', exact: true }).click();
  await page.getByText(`${newcomer.display_name} added as volunteer of ${group.name}.`).waitFor();
  await settled(page);
  await page.locator('table tbody th', { hasText: newcomer.display_name }).waitFor();
  assert.deepEqual(await tableNames(page), [...names, newcomer.display_name], 'the new member is listed last, as the API orders them');
  const added = (await api.listAll(`${apiArea()}/affiliations?person=${newcomer.id}`)).filter((a) => a.group_id === group.id);
  assert.equal(added.length, 1);
  assert.equal(added[0].role, 'volunteer');
  assert.equal(added[0].frequency, 'weekly');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a link worker sees a group page without any person’s name', { timeout: 120_000 }, async () => {
  const admin = await kith.api('admin');
  const { group, names } = await smallGroup(admin);
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.link_worker);
  await page.goto(`${area}/groups`);
  await settled(page);
  await page.getByRole('link', { name: group.name, exact: true }).first().click();
  await page.waitForURL(new RegExp(`/groups/${group.id}$`));
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), group.name);
  await page.getByText('Who takes part here is held in the register of people, which your role does not include.').waitFor();
  const text = await page.locator('body').innerText();
  for (const name of names) assert.ok(!text.includes(name), `the link worker's group page shows "${name}"`);
  assert.equal(await page.locator('a[href*="/people/"]').count(), 0, 'a link to a person');
  assert.equal(await page.getByRole('link', { name: /^Edit/ }).count(), 0, 'an Edit link for a role that may not edit');
  assert.equal(await page.getByRole('heading', { name: 'Add a member' }).count(), 0);
  await checkAxe(page, 'a group page (link worker)');
  await noSideScroll(page, 'a group page (link worker)');
  await screenshot(page, 'link_worker-group');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a place page for the researcher: its details, axe, 360 px, screenshots', { timeout: 120_000 }, async () => {
  const api = await kith.api('researcher');
  const place = (await api.get(`${apiArea()}/places?limit=1`)).items[0];
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/places`);
  await settled(page);
  await page.getByRole('link', { name: place.name, exact: true }).first().click();
  await page.waitForURL(new RegExp(`/places/${place.id}$`));
  await settled(page);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.title(), `${place.name} – ${kith.area.name} – kith`);
  if (place.address) await page.getByText(place.address, { exact: true }).waitFor();
  await page.getByRole('heading', { name: 'Add a visitor' }).waitFor();
  await checkAxe(page, 'a place page (researcher)');
  await noSideScroll(page, 'a place page (researcher)');
  await screenshot(page, 'researcher-place');
  page.assertNoConsoleErrors();
  await page.closeAll();
});
