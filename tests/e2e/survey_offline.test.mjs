// A survey interview with no connection, in a real browser against a real
// kith serve on demo data: the demo researcher opens the Surveys page (the
// Baseline wave's bundle goes into IndexedDB, the service worker keeps the
// app), the network is cut, an interview is filled (consent, a name with its
// interpreters, a group with how often, a scale), the page is reloaded while
// still offline and the interview resumes where it was, it is completed, the
// network comes back, and the API (the reference, read separately) then holds
// exactly one completed interview with the answers given. axe-core and
// 360 px on the interview pages. Then a conflict: another device changes an
// interview this one is filling; the 409 is shown with both copies, the
// researcher chooses per answer, and the server then holds the choice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium;
before(async () => { kith = await startKith({ people: 300 }); chromium = await launchBrowser(); }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const surveyApi = () => `/api/v1/areas/${kith.area.id}/survey`;

async function checkPage(page, what) {
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

async function continueTo(page, h1) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.locator('h1', { hasText: h1 }).waitFor();
}

test('an interview filled offline, reloaded and finished arrives once with its answers', { timeout: 90_000 }, async () => {
  const api = await kith.api('researcher');
  const waves = (await api.get(`${surveyApi()}/waves`)).items;
  const baseline = waves.find((w) => w.label === 'Baseline');
  assert.ok(baseline, 'the demo has a Baseline wave');
  const bundle = await api.get(`${surveyApi()}/waves/${baseline.id}`);
  const scales = (await api.get('/api/v1/survey/scales')).items;
  const title = (name) => scales.find((s) => s.name === name).title;
  const group = bundle.groups[0];
  assert.ok(group, 'the demo area has groups');
  const prompts = Object.fromEntries(bundle.instrument.definition.sections.filter((s) => s.key).map((s) => [s.key, s.prompt.en]));

  const page = await newPage(chromium.browser, kith.url);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signIn(page, kith.accounts.researcher);
  await page.getByRole('link', { name: 'Surveys', exact: true }).click();
  await settled(page);
  const section = page.getByRole('region', { name: 'Baseline' });
  await section.getByText('Ready to use with no connection on this device.').waitFor();
  await checkPage(page, 'the Surveys page');
  // The service worker must hold the app before the connection goes.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  });

  await page.context().setOffline(true);
  await section.getByRole('button', { name: 'Start an interview' }).click();
  await page.locator('h1', { hasText: 'Consent' }).waitFor();
  // The language switch: the interview's own words in Welsh, and back.
  await page.getByRole('button', { name: 'Cymraeg' }).click();
  await page.locator('h1', { hasText: 'Caniatâd' }).waitFor();
  assert.equal(await page.locator('main [lang="cy"]').count() > 0, true);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('h1', { hasText: 'Consent' }).waitFor();
  await page.getByLabel('Yes, they agree').check();
  await page.getByLabel('Research (analyses and exports)').check();
  await checkPage(page, 'the consent page');
  await continueTo(page, 'The respondent');
  await page.getByLabel(/Respondent.s name/).fill('Gwen Test-Offline');
  await continueTo(page, prompts.confide);
  await page.getByLabel('Name 1', { exact: true }).fill('Mary at number 12');
  await continueTo(page, 'About Mary at number 12');
  await page.getByRole('group', { name: /How do they know/ }).getByLabel('Neighbour').check();
  await page.getByRole('group', { name: /How close/ }).getByLabel('4', { exact: true }).check();
  await page.getByRole('group', { name: /How often/ }).getByLabel('Weekly').check();
  await page.getByRole('group', { name: /live nearby/ }).getByLabel('Yes').check();
  await checkPage(page, 'a named person page');
  await screenshot(page, 'survey-person');
  await continueTo(page, prompts.practical);
  await continueTo(page, prompts.weekly);
  await continueTo(page, prompts.groups);
  await page.getByLabel(group.name, { exact: true }).check();
  await page.getByLabel(`How often do they go to ${group.name}?`).selectOption('monthly');
  await checkPage(page, 'the groups page');
  await screenshot(page, 'survey-groups');
  await continueTo(page, prompts.places);
  await continueTo(page, title('ucla3'));
  const ucla = scales.find((s) => s.name === 'ucla3');
  const chosen = [1, 2, 3].map((i) => ucla.options[(i - 1) % ucla.options.length]);
  for (const [i, item] of ucla.items.entries())
    await page.getByRole('group', { name: item }).getByLabel(chosen[i].label, { exact: true }).check();
  await checkPage(page, 'a scale page');
  await continueTo(page, title('ons_lonely'));

  // Reloaded with no connection: the app comes from the service worker, the
  // interview from IndexedDB, on the page it had reached.
  const resumeUrl = page.url();
  const reloaded = await page.reload();
  assert.ok(reloaded.fromServiceWorker(), 'the page came from the service worker');
  await page.locator('h1', { hasText: title('ons_lonely') }).waitFor();
  assert.equal(page.url(), resumeUrl);
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await page.locator('h1', { hasText: title('ucla3') }).waitFor();
  for (const [i, item] of ucla.items.entries())
    assert.ok(await page.getByRole('group', { name: item }).getByLabel(chosen[i].label, { exact: true }).isChecked(), `item ${i + 1} kept`);
  await continueTo(page, title('ons_lonely'));
  await continueTo(page, title('swemwbs'));
  await continueTo(page, title('ons4'));
  await continueTo(page, 'About the respondent');
  await continueTo(page, prompts.help);
  await continueTo(page, 'Check the answers');
  await page.getByText('Mary at number 12; Neighbour').waitFor();
  await page.getByText(`${group.name} (Monthly)`).waitFor();
  await checkPage(page, 'the check page');
  await screenshot(page, 'survey-check');
  await page.getByRole('button', { name: 'Complete the interview' }).click();
  await page.locator('h1', { hasText: 'Interview complete' }).waitFor();
  await page.getByText('will be sent when you are back online').waitFor();
  assert.equal((await api.get(`${surveyApi()}/waves/${baseline.id}/interviews`)).items.length, 0, 'nothing sent while offline');

  await page.context().setOffline(false);
  await page.getByText('The interview has been sent.').waitFor({ timeout: 15_000 });
  // Loading the Surveys page again runs the outbox again: still one interview.
  await page.getByRole('link', { name: /Back to Baseline/ }).click();
  await page.getByRole('region', { name: 'Baseline' }).getByText('Sent').waitFor();
  await page.reload();
  await settled(page);

  const list = (await api.get(`${surveyApi()}/waves/${baseline.id}/interviews`)).items;
  assert.equal(list.length, 1, `exactly one interview arrived: ${JSON.stringify(list)}`);
  assert.equal(list[0].status, 'completed');
  const got = await api.get(`${surveyApi()}/waves/${baseline.id}/interviews/${list[0].id}`);
  assert.deepEqual(got.consent, { status: 'given', scope: ['research'] });
  assert.equal(got.respondent.display_name, 'Gwen Test-Offline');
  assert.deepEqual(got.answers.names, {
    confide: [{ said: 'Mary at number 12', relationship: 'neighbour', closeness: 4, frequency: 'weekly', nearby: true }],
  });
  assert.deepEqual(got.answers.rosters, { groups: [{ id: group.id, frequency: 'monthly' }] });
  assert.deepEqual(got.answers.scales, { ucla3: chosen.map((o) => o.code) });
  assert.deepEqual(pageErrors, []);
  await page.closeAll();
});

// A session that may send interviews, as another device would.
async function otherDevice(role) {
  const account = kith.accounts[role];
  const r = await fetch(`${kith.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  assert.equal(r.status, 200);
  const { csrf_token: csrf } = await r.json();
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return async (path, body) => {
    const res = await fetch(`${kith.url}${path}`, {
      method: 'PUT', headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, `PUT ${path}: ${res.status} ${text}`);
    return JSON.parse(text);
  };
}

async function until(what, check, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a change made on another device is shown and the researcher chooses what to keep', { timeout: 60_000 }, async () => {
  const api = await kith.api('researcher');
  const baseline = (await api.get(`${surveyApi()}/waves`)).items.find((w) => w.label === 'Baseline');
  const bundle = await api.get(`${surveyApi()}/waves/${baseline.id}`);
  const confide = bundle.instrument.definition.sections.find((s) => s.key === 'confide').prompt.en;
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher, { path: `/areas/${kith.area.id}/surveys` });
  const section = page.getByRole('region', { name: 'Baseline' });
  await section.getByText('Ready to use with no connection on this device.').waitFor();
  await section.getByRole('button', { name: 'Start an interview' }).click();
  await page.getByLabel('Yes, they agree').check();
  await page.getByLabel('Research (analyses and exports)').check();
  await continueTo(page, 'The respondent');
  await page.getByLabel(/Respondent.s name/).fill('Ann Conflict');
  await continueTo(page, confide);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[6]);
  const path = `${surveyApi()}/waves/${baseline.id}/interviews/${id}`;
  const sent = await until('the respondent page to arrive', async () => {
    const got = await api.get(path).catch(() => null);
    return got?.respondent?.display_name === 'Ann Conflict' ? got : null;
  });

  // Another device corrects the name on the server's copy.
  const put = await otherDevice('researcher');
  await put(path, {
    batch: 'other-device-batch-0001', base_revision: sent.revision, status: 'in_progress', language: 'en',
    respondent: { display_name: 'Ann Conflict-Jones' }, consent: { status: 'given', scope: ['research'] }, answers: {},
  });

  page.expectStatus(409, /\/interviews\/[^/]+$/);
  await page.getByLabel('Name 1', { exact: true }).fill('Dave');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.locator('h1', { hasText: 'This interview was changed on another device' }).waitFor();
  const who = page.getByRole('group', { name: /Respondent.s name/ });
  await who.getByLabel('This device: Ann Conflict', { exact: true }).waitFor();
  const names = page.getByRole('group', { name: confide });
  await names.getByLabel('This device: Dave').waitFor();
  await checkPage(page, 'the conflict page');
  assert.equal((await api.get(path)).respondent.display_name, 'Ann Conflict-Jones', 'nothing overwritten before choosing');
  await who.getByLabel('The other device: Ann Conflict-Jones').check();
  await page.getByRole('button', { name: 'Keep these answers and send' }).click();
  await page.locator('h1', { hasText: 'About Dave' }).waitFor();

  const kept = await until('the choice to arrive', async () => {
    const got = await api.get(path);
    return got.answers.names ? got : null;
  });
  assert.equal(kept.respondent.display_name, 'Ann Conflict-Jones');
  assert.deepEqual(kept.answers.names, { confide: [{ said: 'Dave' }] });
  assert.equal(kept.revision, sent.revision + 2);
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a refusal goes to checking and is recorded with no answers', { timeout: 60_000 }, async () => {
  const api = await kith.api('researcher');
  const baseline = (await api.get(`${surveyApi()}/waves`)).items.find((w) => w.label === 'Baseline');
  const before = (await api.get(`${surveyApi()}/waves/${baseline.id}/interviews`)).items.length;
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher, { path: `/areas/${kith.area.id}/surveys` });
  const section = page.getByRole('region', { name: 'Baseline' });
  await section.getByText('Ready to use with no connection on this device.').waitFor();
  await section.getByRole('button', { name: 'Start an interview' }).click();
  await page.locator('h1', { hasText: 'Consent' }).waitFor();
  // Continue with nothing chosen: the error is named and linked to the question.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('alert').getByRole('link', { name: 'Select whether the respondent agrees to take part' }).waitFor();
  await checkPage(page, 'the consent page with an error');
  await page.getByLabel('No, they do not want to take part').check();
  await continueTo(page, 'Check the answers');
  await page.getByRole('button', { name: 'Record the refusal' }).click();
  await page.locator('h1', { hasText: 'Refusal recorded' }).waitFor();
  await page.getByText('The interview has been sent.').waitFor({ timeout: 15_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[6]);
  const got = await api.get(`${surveyApi()}/waves/${baseline.id}/interviews/${id}`);
  assert.equal(got.status, 'refused');
  assert.deepEqual(got.consent, { status: 'refused', scope: [] });
  assert.deepEqual(got.answers, {});
  assert.equal((await api.get(`${surveyApi()}/waves/${baseline.id}/interviews`)).items.length, before + 1);
  page.assertNoConsoleErrors();
  await page.closeAll();
});
