// The survey design and review pages in a real browser against a real kith
// serve on demo data (issue 11):
// (a) the demo researcher designs a small instrument (a name generator and a
//     scale) with the form's buttons and the keyboard, asks for too many names
//     and sees the server's error against that field, fixes it, publishes it
//     and starts a wave with it; the API, read separately, holds what was meant;
// (b) a name from a completed interview (sent through the API) is proposed by
//     the demo researcher, who is told they cannot review it (the API answers
//     them 403), and confirmed by a second researcher the demo admin made; the
//     API then holds the tie with evidence "survey" from the wave's date;
// (c) a name that is nobody in the register, proposed as a new person and
//     confirmed, is held under a pseudonym with consent not asked.
// Every page passes axe-core and does not scroll sideways at 360 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area, apiArea;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `${kith.url}/api/v1/areas/${kith.area.id}`;
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

// A session through the API: { call(method, path, body) → { status, body } }.
async function apiAs(account) {
  const r = await fetch(`${kith.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  assert.equal(r.status, 200, `log-in as ${account.username}: ${r.status}`);
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(path.startsWith('http') ? path : `${apiArea}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { call };
}

async function check(page, what) {
  await settled(page);
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

const NAME = 'Street ties';
const QUESTION = 'Who do you talk to about things that matter to you?';
let wave = null; // the wave (a) starts, for (b)
let second = null, respondent = null; // (b)'s second researcher and respondent, for the new person

test('a researcher designs an instrument, fixes the field the server names, publishes it and starts a wave', { timeout: 180_000 }, async () => {
  const researcher = await apiAs(kith.accounts.researcher);
  const scales = (await researcher.call('GET', `${kith.url}/api/v1/survey/scales`)).body.items;
  const ucla3 = scales.find((s) => s.name === 'ucla3');
  assert.ok(ucla3, 'the server offers the UCLA 3-item scale');

  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/instruments`);
  await settled(page);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Survey instruments');
  // The demo's own published instrument is listed.
  await page.getByRole('link', { name: 'Connections and wellbeing, version 1', exact: true }).waitFor();
  await check(page, 'Survey instruments');

  await page.getByRole('link', { name: 'Make a new instrument', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Make a survey instrument' }).waitFor();
  await page.getByLabel('Name of the instrument', { exact: true }).fill(NAME);
  await page.getByLabel('Title in English', { exact: true }).fill('Who you know on your street');

  // A name generator, then a scale, each added with the form's own controls.
  await page.getByRole('button', { name: 'Add the section', exact: true }).click();
  const names = page.getByRole('region', { name: 'Section 1: Names: the people the respondent knows' });
  await names.waitFor();
  await names.getByLabel('Question in English', { exact: true }).fill(QUESTION);
  await names.getByLabel('Most names to ask for', { exact: true }).fill('25');
  await names.getByLabel('How close they feel, from 1 to 5', { exact: true }).check();
  await page.getByLabel('Kind of section to add', { exact: true }).selectOption('scale');
  await page.getByRole('button', { name: 'Add the section', exact: true }).click();
  const scale = page.getByRole('region', { name: 'Section 2: A wellbeing or loneliness scale' });
  await scale.waitFor();
  await scale.getByLabel('Scale', { exact: true }).selectOption('ucla3');
  // The scale's items are shown as their publisher words them (the API's list, read separately).
  for (const item of ucla3.items) await scale.getByText(item, { exact: true }).waitFor();
  await scale.getByText(`Source: ${ucla3.source}`, { exact: false }).waitFor();

  // Moving by keyboard: the scale goes up, and the focus stays with it on its other button.
  await scale.getByRole('button', { name: 'Move up section 2', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Section 1: A wellbeing or loneliness scale' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Move down section 1');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Section 2: A wellbeing or loneliness scale' }).waitFor();
  // A section added is focused by its heading; removed, the focus goes to the choice of a section to add.
  await page.getByLabel('Kind of section to add', { exact: true }).selectOption('free_text');
  await page.getByRole('button', { name: 'Add the section', exact: true }).click();
  const extra = page.getByRole('region', { name: 'Section 3: A question answered in their own words' });
  await extra.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Section 3: A question answered in their own words');
  await extra.getByRole('button', { name: 'Remove section 3', exact: true }).click();
  assert.equal(await extra.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-add-section-kind');
  await check(page, 'Make a survey instrument');

  // 25 names is over the server's limit of 20: its message, against that field.
  page.expectStatus(400, /\/survey\/instruments$/);
  await page.getByRole('button', { name: 'Save as a draft', exact: true }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  const wanted = 'Section 1: Enter how many names to ask for, from 1 to 20';
  await summary.getByRole('link', { name: wanted, exact: true }).waitFor();
  const maxNames = page.getByRole('region', { name: 'Section 1: Names: the people the respondent knows' }).getByLabel('Most names to ask for', { exact: true });
  assert.equal(await maxNames.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-sections-0-max_names-error').textContent(), /Enter how many names to ask for, from 1 to 20/);
  await summary.getByRole('link', { name: wanted, exact: true }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-sections-0-max_names');
  await check(page, 'Make a survey instrument, with an error');
  await screenshot(page, 'survey-design-error');
  assert.equal((await researcher.call('GET', '/survey/instruments')).body.items.filter((i) => i.name === NAME).length, 0,
    'nothing was saved');

  await maxNames.fill('5');
  await page.getByRole('button', { name: 'Save as a draft', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `${NAME}, version 1 (draft)` }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const stored = (await researcher.call('GET', `/survey/instruments/${id}`)).body;
  assert.equal(stored.status, 'draft');
  assert.deepEqual(stored.definition, {
    title: { en: 'Who you know on your street' },
    sections: [
      { kind: 'name_generator', key: 'names_1', prompt: { en: QUESTION }, max_names: 5, interpreters: ['closeness'] },
      { kind: 'scale', scale: 'ucla3' },
    ],
  });

  await page.getByText('Preview how it reads', { exact: true }).click();
  await page.locator('.preview').getByText(QUESTION, { exact: true }).waitFor();
  await check(page, 'A draft instrument, with its preview');
  await screenshot(page, 'survey-design-draft');

  await page.getByRole('button', { name: 'Publish version 1', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `${NAME}, version 1` }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'the focus goes to the heading once published');
  await page.getByText('A published instrument never changes', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Most names to ask for').count(), 0, 'a published instrument has no form to change it');
  assert.equal((await researcher.call('GET', `/survey/instruments/${id}`)).body.status, 'published');

  await page.getByLabel('Name of the wave', { exact: true }).fill('Spring round');
  // A day that does not exist: the server names the field.
  page.expectStatus(400, /\/survey\/waves$/);
  await page.getByLabel('Day fieldwork starts', { exact: true }).fill('2026-02-30');
  await page.getByRole('button', { name: 'Start the wave', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
  assert.equal(await page.getByLabel('Day fieldwork starts', { exact: true }).getAttribute('aria-invalid'), 'true');
  await check(page, 'A published instrument, with a wave refused');
  await page.getByLabel('Day fieldwork starts', { exact: true }).fill('2026-11-01');
  await page.getByRole('button', { name: 'Start the wave', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Wave “Spring round” has started' }).waitFor();
  await check(page, 'A published instrument');
  await screenshot(page, 'survey-design-published');
  const made = (await researcher.call('GET', '/survey/waves')).body.items.find((w) => w.label === 'Spring round');
  assert.ok(made, 'the wave is in the API');
  assert.equal(made.instrument_id, id);
  assert.equal(made.fieldwork_date, '2026-11-01');
  assert.equal(made.status, 'open');
  wave = made;

  // The list shows the wave, which can be closed and reopened.
  await page.goto(`${area}/surveys/instruments`);
  await settled(page);
  await page.getByRole('button', { name: 'Close Spring round', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Spring round is closed' }).waitFor();
  assert.equal((await researcher.call('GET', '/survey/waves')).body.items.find((w) => w.id === wave.id).status, 'closed');
  await page.getByRole('button', { name: 'Reopen Spring round', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Spring round is open again' }).waitFor();
  assert.equal((await researcher.call('GET', '/survey/waves')).body.items.find((w) => w.id === wave.id).status, 'open');
  await check(page, 'Survey instruments with a wave');
  page.assertNoConsoleErrors();
});

test('the demo’s published instrument reads in English and Welsh, its next version keeps every section, and a link worker cannot open the page', { timeout: 120_000 }, async () => {
  const researcher = await apiAs(kith.accounts.researcher);
  const demo = (await researcher.call('GET', '/survey/instruments')).body.items.find((i) => i.name === 'Connections and wellbeing');
  const original = (await researcher.call('GET', `/survey/instruments/${demo.id}`)).body;
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/instruments/${demo.id}`);
  await page.getByRole('heading', { level: 1, name: 'Connections and wellbeing, version 1' }).waitFor();
  await page.locator('[lang="cy"]').filter({ hasText: 'Gyda phwy ydych chi' }).waitFor();
  await check(page, 'The demo instrument');

  // A new version opens as a draft with all eleven sections in the form; saved
  // untouched, its definition is the published one's (the API's, read before).
  await page.getByRole('button', { name: 'Make a new version from this one', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Connections and wellbeing, version 2 (draft)' }).waitFor();
  assert.equal(await page.locator('section.section-editor').count(), original.definition.sections.length);
  await page.getByRole('button', { name: 'Save the draft', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  const saved = (await researcher.call('GET', `/survey/instruments/${id}`)).body;
  assert.equal(saved.version, 2);
  assert.deepEqual(saved.definition, original.definition);
  await check(page, 'A long draft');

  // A second designer saves the same draft (through the API) while the page
  // is open: the page's save is refused and says so, and the second
  // designer's change stands.
  const theirs = { ...saved.definition, title: { ...saved.definition.title, en: 'Their title' } };
  const other = await researcher.call('PATCH', `/survey/instruments/${id}`, { definition: theirs, revision: saved.revision });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  page.expectStatus(409, /\/survey\/instruments\/in_[A-Za-z0-9]+$/);
  await page.getByLabel('Title in English', { exact: true }).fill('My title');
  await page.getByRole('button', { name: 'Save the draft', exact: true }).click();
  await page.getByRole('alert').getByText(/^Someone else saved this draft since you opened it, so your changes were not saved\./).waitFor();
  const kept = (await researcher.call('GET', `/survey/instruments/${id}`)).body;
  assert.equal(kept.definition.title.en, 'Their title');
  assert.equal(kept.revision, saved.revision + 1);
  // Reloaded, the page shows their version and saves on it.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Connections and wellbeing, version 2 (draft)' }).waitFor();
  assert.equal(await page.getByLabel('Title in English', { exact: true }).inputValue(), 'Their title');
  await page.getByLabel('Title in English', { exact: true }).fill('Agreed title');
  await page.getByRole('button', { name: 'Save the draft', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
  assert.equal((await researcher.call('GET', `/survey/instruments/${id}`)).body.definition.title.en, 'Agreed title');
  page.assertNoConsoleErrors();

  // A link worker has no survey role: the page says so, in words.
  const worker = await newPage(chromium.browser, kith.url);
  await signIn(worker, kith.accounts.link_worker);
  await worker.goto(`${area}/surveys/instruments`);
  await worker.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
  worker.assertNoConsoleErrors();
});

test('one researcher proposes who a named person is and a second confirms it: the tie has evidence survey', { timeout: 180_000 }, async () => {
  assert.ok(wave, 'the first test started a wave');
  const researcher = await apiAs(kith.accounts.researcher);
  const admin = await apiAs(kith.accounts.admin);

  // A second researcher, made by the demo admin.
  const added = await admin.call('POST', '/users', { username: 'e2e-second-eyes', display_name: 'Second Eyes', role: 'researcher' });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  second = { username: 'e2e-second-eyes', password: added.body.password };

  // A completed interview naming one person of the register by their full name.
  const people = (await researcher.call('GET', '/people?limit=200')).body.items.filter((p) => !p.is_pseudonym && /^[A-Za-z' -]+ [A-Za-z' -]+$/.test(p.display_name));
  const counts = new Map();
  for (const p of people) counts.set(p.display_name, (counts.get(p.display_name) ?? 0) + 1);
  // Two people with names of their own and no tie yet (a live tie would be kept as it is).
  const api = await kith.api('researcher');
  const ties = await api.listAll(`/api/v1/areas/${kith.area.id}/ties`);
  const tied = (a, b) => ties.some((t) => (t.source_id === a.id && t.target_id === b.id) || (t.source_id === b.id && t.target_id === a.id));
  const unique = people.filter((p) => counts.get(p.display_name) === 1);
  respondent = unique[0];
  const named = unique.find((p) => p !== respondent && !tied(respondent, p));
  assert.ok(respondent && named, 'two people with names of their own and no tie');
  const sent = await researcher.call('PUT', `/survey/waves/${wave.id}/interviews/e2e-interview-000000001`, {
    batch: 'e2e-batch-0000000001',
    respondent: { person_id: respondent.id },
    consent: { status: 'given', scope: ['research'] },
    status: 'completed',
    answers: { names: { names_1: [{ said: named.display_name, closeness: 4 }] } },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const [mention] = (await researcher.call('GET', `/survey/waves/${wave.id}/mentions?status=open`)).body.items;
  assert.equal(mention.said, named.display_name);
  const suggested = (await researcher.call('GET', `/survey/mentions/${mention.id}/suggestions`)).body.suggestions;
  assert.equal(suggested[0]?.person_id, named.id, 'kith suggests the person named first');

  // The demo researcher proposes the person kith suggests first.
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/waves/${wave.id}/review`);
  await settled(page);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Named people: Spring round');
  await page.getByRole('heading', { level: 2, name: 'Not yet decided (1)' }).waitFor();
  await check(page, 'Named people');
  await page.getByRole('link', { name: `“${named.display_name}”`, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Who is “${named.display_name}”?` }).waitFor();
  await settled(page);
  // Each suggestion with the server's reasons as sentences.
  const first = suggested[0].reasons[0];
  await page.getByText(first.charAt(0).toUpperCase() + first.slice(1), { exact: true }).first().waitFor();
  await page.getByText('held under a pseudonym', { exact: false }).first().waitFor();
  await check(page, 'A named person, open');
  await screenshot(page, 'survey-review-propose');
  // Someone kith did not suggest can be found in the register and joins the choices.
  const third = unique.find((p) => p !== respondent && p !== named && !suggested.some((x) => x.person_id === p.id));
  await page.getByText('Find someone else in the register', { exact: true }).click();
  await page.getByLabel('Part of their name', { exact: true }).fill(third.display_name);
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'found: they are listed under “Who is this?”' }).waitFor();
  await page.getByRole('radio', { name: `${third.display_name}${third.household ? `, ${third.household}` : ''}`, exact: true }).waitFor();
  await check(page, 'A named person, with a search of the register');
  // Nothing chosen: the page names the question.
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('link', { name: 'Choose who this is, a new person, or nobody yet', exact: true }).waitFor();
  await page.locator(`input[type=radio][value="${named.id}"]`).check();
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Your proposal is saved' }).waitFor();
  await page.getByText('You proposed this, so another researcher must confirm it or send it back', { exact: false }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Confirm', exact: true }).count(), 0, 'the proposer is offered no review');
  await check(page, 'A named person, proposed by me');
  const proposed = (await researcher.call('GET', `/survey/waves/${wave.id}/mentions?status=proposed`)).body.items[0];
  assert.equal(proposed.person_id, named.id);
  assert.equal(proposed.proposed_by, kith.accounts.researcher.username);
  const own = await researcher.call('POST', `/survey/mentions/${mention.id}/review`, { revision: proposed.revision, decision: 'confirm' });
  assert.equal(own.status, 403, 'the server refuses the proposer their own review');

  // The second researcher confirms it.
  const other = await newPage(chromium.browser, kith.url);
  await other.goto('/sign-in');
  await signIn(other, second);
  await other.goto(`${area}/surveys/waves/${wave.id}/review/${mention.id}`);
  await other.getByRole('heading', { level: 1, name: `Who is “${named.display_name}”?` }).waitFor();
  await settled(other);
  await other.getByText(`${kith.accounts.researcher.username} proposed: ${named.display_name} in the register`, { exact: false }).waitFor();
  await other.getByText('kith suggested them', { exact: false }).waitFor();
  await other.getByRole('listitem').filter({ hasText: first.charAt(0).toUpperCase() + first.slice(1) }).first().waitFor();
  await check(other, 'A named person, to review');
  await screenshot(other, 'survey-review-confirm');
  await other.getByRole('button', { name: 'Confirm', exact: true }).click();
  await other.getByRole('status').filter({ hasText: 'Confirmed.' }).waitFor();
  await other.getByText('with evidence “survey”', { exact: false }).waitFor();
  await check(other, 'A named person, decided');

  const confirmed = (await researcher.call('GET', `/survey/waves/${wave.id}/mentions?status=confirmed`)).body.items[0];
  assert.equal(confirmed.confirmed_by, second.username);
  const tie = (await researcher.call('GET', `/ties/${confirmed.tie_id}`)).body;
  assert.equal(tie.source_id, respondent.id);
  assert.equal(tie.target_id, named.id);
  assert.equal(tie.evidence, 'survey');
  assert.equal(tie.valid_from, '2026-11-01');
  assert.equal(tie.closeness, 4);

  await other.goto(`${area}/surveys/waves/${wave.id}/review`);
  await other.getByRole('heading', { level: 2, name: 'Decided (1)' }).waitFor();
  await check(other, 'Named people, one decided');
  page.assertNoConsoleErrors();
  other.assertNoConsoleErrors();
});

test('a name that is nobody in the register becomes a new person held under a pseudonym, with consent not asked', { timeout: 120_000 }, async () => {
  assert.ok(wave && second && respondent, 'the tests before made the wave, the second researcher and the respondent');
  const researcher = await apiAs(kith.accounts.researcher);
  const said = 'Mrs Zebedee-Quillon';
  const sent = await researcher.call('PUT', `/survey/waves/${wave.id}/interviews/e2e-interview-000000002`, {
    batch: 'e2e-batch-0000000002',
    respondent: { person_id: respondent.id },
    consent: { status: 'given', scope: ['research'] },
    status: 'completed',
    answers: { names: { names_1: [{ said }] } },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const mention = (await researcher.call('GET', `/survey/waves/${wave.id}/mentions?status=open`)).body.items.find((m) => m.said === said);
  assert.ok(mention, 'the name is open in the queue');

  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/waves/${wave.id}/review/${mention.id}`);
  await page.getByRole('heading', { level: 1, name: `Who is “${said}”?` }).waitFor();
  await settled(page);
  await page.getByRole('radio', { name: 'A new person, not in the register', exact: true }).check();
  await page.getByRole('button', { name: 'Propose', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Your proposal is saved' }).waitFor();
  await page.getByText('A new person, held under a pseudonym until they consent', { exact: false }).first().waitFor();

  const other = await newPage(chromium.browser, kith.url);
  await other.goto('/sign-in');
  await signIn(other, second);
  await other.goto(`${area}/surveys/waves/${wave.id}/review/${mention.id}`);
  await other.getByRole('heading', { level: 1, name: `Who is “${said}”?` }).waitFor();
  await settled(other);
  await other.getByText('They are added to the register held under a pseudonym', { exact: false }).first().waitFor();
  await other.getByRole('button', { name: 'Confirm', exact: true }).click();
  await other.getByRole('status').filter({ hasText: 'Confirmed.' }).waitFor();

  // The API's person: a pseudonym, consent not asked; the page shows the pseudonym the server gave.
  const decided = (await researcher.call('GET', `/survey/waves/${wave.id}/mentions?status=confirmed`)).body.items.find((m) => m.id === mention.id);
  assert.equal(decided.resolution, 'new_person');
  const person = (await researcher.call('GET', `/people/${decided.person_id}`)).body;
  assert.equal(person.is_pseudonym, true);
  assert.equal(person.consent_status, 'not_asked');
  assert.match(person.display_name, /^Z\./, 'the initial of the surname said');
  await other.getByText(`A new person, held as “${person.display_name}” until they consent`, { exact: false }).waitFor();
  await check(other, 'A new person, decided');
  page.assertNoConsoleErrors();
  other.assertNoConsoleErrors();
});
