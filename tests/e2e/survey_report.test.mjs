// The wave report page in a real browser against a real kith serve on demo data
// (issue 11). Through the API, a follow-up wave to the demo's Baseline gets four
// completed interviews, three of them from people who also answered the
// Baseline. Then:
// (a) the demo researcher opens the report from the waves table; the figures
//     shown are the API's JSON, read separately; the CSV link answers text/csv;
// (b) the demo commissioner, who has no survey pages, opens the same report from
//     the Dashboard's list of waves: no respondent's name appears, small counts
//     read "fewer than 5".
// Both pass axe-core and do not scroll sideways at 360 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area, apiArea, followUp, respondents;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `/api/v1/areas/${kith.area.id}`;
  const researcher = await kith.api('researcher');
  const baseline = (await researcher.get(`${apiArea}/survey/waves`)).items.find((w) => w.label === 'Baseline');
  assert.ok(baseline, 'the demo has a Baseline wave');
  const made = await researcher.send('POST', `${apiArea}/survey/waves`, {
    label: 'Follow-up 1', instrument_id: baseline.instrument_id, fieldwork_date: baseline.fieldwork_date,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  followUp = made.body;
  const people = await researcher.listAll(`${apiArea}/people`);
  respondents = people.filter((p) => p.consent_status === 'given' && (p.consent_scope || []).includes('research')).slice(0, 4);
  assert.equal(respondents.length, 4, 'the demo has four people whose consent allows research');
  // Baseline: the first three. Follow-up: all four, wellbeing higher for each.
  const interview = async (wave, i, person, ucla, swemwbs) => {
    const key = `report-e2e-${wave.slice(0, 8)}-${i}-interview`;
    const r = await researcher.send('PUT', `${apiArea}/survey/waves/${wave}/interviews/${key}`, {
      batch: `${key}-batch`, base_revision: 0,
      respondent: { person_id: person.id },
      consent: { status: 'given', scope: ['research'] },
      status: 'completed',
      answers: { scales: { ucla3: ucla, swemwbs } },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const scores = [[[1, 1, 1], [4, 4, 4, 4, 4, 4, 4]], [[2, 2, 2], [3, 3, 3, 3, 3, 3, 3]], [[3, 3, 3], [2, 2, 2, 2, 2, 2, 2]], [[1, 2, 1], [3, 3, 3, 3, 3, 3, 4]]];
  for (const [i, p] of respondents.slice(0, 3).entries()) await interview(baseline.id, i, p, scores[i][0], scores[i][1].map((x) => x - 1));
  for (const [i, p] of respondents.entries()) await interview(followUp.id, i, p, scores[i][0], scores[i][1]);
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

async function check(page, what) {
  await settled(page);
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

const stat = (page, label) => page.locator('.stats__item', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
const whole = (share) => `${Math.round(share * 100)}%`;

test('a researcher opens the report from the waves table and sees the API\'s figures', { timeout: 90_000 }, async () => {
  const report = await (await kith.api('researcher')).get(`${apiArea}/survey/waves/${followUp.id}/report`);
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/instruments`);
  await settled(page);
  await page.getByRole('link', { name: 'Report on Follow-up 1', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Survey report: Follow-up 1' }).waitFor();
  await settled(page);

  const r = report.response;
  assert.equal(r.completed.count, 4);
  assert.equal(await stat(page, 'Interviews started').textContent(), String(r.started.count));
  assert.equal(await stat(page, 'Completed').textContent(), String(r.completed.count));
  assert.equal(await stat(page, 'Refused').textContent(), String(r.refused.count));
  // Four completed, none refused: the rate is 100%, its Wilson interval from the API.
  await page.getByText(`${whole(r.response_rate.value)} (${whole(r.response_rate.lower)} to ${whole(r.response_rate.upper)})`, { exact: true }).waitFor();

  // The contacts table: each band's respondents as the API counts them.
  const rows = page.locator('#by-contacts tbody tr');
  assert.equal(await rows.count(), report.by_contacts.length);
  for (const [i, w] of report.by_contacts.entries())
    assert.equal((await rows.nth(i).locator('td').first().textContent()).trim(), String(w.respondents.count), `band ${w.group}`);
  // Every isolation class in plain words, none as the API spells it.
  const classes = (await page.locator('#by-isolation tbody th').allTextContents()).map((t) => t.trim());
  assert.deepEqual(classes, ['No contacts', 'One contact', 'No weekly contact', 'Family-only contacts', 'None of these']);
  // The correlation sentence carries the API's n and r to two places.
  const pearson = report.correlations.contacts_swemwbs_pearson;
  const said = await page.locator('#correlation-swemwbs').textContent();
  if (pearson.value === null) assert.match(said, /not worked out/);
  else {
    assert.ok(said.includes(`r = ${pearson.value.toFixed(2).replace('-', '−')}`), said);
    assert.ok(said.includes(`${pearson.n} people`), said);
  }
  // Three people answered both waves, each 7 raw points higher: the change is the API's.
  assert.equal(await page.locator('#paired-people').textContent(), String(report.paired.people.count));
  assert.equal(report.paired.people.count, 3);
  const change = report.paired.swemwbs_change;
  assert.ok((await page.locator('#paired-change').textContent()).includes(`+${change.value.toFixed(1)}`));
  // A researcher sees who became isolated or reconnected, each a link to their page.
  for (const p of [...report.change.isolated_now, ...report.change.reconnected_now].slice(0, 3))
    assert.equal(await page.getByRole('link', { name: p.name, exact: true }).first().getAttribute('href'), `${area}/people/${p.id}`);

  const csv = page.getByRole('link', { name: /^Download as CSV/ });
  const href = await csv.getAttribute('href');
  assert.equal(href, `${apiArea}/survey/waves/${followUp.id}/report?format=csv`);
  assert.notEqual(await csv.getAttribute('download'), null);
  const answer = await page.request.get(href);
  assert.equal(answer.status(), 200);
  assert.match(answer.headers()['content-type'], /^text\/csv/);
  assert.ok((await answer.text()).startsWith('table,group,measure,count,value,lower,upper,shown,note'));

  await check(page, 'Survey report (researcher)');
  await screenshot(page, 'survey-report-researcher');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a commissioner opens the report from the Dashboard and sees no one and no small number', { timeout: 90_000 }, async () => {
  const report = await (await kith.api('commissioner')).get(`${apiArea}/survey/waves/${followUp.id}/report`);
  assert.equal(report.aggregates_only, true);
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.commissioner);
  await page.goto(`${area}/dashboard`);
  await page.getByRole('link', { name: 'Report on Follow-up 1', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Survey report: Follow-up 1' }).waitFor();
  await settled(page);
  await page.getByText('Counts from 1 to 4 are withheld so that nobody can be identified', { exact: false }).waitFor();
  // Four completed interviews: withheld, in words.
  assert.equal(report.response.completed.suppressed, true);
  assert.equal(await stat(page, 'Completed').textContent(), 'fewer than 5');
  const cells = await page.locator('#by-contacts tbody td').allTextContents();
  for (const [i, w] of report.by_contacts.entries()) {
    const shown = cells[i * 3].trim();
    if (w.respondents.suppressed) {
      assert.equal(shown, 'fewer than 5', `band ${w.group}`);
      assert.equal(cells[i * 3 + 1].trim(), 'withheld', `band ${w.group}'s mean`);
    } else assert.equal(shown, String(w.respondents.count), `band ${w.group}`);
  }
  assert.ok(report.by_contacts.some((w) => w.respondents.suppressed), 'some band is withheld');
  const text = await page.locator('main').textContent();
  for (const p of respondents) {
    assert.ok(typeof p.display_name === 'string' && p.display_name.length > 1, 'the respondent has a name to look for');
    assert.ok(!text.includes(p.display_name), `${p.display_name} is not named`);
  }
  assert.equal(await page.locator(`main a[href*="/people/"]`).count(), 0, 'no link to a person');
  await page.getByRole('link', { name: 'Back to the dashboard', exact: true }).waitFor();
  await check(page, 'Survey report (commissioner)');
  page.assertNoConsoleErrors();
  await page.closeAll();
});
