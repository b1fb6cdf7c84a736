// Carry forward in a real browser against a real kith serve on demo data:
// through the API a baseline interview for a register person names one other
// person, that name is proposed by the demo researcher and confirmed by a
// second researcher (so a tie is made), and a follow-up wave is started with
// the demo's published instrument. In the browser the researcher opens
// Surveys (the follow-up's bundle and the list of people from the wave before
// go into IndexedDB), the network is cut, they choose that person from the
// list by searching, take consent, say the person named before is no longer
// in touch, and complete the interview. Back online, the API (read
// separately) holds exactly one completed interview at the follow-up with
// answers.carried, and the tie ends the day before the follow-up's fieldwork
// date. axe-core and 360 px on the new pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, apiArea;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
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
  return {
    async call(method, path, body) {
      const res = await fetch(path.startsWith('http') ? path : `${apiArea}${path}`, {
        method,
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

async function checkPage(page, what) {
  await settled(page);
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

async function continueTo(page, h1) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.locator('h1', { hasText: h1 }).waitFor();
}

const FOLLOW_UP_DATE = '2027-05-10';
const DAY_BEFORE = '2027-05-09'; // worked by hand: the tie's last day is the day before the follow-up's fieldwork

test('a follow-up interview with someone from the baseline, filled offline: a name no longer in touch ends its tie', { timeout: 120_000 }, async () => {
  const researcher = await apiAs(kith.accounts.researcher);
  const admin = await apiAs(kith.accounts.admin);
  const waves = (await researcher.call('GET', '/survey/waves')).body.items;
  const baseline = waves.find((w) => w.label === 'Baseline');
  assert.ok(baseline && baseline.fieldwork_date < FOLLOW_UP_DATE, 'the demo has a Baseline wave before the follow-up');

  // Two register people with names of their own and no tie between them yet.
  const people = (await researcher.call('GET', '/people?limit=200')).body.items.filter((p) => !p.is_pseudonym && /^[A-Za-z' -]+ [A-Za-z' -]+$/.test(p.display_name));
  const counts = new Map();
  for (const p of people) counts.set(p.display_name, (counts.get(p.display_name) ?? 0) + 1);
  const ties = await (await kith.api('researcher')).listAll(`/api/v1/areas/${kith.area.id}/ties`);
  const tied = (a, b) => ties.some((t) => (t.source_id === a.id && t.target_id === b.id) || (t.source_id === b.id && t.target_id === a.id));
  const unique = people.filter((p) => counts.get(p.display_name) === 1);
  const respondent = unique[0];
  const named = unique.find((p) => p !== respondent && !tied(respondent, p));
  assert.ok(respondent && named, 'two people with names of their own and no tie');

  // The baseline interview names one person; one researcher proposes who it is, a second confirms.
  const sent = await researcher.call('PUT', `/survey/waves/${baseline.id}/interviews/e2e-carry-baseline-0001`, {
    batch: 'e2e-carry-batch-00000001',
    respondent: { person_id: respondent.id },
    consent: { status: 'given', scope: ['research'] },
    status: 'completed',
    answers: { names: { confide: [{ said: named.display_name, closeness: 4 }] } },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const [mention] = (await researcher.call('GET', `/survey/waves/${baseline.id}/mentions?status=open`)).body.items;
  assert.equal(mention.said, named.display_name);
  const proposed = await researcher.call('POST', `/survey/mentions/${mention.id}/proposal`, { revision: mention.revision, resolution: 'person', person_id: named.id });
  assert.equal(proposed.status, 200, JSON.stringify(proposed.body));
  const added = await admin.call('POST', '/users', { username: 'e2e-carry-second', display_name: 'Carry Second', role: 'researcher' });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const second = await apiAs({ username: 'e2e-carry-second', password: added.body.password });
  const confirmed = await second.call('POST', `/survey/mentions/${mention.id}/review`, { revision: proposed.body.revision, decision: 'confirm' });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const tieId = (await researcher.call('GET', `/survey/waves/${baseline.id}/mentions?status=confirmed`)).body.items.find((m) => m.id === mention.id).tie_id;
  assert.ok(tieId, 'the confirmed name made a tie');
  assert.equal((await researcher.call('GET', `/ties/${tieId}`)).body.valid_to ?? null, null, 'the tie is live before the follow-up');

  // The follow-up wave, with the demo's published instrument.
  const made = await researcher.call('POST', '/survey/waves', { label: 'Follow-up 1', instrument_id: baseline.instrument_id, fieldwork_date: FOLLOW_UP_DATE });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const followUp = made.body;
  assert.equal(followUp.status, 'open');
  const bundle = (await researcher.call('GET', `/survey/waves/${followUp.id}`)).body;
  const prompts = Object.fromEntries(bundle.instrument.definition.sections.filter((s) => s.key).map((s) => [s.key, s.prompt.en]));
  const scales = (await researcher.call('GET', `${kith.url}/api/v1/survey/scales`)).body.items;
  const title = (name) => scales.find((s) => s.name === name).title;

  const page = await newPage(chromium.browser, kith.url);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signIn(page, kith.accounts.researcher, { path: `/areas/${kith.area.id}/surveys` });
  const section = page.getByRole('region', { name: 'Follow-up 1' });
  await section.getByText('Ready to use with no connection on this device.').waitFor();
  await section.getByRole('link', { name: 'Interview someone from Baseline' }).waitFor();
  await checkPage(page, 'the Surveys page with a follow-up');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  });

  await page.context().setOffline(true);
  await section.getByRole('link', { name: 'Interview someone from Baseline' }).click();
  await page.locator('h1', { hasText: 'Who are you interviewing?' }).waitFor();
  await page.getByRole('status').filter({ hasText: '1 of 1 people shown' }).waitFor();
  await page.getByLabel('Search by name or household').fill('no such name at all');
  await page.getByText('Nobody interviewed at Baseline matches that search.').waitFor();
  await page.getByLabel('Search by name or household').fill(respondent.display_name.split(' ')[0].toUpperCase());
  const choice = page.getByRole('button', { name: respondent.household ? `${respondent.display_name}, ${respondent.household}` : respondent.display_name, exact: true });
  await choice.waitFor();
  await checkPage(page, 'choosing someone from the wave before');
  await screenshot(page, 'survey-follow-up-choose');
  await choice.click();

  await page.locator('h1', { hasText: 'Consent' }).waitFor();
  await page.getByLabel('Yes, they agree').check();
  await page.getByLabel('Research (analyses and exports)').check();
  await continueTo(page, `Still in touch with ${named.display_name}?`);
  // Nothing chosen: the page names the question.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('link', { name: `Select whether you are still in touch with ${named.display_name}` }).waitFor();
  const inTouch = page.getByRole('group', { name: `Are you still in touch with ${named.display_name}?` });
  await inTouch.getByLabel('Yes', { exact: true }).check();
  await page.getByRole('group', { name: /Compared with last time/ }).getByLabel('Closer', { exact: true }).waitFor();
  await checkPage(page, 'a name from the wave before');
  await screenshot(page, 'survey-carried');
  await inTouch.getByLabel('No', { exact: true }).check();
  await continueTo(page, prompts.confide);
  for (const next of [prompts.practical, prompts.weekly, prompts.groups, prompts.places, title('ucla3'), title('ons_lonely'), title('swemwbs'), title('ons4'), 'About the respondent', prompts.help, 'Check the answers'])
    await continueTo(page, next);
  const row = page.locator('.summary-list__row').filter({ hasText: named.display_name });
  await row.getByText('No longer in touch', { exact: true }).waitFor();
  await row.getByRole('link', { name: `Change ${named.display_name}` }).waitFor();
  await page.locator('.summary-list__row').filter({ hasText: respondent.display_name }).waitFor();
  await checkPage(page, 'the check page of a follow-up');
  await page.getByRole('button', { name: 'Complete the interview' }).click();
  await page.locator('h1', { hasText: 'Interview complete' }).waitFor();
  assert.equal((await researcher.call('GET', `/survey/waves/${followUp.id}/interviews`)).body.items.length, 0, 'nothing sent while offline');

  await page.context().setOffline(false);
  await page.getByText('The interview has been sent.').waitFor({ timeout: 15_000 });

  const list = (await researcher.call('GET', `/survey/waves/${followUp.id}/interviews`)).body.items;
  assert.equal(list.length, 1, `exactly one interview arrived: ${JSON.stringify(list)}`);
  assert.equal(list[0].status, 'completed');
  const got = (await researcher.call('GET', `/survey/waves/${followUp.id}/interviews/${list[0].id}`)).body;
  assert.equal(got.respondent.person_id, respondent.id);
  // Closer or not is asked only of people still in touch, so none is stored here.
  assert.deepEqual(got.answers.carried, [{ mention: mention.id, in_touch: false }]);
  const tie = (await researcher.call('GET', `/ties/${tieId}`)).body;
  assert.equal(tie.valid_to, DAY_BEFORE);
  assert.deepEqual(pageErrors, []);
  await page.closeAll();
});
