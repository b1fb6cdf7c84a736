// Fieldwork in a real browser against a real kith serve on demo data (issue
// 11, "Logistics"). (a) The demo admin opens the Baseline's fieldwork page
// from the waves table, is told what is wrong with a count of homes that is
// not a whole number (next to the field), then gives a street of the demo
// to the demo researcher; the assignments table and the coverage table show
// what the API, read separately, says. (b) The researcher opens Surveys: the
// street is under "Your streets"; with the network cut they record a doorstep
// visit, which waits on the device; when the network returns it is sent, and
// the API's report then counts exactly one more home visited on that street.
// axe-core and 360 px on both pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area, apiArea, baseline;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `/api/v1/areas/${kith.area.id}`;
  const admin = await kith.api('admin');
  baseline = (await admin.get(`${apiArea}/survey/waves`)).items.find((w) => w.label === 'Baseline');
  assert.ok(baseline, 'the demo has a Baseline wave');
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const fieldworkApi = () => `${apiArea}/survey/waves/${baseline.id}/fieldwork`;

async function check(page, what) {
  await settled(page);
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

const streetOf = (report, name) => report.streets.find((s) => s.street === name);

test('a coordinator gives out a street and reads the coverage the API reports', { timeout: 90_000 }, async () => {
  const admin = await kith.api('admin');
  const before = await admin.get(fieldworkApi());
  assert.ok(before.streets.length > 0, 'the demo register has households on streets');
  const street = before.streets.find((s) => s.street !== null).street;

  const page = await newPage(chromium.browser, kith.url);
  page.expectStatus(400, /\/survey\/waves\/[^/]+\/assignments$/);  // the count of homes sent wrong, on purpose
  await signIn(page, kith.accounts.admin);
  await page.goto(`${area}/surveys/instruments`);
  await settled(page);
  await page.getByRole('link', { name: 'Fieldwork of Baseline', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Fieldwork: Baseline' }).waitFor();
  await check(page, 'the fieldwork page');

  // A count of homes that is not a whole number: the server's words, next to the field.
  await page.getByLabel('Street', { exact: true }).fill(street);
  await page.getByLabel(/^Homes on the street/).fill('4.5');
  await page.getByLabel('Interviewer', { exact: true }).selectOption(kith.accounts.researcher.username);
  await page.getByRole('button', { name: 'Give it out' }).click();
  const doorsError = page.locator('#f-doors-error');
  await doorsError.waitFor();
  assert.match(await doorsError.textContent(), /whole number/);
  assert.equal((await admin.get(`${apiArea}/survey/waves/${baseline.id}/assignments`)).items.length, 0, 'nothing was written');

  await page.getByLabel(/^Homes on the street/).fill('60');
  await page.getByRole('button', { name: 'Give it out' }).click();
  await page.getByRole('status').getByText(`${street} is given to`).waitFor();
  const given = (await admin.get(`${apiArea}/survey/waves/${baseline.id}/assignments`)).items;
  assert.equal(given.length, 1);
  assert.equal(given[0].street, street);
  assert.equal(given[0].doors, 60);
  assert.equal(given[0].interviewer, kith.accounts.researcher.username);
  const row = page.locator('table', { has: page.locator('caption', { hasText: 'Streets and households given' }) }).locator('tbody tr');
  // The notice comes with the server's answer; the table is drawn again from
  // the list read after it, so wait for the row before counting.
  await row.filter({ hasText: street }).first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.first().textContent(), new RegExp(`${street}.*The whole street.*60`));

  // The coverage table: the street's homes and visits as the API counts them.
  const report = await admin.get(fieldworkApi());
  const s = streetOf(report, street);
  assert.equal(s.households, Math.max(60, streetOf(before, street).households));
  const coverageRow = page.locator('#coverage-heading ~ .table-wrap tbody tr', { has: page.locator('th', { hasText: street }) });
  await coverageRow.locator('td[data-label="Homes"]').getByText(String(s.households), { exact: true }).waitFor();
  const total = page.locator('#coverage-heading ~ .table-wrap tfoot tr');
  assert.equal(await total.locator('td[data-label="Homes"]').textContent(), report.total.households.toLocaleString('en-GB'));
  await check(page, 'the fieldwork page with a street given out');
  await screenshot(page, 'survey-fieldwork');
  page.assertNoConsoleErrors();
});

test('the interviewer sees their street and a doorstep visit recorded offline arrives once', { timeout: 90_000 }, async () => {
  const admin = await kith.api('admin');
  let given = (await admin.get(`${apiArea}/survey/waves/${baseline.id}/assignments`)).items;
  if (given.length === 0) {
    // This test alone: give the street through the API.
    const street = (await admin.get(fieldworkApi())).streets.find((s) => s.street !== null).street;
    const r = await admin.send('POST', `${apiArea}/survey/waves/${baseline.id}/assignments`, { street, doors: 60, interviewer: kith.accounts.researcher.username });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    given = [r.body];
  }
  const street = given[0].street;
  const household = `999 ${street}`;  // a home the register does not know yet
  const before = streetOf(await admin.get(fieldworkApi()), street);

  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.getByRole('link', { name: 'Surveys', exact: true }).click();
  await settled(page);
  const section = page.getByRole('region', { name: 'Baseline' });
  await section.getByText('Ready to use with no connection on this device.').waitFor();
  await section.getByRole('list', { name: 'Your streets' }).getByText(`${street}, the whole street (60 homes)`).waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  });

  await page.context().setOffline(true);
  await section.getByRole('button', { name: 'Record a doorstep visit' }).click();
  // Saved with nothing filled: told what to do, nothing kept.
  await section.getByRole('button', { name: 'Save the visit' }).click();
  await section.getByText('Enter the household you visited').first().waitFor();
  await section.getByLabel('Household', { exact: true }).fill(household);
  await section.getByLabel('Nobody answered').check();
  await check(page, 'the Surveys page with the visit form');
  await section.getByRole('button', { name: 'Save the visit' }).click();
  await section.getByText(`Visit to ${household} saved on this device.`).waitFor();
  await section.getByText(`${household}: Nobody answered – waiting to send`).waitFor();

  await page.context().setOffline(false);
  await section.getByText(`${household}: Nobody answered – sent`).waitFor({ timeout: 20_000 });
  const after = streetOf(await admin.get(fieldworkApi()), street);
  assert.equal(after.outcomes.visited, before.outcomes.visited + 1, 'exactly one more home visited');
  assert.equal(after.outcomes.no_answer, before.outcomes.no_answer + 1);
  // Sending again (as after a lost answer) records nothing new.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await page.waitForTimeout(500);
  assert.equal(streetOf(await admin.get(fieldworkApi()), street).outcomes.visited, after.outcomes.visited);
  await check(page, 'the Surveys page after sending');
  await screenshot(page, 'survey-your-streets');
  page.assertNoConsoleErrors();
});
