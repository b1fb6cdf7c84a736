// The Consent page in a real browser against a real kith serve on demo data:
// (a) the admin records a withdrawal: the page's count of withdrawn people goes
//     up by one, and the person leaves the network analyses — the summary's and
//     the layout's people counts (the API's, the reference) go down by one, and
//     the page and the dashboard show the new count;
// (b) someone else changes the record while the form is open: the 409 is said
//     in words, "Reload" reads the record again, and the decision then saves;
// (c) erasure: the confirmation names the person and says it cannot be undone,
//     "No" keeps them, "Yes" erases them; the subject access link is the admin's
//     alone, and a researcher sees neither;
// (d) axe, 360 px and screenshots of the page and of the decision form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); area = `/areas/${kith.area.id}`; }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiArea = () => `/api/v1/areas/${kith.area.id}`;
const n = (x) => x.toLocaleString('en-GB');

// A session that may change records too (the harness's api() only reads).
async function writer(role) {
  const account = kith.accounts[role];
  const r = await fetch(`${kith.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  assert.equal(r.status, 200);
  const { csrf_token: csrf } = await r.json();
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return {
    patch: async (path, body) => {
      const res = await fetch(`${kith.url}${path}`, {
        method: 'PATCH', headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      const text = await res.text();
      assert.equal(res.status, 200, `PATCH ${path}: ${res.status} ${text}`);
      return JSON.parse(text);
    },
  };
}

// People in the network (their consent covers research) whose name no one else
// in the register shares, so the page's search finds exactly them.
async function uniqueNetworkPeople(api) {
  const [people, net] = await Promise.all([api.listAll(`${apiArea()}/people`), api.get(`${apiArea()}/network`)]);
  const inNetwork = new Set(net.nodes.map((x) => x.id));
  const byName = new Map();
  for (const p of people) byName.set(p.display_name, (byName.get(p.display_name) ?? 0) + 1);
  const picks = people.filter((p) => inNetwork.has(p.id) && byName.get(p.display_name) === 1 && /^[A-Za-z' -]+$/.test(p.display_name));
  assert.ok(picks.length >= 3, 'the demo has too few people with a unique, plain name');
  return { people, picks };
}

const countOf = (people, status) => people.filter((p) => p.consent_status === status).length;

async function openDecision(page, person) {
  await page.goto(`${area}/consent`);
  await settled(page);
  await page.getByLabel('Search by name, household or notes', { exact: true }).fill(person.display_name);
  await page.getByRole('button', { name: 'Show people', exact: true }).click();
  await page.getByText(`1 to 1 of 1 person matching “${person.display_name}”`).waitFor();
  await page.getByRole('link', { name: `Record a decision for ${person.display_name}`, exact: true }).click();
  await page.getByRole('heading', { name: `Record a consent decision for ${person.display_name}` }).waitFor();
  await settled(page);
}

function localToday() {
  const d = new Date();
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test('the admin records a withdrawal: the counts move and the person leaves the analyses', { timeout: 180_000 }, async () => {
  const api = await kith.api('admin');
  const { people, picks } = await uniqueNetworkPeople(api);
  const person = picks[0];
  const summary0 = await api.get(`${apiArea()}/network/summary`);
  const layout0 = await api.get(`${apiArea()}/network/layout`);
  const withdrawn0 = countOf(people, 'withdrawn');
  const notAsked0 = countOf(people, 'not_asked');

  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Consent', exact: true }).click();
  await settled(page);
  assert.equal(await page.title(), `Consent – ${kith.area.name} – kith`);
  const withdrawnLink = (k) => page.getByRole('link', { name: `${n(k)} ${k === 1 ? 'person has' : 'people have'} withdrawn consent`, exact: true });
  await withdrawnLink(withdrawn0).waitFor();
  await page.getByRole('link', { name: `${n(notAsked0)} people have not been asked`, exact: true }).waitFor();
  await page.getByText(`${n(summary0.graph.people)} people are in the network analyses`).waitFor();
  // The status filter is in the URL and lists that many people.
  await page.getByRole('link', { name: `${n(notAsked0)} people have not been asked`, exact: true }).click();
  await page.waitForURL(/\/consent\?status=not_asked$/);
  await page.getByText(`1 to ${Math.min(50, notAsked0)} of ${n(notAsked0)} people whose consent is “not asked”`).waitFor();
  // The list pages by the server's cursor: one page of people read, not the register.
  assert.ok(notAsked0 > 100, 'the demo has too few people not asked to page through');
  const listReads = [];
  page.on('request', (r) => { if (/\/api\/v1\/areas\/[^/]+\/people(\?|$)/.test(r.url())) listReads.push(r.url()); });
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.getByText(`51 to 100 of ${n(notAsked0)} people whose consent is “not asked”`).waitFor();
  assert.equal(listReads.length, 1, `one page of people read for the next page: ${listReads.join(' ')}`);
  assert.match(listReads[0], /consent=not_asked/);
  assert.match(listReads[0], /limit=50/);
  const secondPage = await page.locator('table tbody th a').allInnerTexts();
  const expected = people.filter((p) => p.consent_status === 'not_asked').slice(50, 100).map((p) => p.display_name);
  assert.deepEqual(secondPage, expected, 'the second page holds the 51st to 100th people not asked, in register order');
  await page.getByRole('link', { name: 'Previous page' }).click();
  await page.getByText(`1 to 50 of ${n(notAsked0)} people whose consent is “not asked”`).waitFor();
  await page.waitForURL(/\/consent\?status=not_asked$/);

  await openDecision(page, person);
  const form = page.locator('section.panel');
  await form.getByLabel('Withdrawn', { exact: true }).check();
  assert.equal(await form.getByLabel('Day of the decision', { exact: true }).inputValue(), localToday(), 'the day defaults to today');
  await form.getByText(`${person.display_name} will be left out of every analysis, export and suggestion at once.`, { exact: false }).waitFor();
  await screenshot(page, 'admin-consent-decision');
  await checkAxe(page, 'the consent decision form (admin)');
  await noSideScroll(page, 'the consent decision form (admin)');
  await form.getByRole('button', { name: 'Save the decision', exact: true }).click();
  await page.getByText(`Consent recorded for ${person.display_name}: withdrawn.`).waitFor();
  await withdrawnLink(withdrawn0 + 1).waitFor();
  await settled(page);

  const saved = await api.get(`${apiArea()}/people/${person.id}`);
  assert.equal(saved.consent_status, 'withdrawn');
  assert.equal(saved.consent_date, localToday());
  assert.deepEqual(saved.consent_scope, []);
  const summary1 = await api.get(`${apiArea()}/network/summary`);
  const layout1 = await api.get(`${apiArea()}/network/layout`);
  assert.equal(summary1.graph.people, summary0.graph.people - 1, 'the summary no longer counts the person');
  assert.equal(layout1.people, layout0.people - 1, 'the layout no longer draws the person');
  await page.getByText(`${n(summary1.graph.people)} people are in the network analyses`).waitFor();
  // The person is now among the withdrawn.
  await withdrawnLink(withdrawn0 + 1).click();
  await page.waitForURL(/\?status=withdrawn$/);
  await page.getByLabel('Search by name, household or notes', { exact: true }).fill(person.display_name);
  await page.getByRole('button', { name: 'Show people', exact: true }).click();
  await page.getByRole('link', { name: `Record a decision for ${person.display_name}`, exact: true }).waitFor();
  // The dashboard shows the summary's new count.
  await page.goto(`${area}/dashboard`);
  await settled(page);
  assert.ok((await page.locator('main').innerText()).includes(n(summary1.graph.people)), `the dashboard does not show ${summary1.graph.people} people`);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a record changed meanwhile: the 409 in words, reload, then the decision saves', { timeout: 120_000 }, async () => {
  const api = await kith.api('admin');
  const { picks } = await uniqueNetworkPeople(api);
  const person = picks[1];
  const page = await newPage(chromium.browser, kith.url);
  page.expectStatus(409, /\/api\/v1\/areas\/[^/]+\/people\/pe_[a-z0-9]+$/);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await openDecision(page, person);
  // Someone else changes the record while the form is open.
  const other = await writer('admin');
  const current = await api.get(`${apiArea()}/people/${person.id}`);
  await other.patch(`${apiArea()}/people/${person.id}`, { notes: 'Changed by someone else during the consent test', revision: current.revision });

  const form = page.locator('section.panel');
  await form.getByLabel('Given', { exact: true }).check();
  await form.getByLabel('Research', { exact: true }).setChecked(false);
  await form.getByLabel('Time bank', { exact: true }).setChecked(true);
  await form.getByRole('button', { name: 'Save the decision', exact: true }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), new RegExp(`Someone else changed ${person.display_name}’s record since you opened it`));
  const unchanged = await api.get(`${apiArea()}/people/${person.id}`);
  assert.equal(unchanged.consent_status, current.consent_status, 'nothing was saved');
  await page.getByRole('button', { name: `Reload ${person.display_name}’s record`, exact: true }).click();
  await page.getByText(`This is ${person.display_name}’s record as it is now.`).waitFor();
  await form.getByLabel('Given', { exact: true }).check();
  await form.getByLabel('Research', { exact: true }).setChecked(false);
  await form.getByLabel('Time bank', { exact: true }).setChecked(true);
  await form.getByText('because their consent does not cover research', { exact: false }).waitFor();
  await form.getByRole('button', { name: 'Save the decision', exact: true }).click();
  await page.getByText(`Consent recorded for ${person.display_name}: given: time bank.`).waitFor();
  // The list reloads after a save; a navigation in the middle of it would leave its requests unanswered.
  await settled(page);
  const saved = await api.get(`${apiArea()}/people/${person.id}`);
  assert.equal(saved.consent_status, 'given');
  assert.deepEqual(saved.consent_scope, ['timebank']);
  assert.equal(saved.notes, 'Changed by someone else during the consent test', 'the other change is kept');
  // The researcher is not an area admin: no subject access, no erasure.
  await openDecision(page, person);
  assert.equal(await page.getByRole('link', { name: /^Download everything kith holds about/ }).count(), 0, 'the researcher gets a subject access link');
  assert.equal(await page.getByRole('button', { name: /^Erase / }).count(), 0, 'the researcher gets an erase button');
  await checkAxe(page, 'the consent decision form (researcher)');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('erasure: a confirmation that names the person; No keeps them, Yes erases them', { timeout: 120_000 }, async () => {
  const api = await kith.api('admin');
  const { picks } = await uniqueNetworkPeople(api);
  const person = picks[2];
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.admin);
  await openDecision(page, person);
  const download = page.getByRole('link', { name: `Download everything kith holds about ${person.display_name}`, exact: true });
  const href = await download.getAttribute('href');
  assert.equal(href, `${apiArea()}/people/${person.id}/subject-access`);
  const document = await api.get(href);
  assert.equal(document.person.display_name, person.display_name, 'the subject access document is about the person');

  await page.getByRole('button', { name: `Erase ${person.display_name}’s details…`, exact: true }).click();
  const confirm = page.getByRole('group', { name: `Erase ${person.display_name}’s details for good?` });
  await confirm.waitFor();
  await confirm.getByText('This cannot be undone.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), `Erase ${person.display_name}’s details for good?`, 'the confirmation takes focus');
  await checkAxe(page, 'the erasure confirmation');
  await noSideScroll(page, 'the erasure confirmation');
  await screenshot(page, 'admin-consent-erase');
  await confirm.getByRole('button', { name: 'No, keep them', exact: true }).click();
  assert.equal((await api.get(`${apiArea()}/people/${person.id}`)).display_name, person.display_name, '"No" erased them');

  await page.getByRole('button', { name: `Erase ${person.display_name}’s details…`, exact: true }).click();
  await page.getByRole('button', { name: `Yes, erase ${person.display_name}’s details`, exact: true }).click();
  await page.getByText(`${person.display_name}’s details have been erased.`).waitFor();
  const erased = await api.get(`${apiArea()}/people/${person.id}`);
  assert.equal(erased.display_name, 'Erased person');
  assert.equal(erased.consent_status, 'withdrawn');
  await settled(page);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('the Consent page: axe, 360 px, screenshots, for admin and researcher', { timeout: 120_000 }, async () => {
  for (const role of ['admin', 'researcher']) {
    const page = await newPage(chromium.browser, kith.url);
    await page.goto('/sign-in');
    await signIn(page, kith.accounts[role]);
    await page.goto(`${area}/consent?status=given`);
    await settled(page);
    assert.equal(await page.locator('h1').count(), 1);
    await checkAxe(page, `the Consent page (${role})`);
    await noSideScroll(page, `the Consent page (${role})`);
    await screenshot(page, `${role}-consent-given`);
    page.assertNoConsoleErrors();
    await page.closeAll();
  }
});

test('roles without register_write cannot open the Consent page', { timeout: 60_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.link_worker);
  await page.goto(`${area}/consent`);
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'You cannot see this page');
  page.assertNoConsoleErrors();
  await page.closeAll();
});
