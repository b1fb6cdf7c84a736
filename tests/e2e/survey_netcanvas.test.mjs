// Network Canvas interviews into a wave, in a real browser against a real kith
// serve on demo data (issue 11, "Interoperability"). The demo researcher opens
// "Import from Network Canvas" from the waves table, is told what is missing
// when sending nothing, then a file whose second interview has a closeness of
// 7 (refused with its line, nothing written), then the good file
// (tests/data/netcanvas/two_sessions.graphml): the page says what came in,
// and the API, read separately, has both interviews. axe-core and 360 px.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

const fixture = new URL('../data/netcanvas/two_sessions.graphml', import.meta.url);
let kith, chromium, area, apiArea;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `/api/v1/areas/${kith.area.id}`;
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

test('a researcher imports Network Canvas interviews into the baseline', { timeout: 90_000 }, async () => {
  const api = await kith.api('researcher');
  const baseline = (await api.get(`${apiArea}/survey/waves`)).items.find((w) => w.label === 'Baseline');
  const before = (await api.get(`${apiArea}/survey/waves/${baseline.id}/interviews`)).items.length;
  const good = readFileSync(fixture, 'utf8');
  const badPath = join(tmpdir(), `kith-e2e-bad-${process.pid}.graphml`);
  writeFileSync(badPath, good.replace('<data key="c0de-relationship">family</data>', '<data key="c0de-relationship">family</data><data key="c0de-closeness">7</data>'));

  const page = await newPage(chromium.browser, kith.url);
  page.expectStatus(400, /\/survey\/waves\/[^/]+\/netcanvas/);  // the bad file, on purpose
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/surveys/instruments`);
  await page.getByRole('link', { name: 'Import from Network Canvas into Baseline' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import from Network Canvas: Baseline' }).waitFor();
  await settled(page);
  await checkAxe(page, 'the Network Canvas import');
  await noSideScroll(page, 'the Network Canvas import');

  await page.getByRole('button', { name: 'Import the interviews' }).click();
  await page.locator('#f-file-error').getByText('Choose the GraphML file').waitFor();
  await page.locator('#f-consent_scope-error').getByText('Tick what the respondents agreed to').waitFor();

  await page.getByLabel('GraphML file exported from Network Canvas').setInputFiles(badPath);
  await page.getByLabel('Research (analyses and exports)').check();
  await page.getByRole('button', { name: 'Import the interviews' }).click();
  await page.locator('#f-file-error').getByText(/line 66: closeness is "7"/).waitFor();
  assert.equal((await api.get(`${apiArea}/survey/waves/${baseline.id}/interviews`)).items.length, before, 'nothing was written');

  await page.getByLabel('GraphML file exported from Network Canvas').setInputFiles(fileURLToPathSafe(fixture));
  await page.getByRole('button', { name: 'Import the interviews' }).click();
  await page.getByRole('status').getByText('2 interviews imported, naming 3 people.').waitFor();
  await screenshot(page, 'researcher-netcanvas-imported');
  const after = (await api.get(`${apiArea}/survey/waves/${baseline.id}/interviews`)).items;
  assert.equal(after.length, before + 2);
  const got = await api.get(`${apiArea}/survey/waves/${baseline.id}/interviews/nc-6f1c2d3e-0000-4000-8000-000000000001`);
  assert.equal(got.status, 'completed');
  assert.deepEqual(got.consent.scope, ['research']);
  page.assertNoConsoleErrors();
  await page.close();
});

function fileURLToPathSafe(url) { return decodeURIComponent(url.pathname); }
