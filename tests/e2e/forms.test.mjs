// The register's forms in a real browser against a real kith serve on demo data:
// (a) a researcher adds a person in the People form and a tie on their page, and
//     the summary (people, ties, no ties) and the layout's counts move by exactly
//     what was added, read from the API before and after;
// (b) the person form by keyboard alone, through a server validation error;
// (c) the Person page for admin and researcher: axe, 360 px, screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); area = `/areas/${kith.area.id}`; }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiArea = () => `/api/v1/areas/${kith.area.id}`;

async function counts(api) {
  const s = await api.get(`${apiArea()}/network/summary`);
  const layout = await api.get(`${apiArea()}/network/layout`);
  const noTies = s.isolation.no_ties;
  assert.equal(noTies.suppressed, false, 'the demo area\'s "no ties" count is withheld; the test needs it shown');
  return { people: s.graph.people, ties: s.graph.ties, noTies: noTies.count, layoutPeople: layout.people, layoutTies: layout.ties };
}

// A person with research consent and two or more ties: tying the new person to
// them leaves "no ties" where it was before the new person was added.
async function wellTiedPerson(api) {
  const net = await api.get(`${apiArea()}/network`);
  const node = net.nodes.find((n) => n.degree >= 2);
  assert.ok(node, 'the demo network has no one with two ties');
  return api.get(`${apiArea()}/people/${node.id}`);
}

test('a researcher adds a person and a tie; the dashboard and the layout count them', { timeout: 180_000 }, async () => {
  const api = await kith.api('researcher');
  const before0 = await counts(api);
  const target = await wellTiedPerson(api);

  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/people/new`);
  await settled(page);
  const name = 'Forms Test Newcomer';
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Given', { exact: true }).check();
  await page.locator('#f-consent_date').fill('2024-03-06');
  await page.getByLabel('Research (analyses and exports)', { exact: true }).check();
  await page.getByRole('button', { name: 'Add person', exact: true }).click();
  await page.waitForURL(/\/people\/pe_[a-z0-9]+$/);
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), name);
  const newId = page.url().split('/').pop();

  const after1 = await counts(api);
  assert.equal(after1.people, before0.people + 1, 'people counted after adding one');
  assert.equal(after1.noTies, before0.noTies + 1, 'the new person, with no ties, counts under "no ties"');
  assert.equal(after1.ties, before0.ties);
  assert.equal(after1.layoutPeople, before0.layoutPeople + 1, 'the layout draws the new person');
  // The Person page says so in words from the engine's ego answer.
  await page.getByText('Has no ties.', { exact: true }).waitFor();

  // The tie, through the Person page's form.
  // The page also offers a search for the same person recorded twice: the tie form is its own region.
  const tieForm = page.getByRole('region', { name: 'Add a tie' });
  await tieForm.getByLabel('Find the other person by name', { exact: true }).fill(target.display_name);
  await tieForm.getByRole('button', { name: 'Search', exact: true }).click();
  const choose = tieForm.getByLabel(/^Choose the person/);
  await choose.waitFor();
  await choose.selectOption(target.id);
  await page.getByLabel('Kind of tie', { exact: true }).selectOption('friend');
  await page.getByLabel('4', { exact: true }).check();
  await page.getByLabel('How often are they in contact?', { exact: true }).selectOption('weekly');
  await page.getByRole('button', { name: 'Add tie', exact: true }).click();
  await page.getByText(`Tie with ${target.display_name} added.`).waitFor();
  await settled(page);
  await page.getByText('Has one tie.', { exact: true }).waitFor();

  const after2 = await counts(api);
  assert.equal(after2.people, before0.people + 1);
  assert.equal(after2.ties, before0.ties + 1, 'ties counted after adding one');
  assert.equal(after2.noTies, before0.noTies, 'the new person left "no ties" and the other person was never in it');
  assert.equal(after2.layoutPeople, after1.layoutPeople);
  assert.equal(after2.layoutTies, before0.layoutTies + 1, 'the layout draws the new tie');
  const ties = await api.get(`${apiArea()}/ties?person=${newId}`);
  assert.equal(ties.items.length, 1);
  assert.equal(ties.items[0].closeness, 4);

  // The dashboard shows the new counts the summary gives.
  await page.goto(`${area}/dashboard`);
  await settled(page);
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(after2.people.toLocaleString('en-GB')), `the dashboard does not show ${after2.people} people`);
  // The map page states its counts when this build has it.
  await page.goto(`${area}/map`);
  await settled(page);
  if ((await page.locator('h1').textContent()) !== 'Page not found') {
    const sentence = `Showing ${after2.layoutPeople.toLocaleString('en-GB')} people and ${after2.layoutTies.toLocaleString('en-GB')} ties`;
    await page.getByText(sentence).first().waitFor();
  }
  page.assertNoConsoleErrors();
  await page.closeAll();
});

// Presses Tab (or Shift+Tab) until the element with this id has focus, at most 40 times.
async function tabTo(page, id, key = 'Tab') {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate(() => document.activeElement?.id ?? '') === id) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${key} never reached #${id}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
}
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

test('keyboard only: every control of the person form, a server error, then saving', { timeout: 120_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  page.expectStatus(400, /\/api\/v1\/areas\/[^/]+\/people$/);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/people/new`);
  await settled(page);
  const k = page.keyboard;
  await tabTo(page, 'f-display_name');
  await k.type('Keyboard Only Person');
  await tabTo(page, 'f-is_pseudonym');
  await k.press('Space');
  assert.equal(await page.locator('#f-is_pseudonym').isChecked(), true, 'Space ticks the pseudonym box');
  await tabTo(page, 'f-birth_band');
  await k.press('ArrowDown');
  await k.press('ArrowDown');
  assert.notEqual(await page.locator('#f-birth_band').inputValue(), '', 'arrow keys choose a decade');
  await tabTo(page, 'f-postcode_district');
  await k.type('NOT A POSTCODE');
  await tabTo(page, 'f-household');
  await k.type('Keyboard house');
  await tabTo(page, 'f-interests');
  await k.type('gardening, choir');
  await tabTo(page, 'f-languages');
  await k.type('en');
  await tabTo(page, 'f-accessibility_needs');
  await k.type('step-free');
  await tabTo(page, 'f-notes');
  await k.type('Added by keyboard.');
  // The consent radios are one stop: focus lands on the checked one, arrows move the choice.
  await k.press('Tab');
  assert.match(await focusedId(page), /^f-consent_status/);
  const given = page.getByLabel('Given', { exact: true });
  for (let i = 0; i < 4 && !(await given.isChecked()); i++) await k.press('ArrowDown');
  assert.equal(await given.isChecked(), true, 'arrow keys choose "Given"');
  await tabTo(page, 'f-consent_date');
  await k.type('2024-03-06');
  await tabTo(page, 'f-consent_scope');
  await k.press('Space');
  assert.equal(await page.getByLabel('Research (analyses and exports)', { exact: true }).isChecked(), true);
  // Shift+Tab goes back: to the date, then forward again over the other scopes.
  await k.press('Shift+Tab');
  assert.equal(await focusedId(page), 'f-consent_date');
  await k.press('Tab');
  for (let i = 1; i <= 3; i++) { await k.press('Tab'); assert.equal(await focusedId(page), `f-consent_scope-${i}`); }
  await k.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Add person');
  await k.press('Enter');

  // The server refuses the postcode: its message beside the field, focus on the summary.
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  const group = page.locator('.form-group', { has: page.locator('#f-postcode_district') });
  const message = (await group.locator('.error-message').innerText()).replace(/^Error:\s*/, '');
  assert.ok(message.length > 0, 'no message next to the postcode field');
  assert.ok((await summary.innerText()).includes(message), 'the summary and the field say different things');
  assert.equal(page.url().endsWith('/people/new'), true, 'nothing was saved');
  // Tab to the summary's link, Enter: focus on the field; fix it and save with Enter.
  await k.press('Tab');
  await k.press('Enter');
  assert.equal(await focusedId(page), 'f-postcode_district');
  await k.press('Control+A');
  await k.type('LS7');
  await k.press('Enter');
  await page.waitForURL(/\/people\/pe_[a-z0-9]+$/);
  await settled(page);
  assert.equal(await page.locator('h1').textContent(), 'Keyboard Only Person');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

for (const role of ['admin', 'researcher']) {
  test(`the Person page for the ${role}: axe, 360 px, screenshots`, { timeout: 120_000 }, async () => {
    const api = await kith.api(role);
    const person = await wellTiedPerson(api);
    const page = await newPage(chromium.browser, kith.url);
    await page.goto('/sign-in');
    await signIn(page, kith.accounts[role]);
    await page.goto(`${area}/people/${person.id}`);
    await settled(page);
    await page.locator('svg.ego__svg').waitFor();
    await page.getByRole('heading', { name: 'Consent' }).waitFor();
    const viewed = page.getByRole('heading', { name: 'Who has viewed this record' });
    assert.equal(await viewed.count(), role === 'admin' ? 1 : 0, `the audit section for the ${role}`);
    await checkAxe(page, `the Person page (${role})`);
    await noSideScroll(page, `the Person page (${role})`);
    await screenshot(page, `${role}-person`);
    page.assertNoConsoleErrors();
    await page.closeAll();
  });
}
