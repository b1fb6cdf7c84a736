// The Import and export page in a real browser against a real kith serve on demo data:
// (a) the admin checks an edge list with one bad row: exactly that problem (file,
//     line 3, column weight) is listed and the register is unchanged (people list
//     and summary read from the API before and after); the corrected file is
//     checked ("Would add 4 people and 3 ties"), still changing nothing, then
//     imported, and the people counts rise by exactly the 4 new names of the
//     hand-written file;
// (b) a Kumu pair with a problem in each file lists both;
// (c) a GraphML download arrives with its file name and an XML start;
// (d) a researcher (register_read and register_write, docs/security.md) sees both
//     halves; a commissioner cannot open the page;
// axe-core, 360 px without sideways scroll, screenshots, no console errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area;
before(async () => { kith = await startKith(); chromium = await launchBrowser(); area = `/areas/${kith.area.id}`; }, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

const apiArea = () => `/api/v1/areas/${kith.area.id}`;

// People in the register (the People list) and in the dashboard's summary.
async function peopleCounts(api) {
  const listed = (await api.listAll(`${apiArea()}/people`)).length;
  const summary = (await api.get(`${apiArea()}/network/summary`)).graph.people;
  return { listed, summary };
}

// Written by hand: four names new to the demo area, three ties; line 3 (the
// header is line 1) has a weight outside 1 to 5.
const badEdgeList = [
  'source,target,weight',
  'Import Test Ada,Import Test Ben,2',
  'Import Test Ada,Import Test Cy,9',
  'Import Test Ben,Import Test Dee,4',
  '',
].join('\n');
const goodEdgeList = badEdgeList.replace('Import Test Cy,9', 'Import Test Cy,3');
const NEW_NAMES = 4;

const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

// The problems table's rows as [file, line, column, problem].
async function problemRows(page) {
  return page.locator('.problems tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
}

async function openPage(role) {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts[role]);
  await page.goto(`${area}/import`);
  await settled(page);
  return page;
}

test('an edge list: a bad row is shown and nothing changes; the corrected file imports its new names', { timeout: 180_000 }, async () => {
  const api = await kith.api('admin');
  const before0 = await peopleCounts(api);
  const page = await openPage('admin');
  assert.equal(await page.title(), `Import and export – ${kith.area.name} – kith`);
  assert.equal(await page.locator('h1').textContent(), 'Import and export');

  await page.getByLabel('An edge list (CSV: source, target, weight)', { exact: true }).check();
  const fileInput = page.getByLabel('Edge list CSV file', { exact: true });
  await fileInput.setInputFiles(csvFile('ties.csv', badEdgeList));
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  assert.equal(await importButton.isDisabled(), true, 'Import is offered before the file was checked');
  await page.getByRole('button', { name: 'Check the file', exact: true }).click();

  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /1 problem; nothing has been imported\./);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'the error summary takes focus');
  assert.deepEqual(await problemRows(page), [['Edge list', '3', 'weight', 'enter weight as a whole number from 1 to 5; it becomes the tie\'s closeness']]);
  assert.equal(await importButton.isDisabled(), true, 'Import is offered for a file with problems');
  assert.deepEqual(await peopleCounts(api), before0, 'checking a file with a problem changed the register');

  await checkAxe(page, 'the import page with a problem listed');
  await noSideScroll(page, 'the import page with a problem listed');
  await screenshot(page, 'admin-import-problem');

  // The summary's link leads to the problems table.
  await summary.getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-problems');

  // A changed file must be checked again before it can be imported.
  await fileInput.setInputFiles(csvFile('ties.csv', goodEdgeList));
  assert.equal(await page.locator('.problems').count(), 0, 'the old problems stay after a new file was chosen');
  assert.equal(await importButton.isDisabled(), true, 'Import is offered for a file not yet checked');
  await page.getByRole('button', { name: 'Check the file', exact: true }).click();
  await page.getByText('Would add 4 people and 3 ties.', { exact: true }).waitFor();
  assert.equal(await page.locator('.error-summary').count(), 0);
  assert.equal(await importButton.isEnabled(), true, 'Import is not offered for a file with no problems');
  assert.deepEqual(await peopleCounts(api), before0, 'checking a good file changed the register');

  await importButton.click();
  await page.getByRole('heading', { name: 'The file has been imported' }).waitFor();
  assert.equal(await page.getByText('Added 4 people and 3 ties.', { exact: true }).count(), 1);
  assert.equal(await page.getByRole('link', { name: 'Open the dashboard' }).getAttribute('href'), `${area}/dashboard`);
  assert.equal(await page.getByRole('link', { name: 'see the people' }).getAttribute('href'), `${area}/people`);
  const after1 = await peopleCounts(api);
  assert.equal(after1.listed, before0.listed + NEW_NAMES, 'the People list did not grow by the new names');
  assert.equal(after1.summary, before0.summary + NEW_NAMES, 'the summary did not count the new names');
  const names = (await api.listAll(`${apiArea()}/people?q=${encodeURIComponent('Import Test')}`)).map((p) => p.display_name).sort();
  assert.deepEqual(names, ['Import Test Ada', 'Import Test Ben', 'Import Test Cy', 'Import Test Dee']);
  await screenshot(page, 'admin-import-done');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a Kumu pair with a problem in each file lists both', { timeout: 120_000 }, async () => {
  const api = await kith.api('admin');
  const before0 = await peopleCounts(api);
  const page = await openPage('admin');
  await page.getByLabel('A Kumu spreadsheet pair (elements and connections CSV files)', { exact: true }).check();
  await page.getByLabel('Elements CSV file', { exact: true }).setInputFiles(csvFile('elements.csv', [
    'ID,Label,Type',
    'kumu-test-1,Kumu Test One,Person',
    'kumu-test-2,Kumu Test Two,Alien',
    'kumu-test-3,Kumu Test Three,Person',
    '',
  ].join('\n')));
  await page.getByLabel('Connections CSV file (optional)', { exact: true }).setInputFiles(csvFile('connections.csv', [
    'From,To,Type,Closeness',
    'kumu-test-1,kumu-test-3,friend,3',
    'kumu-test-3,kumu-test-1,neighbour,8',
    '',
  ].join('\n')));
  await page.getByRole('button', { name: 'Check the file', exact: true }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('.error-summary').textContent(), /2 problems; nothing has been imported\./);
  const rows = await problemRows(page);
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [['Elements file', '3', 'Type'], ['Connections file', '3', 'Closeness']]);
  assert.match(rows[0][3], /Alien/);
  assert.match(rows[1][3], /closeness/i);
  assert.deepEqual(await peopleCounts(api), before0);
  await noSideScroll(page, 'the import page with Kumu problems');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a GraphML export downloads with its name and an XML start', { timeout: 120_000 }, async () => {
  const page = await openPage('admin');
  assert.ok((await page.getByText('Each download is recorded', { exact: false }).count()) > 0, 'the page does not say downloads are recorded');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download GraphML', exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `kith-${kith.area.id}-graphml.graphml`);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('<?xml'), `the GraphML file starts "${text.slice(0, 40)}"`);
  assert.match(text.slice(0, 400), /<graphml\b/);
  // Every download link goes to the export route of this area.
  const hrefs = await page.locator('.download-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, [
    'kumu&part=elements', 'kumu&part=connections', 'edgelist', 'graphml', 'gexf', 'json', 'research',
  ].map((f) => `${apiArea()}/export?format=${f}`));
  await checkAxe(page, 'the import and export page');
  await noSideScroll(page, 'the import and export page');
  page.assertNoConsoleErrors();
  await page.closeAll();
});

test('a researcher may import and export; a commissioner cannot open the page', { timeout: 120_000 }, async () => {
  const researcher = await openPage('researcher');
  assert.equal(await researcher.getByRole('heading', { name: 'Import a file' }).count(), 1, 'register_write includes researchers (docs/security.md)');
  assert.equal(await researcher.getByRole('heading', { name: 'Export the area' }).count(), 1);
  assert.equal(await researcher.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Import and export' }).count(), 1);
  await checkAxe(researcher, 'the import page (researcher)');
  await screenshot(researcher, 'researcher-import-page');
  researcher.assertNoConsoleErrors();
  await researcher.closeAll();

  const commissioner = await openPage('commissioner');
  assert.equal(await commissioner.locator('h1').textContent(), 'You cannot see this page');
  assert.equal(await commissioner.locator('nav[aria-label="Main"]').getByRole('link', { name: 'Import and export' }).count(), 0);
  assert.equal(await commissioner.locator('input[type="file"]').count(), 0);
  assert.equal(await commissioner.locator('a[href*="/export"]').count(), 0);
  commissioner.assertNoConsoleErrors();
  await commissioner.closeAll();
});

test('the import form by keyboard: format, file, check', { timeout: 120_000 }, async () => {
  const page = await openPage('admin');
  await page.getByLabel('A Kumu spreadsheet pair (elements and connections CSV files)', { exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByLabel('An edge list (CSV: source, target, weight)', { exact: true }).isChecked(), true);
  // A check without a file names the missing file, and its link moves focus to the input.
  await page.getByRole('button', { name: 'Check the file', exact: true }).focus();
  await page.keyboard.press('Enter');
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Choose the edge list file/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-file-edgelist');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the file input has no visible focus');
  page.assertNoConsoleErrors();
  await page.closeAll();
});
