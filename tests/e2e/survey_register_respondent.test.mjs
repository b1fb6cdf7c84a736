// A respondent who is in the register already, at a baseline wave (issue 11):
// the demo researcher opens Surveys, is told to enter a name when searching
// with none, searches the register for a demo person, chooses them, and the
// interview starts on the device for that person: its consent page opens, and
// back on Surveys the device's interview carries their name. axe-core and
// 360 px with the search results shown.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area, apiArea;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `/api/v1/areas/${kith.area.id}`;
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

test('a researcher interviews someone already in the register at the baseline', { timeout: 90_000 }, async () => {
  const api = await kith.api('researcher');
  const baseline = (await api.get(`${apiArea}/survey/waves`)).items.find((w) => w.label === 'Baseline' && w.status === 'open');
  assert.ok(baseline, 'the demo has an open Baseline wave');
  const person = (await api.listAll(`${apiArea}/people`)).find((p) => p.household && !p.is_pseudonym);
  const surname = person.display_name.split(' ').pop();

  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys`);
  const section = page.getByRole('region', { name: 'Baseline' });
  const search = section.getByLabel('Search the register by name');
  await search.waitFor();
  await section.getByRole('button', { name: 'Search', exact: true }).click();
  await section.getByText('Enter part of their name to search').waitFor();

  await search.fill(surname);
  await section.getByRole('button', { name: 'Search', exact: true }).click();
  const choice = section.getByRole('button', { name: `${person.display_name}, ${person.household}`, exact: true });
  await choice.waitFor();
  await settled(page);
  await checkAxe(page, 'surveys with register search results');
  await noSideScroll(page, 'surveys with register search results');
  await choice.click();
  await page.locator('h1', { hasText: 'Consent' }).waitFor();

  await page.goto(`${area}/surveys`);
  const here = page.getByRole('region', { name: 'Baseline' }).locator('li', { hasText: person.display_name });
  await here.getByText('In progress').waitFor();
  page.assertNoConsoleErrors();
  await page.close();
});
