// Merging two records of one person in a real browser against a real kith
// serve on demo data (issue 11: "merges of two register entries are logged
// and reversible"). The demo researcher adds a second record for a demo
// person with a tie of its own, opens the person's page, finds the second
// record under "Same person recorded twice?", is told to give a reason, checks
// the merge and merges it: the second record's tie is the person's now (the
// API, read separately, says so) and the second record has left the list.
// Then on the Merged records page they undo it: the tie goes back. axe-core
// and 360 px on both pages; keyboard only for the merge form.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { checkAxe, launchBrowser, newPage, noSideScroll, screenshot, settled, signIn } from './lib/browser.mjs';

let kith, chromium, area, apiArea;
before(async () => {
  kith = await startKith({ people: 300 });
  chromium = await launchBrowser();
  area = `/areas/${kith.area.id}`;
  apiArea = `/api/v1/areas/${kith.area.id}`;
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

async function check(page, what) {
  await settled(page);
  await checkAxe(page, what);
  await noSideScroll(page, what);
}

test('a researcher merges a second record of a person into the first, then undoes it', { timeout: 120_000 }, async () => {
  const api = await kith.api('researcher');
  const people = await api.listAll(`${apiArea}/people`);
  const kept = people.find((p) => !p.is_pseudonym && p.household);
  const friend = people.find((p) => p.id !== kept.id);
  assert.ok(kept && friend, 'the demo has people with households');
  // A second record of the same person, as a survey makes one, with a tie of its own.
  const second = await api.send('POST', `${apiArea}/people`, { display_name: 'Zed Twice-Recorded', is_pseudonym: true, household: kept.household });
  assert.equal(second.status, 201);
  const tie = await api.send('POST', `${apiArea}/ties`, { source_id: second.body.id, target_id: friend.id, kind: 'neighbour', closeness: 2, frequency: 'monthly' });
  assert.equal(tie.status, 201);

  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.researcher);
  await page.goto(`${area}/people/${kept.id}`);
  await page.getByRole('heading', { level: 2, name: 'Same person recorded twice?' }).waitFor();
  await check(page, 'a person with the merge form');

  // Keyboard only: search, choose, and a missing reason is named.
  const search = page.getByLabel('Find the other record by name');
  await search.focus();
  await page.keyboard.type('Twice-Recorded');
  await page.keyboard.press('Enter');
  const choose = page.getByLabel(/^Choose the record \(1 found\)/);
  await choose.waitFor();
  assert.match(await choose.locator('option:checked').textContent(), /Zed Twice-Recorded/);
  await page.getByRole('button', { name: 'Check the merge' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#f-reason-error').getByText('Say why these are one person').waitFor();

  await page.getByLabel('Why are they one person?').focus();
  await page.keyboard.type('Same household; she confirmed it at the door');
  await page.getByRole('button', { name: 'Check the merge' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 3, name: 'Check before you merge' }).waitFor();
  await check(page, 'the merge check');
  const go = page.getByRole('button', { name: `Merge Zed Twice-Recorded into ${kept.display_name}` });
  await go.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText(`Zed Twice-Recorded is merged into ${kept.display_name}: 1 tie moved.`).waitFor();
  await screenshot(page, 'researcher-person-merged');

  // The API, read separately: the tie is the kept person's, the second record gone.
  const moved = await api.get(`${apiArea}/ties/${tie.body.id}`);
  assert.equal(moved.source_id, kept.id);
  assert.ok(!(await api.listAll(`${apiArea}/people`)).some((p) => p.id === second.body.id), 'the merged record left the list');
  // And the page, reloaded, lists the tie with the friend.
  await page.getByRole('table', { name: `${kept.display_name}’s ties` }).getByRole('link', { name: friend.display_name }).first().waitFor();

  // An old link to the merged record (a survey, a bookmark) says whose record it is now and leads there.
  page.expectStatus(404, /\/api\/v1\/areas\/[^/]+\/people\/pe_[a-z0-9]+$/);
  await page.goto(`${area}/people/${second.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'This record was merged' }).waitFor();
  await page.getByText(`Zed Twice-Recorded’s record was merged into ${kept.display_name}’s on `).waitFor();
  await check(page, 'an old link to a merged record');
  await page.getByRole('link', { name: `Open ${kept.display_name}’s record` }).click();
  await page.getByRole('heading', { level: 1, name: kept.display_name }).waitFor();
  await page.goto(`${area}/people/${second.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'This record was merged' }).waitFor();

  // Undo on the Merged records page.
  await page.getByRole('main').getByRole('link', { name: 'Merged records', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Merged records' }).waitFor();
  await check(page, 'the merged records page');
  await screenshot(page, 'researcher-merges');
  const row = page.locator('tbody tr').first();
  assert.match(await row.textContent(), /Same household; she confirmed it at the door/);
  assert.match(await row.textContent(), /1 tie/);
  await row.getByRole('button', { name: `Undo the merge of Zed Twice-Recorded into ${kept.display_name}` }).click();
  await page.getByRole('status').getByText('Zed Twice-Recorded is a separate record again. Everything the merge moved went back.').waitFor();
  await row.getByText(/^Undone by /).waitFor();
  assert.equal((await api.get(`${apiArea}/ties/${tie.body.id}`)).source_id, second.body.id);
  const merges = await api.get(`${apiArea}/merges`);
  assert.equal(merges.items[0].status, 'undone');
  page.assertNoConsoleErrors();
  await page.close();
});

test('a commissioner may not read the merged records', { timeout: 60_000 }, async () => {
  const page = await newPage(chromium.browser, kith.url);
  await signIn(page, kith.accounts.commissioner);
  await page.goto(`${area}/merges`);
  await settled(page);
  assert.equal(await page.getByRole('heading', { level: 2, name: 'Same person recorded twice?' }).count(), 0);
  assert.doesNotMatch(await page.locator('main').textContent(), /Undo the merge/);
  page.assertNoConsoleErrors();
  await page.close();
});
