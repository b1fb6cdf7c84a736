// A commissioner sees aggregates only: no page they can reach, and no answer
// their browser receives, names a person or carries a person's id. The names
// and ids to look for come from the API, read as the area's admin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startKith } from './lib/kith.mjs';
import { launchBrowser, mainNavigationPaths, newPage, settled, signIn } from './lib/browser.mjs';

const PERSON_ID = /\bpe_[a-z0-9]{20}\b/;

let kith, chromium, people;
before(async () => {
  kith = await startKith();
  chromium = await launchBrowser();
  const admin = await kith.api('admin');
  people = await admin.listAll(`/api/v1/areas/${kith.area.id}/people`);
}, { timeout: 120_000 });
after(async () => { await chromium?.close(); await kith?.stop(); });

// The first person's name or id found in `text`, or null.
function personIn(text) {
  const id = PERSON_ID.exec(text);
  if (id) return `the person id ${id[0]}`;
  for (const p of people) if (p.display_name && text.includes(p.display_name)) return `the name "${p.display_name}" (${p.id})`;
  return null;
}

// A response's body. One the page never reads (a 401's, say) never completes
// in the browser: that request is sent again, with the same cookies.
async function bodyOf(page, response) {
  const url = response.url();
  const unread = new Promise((done) => setTimeout(() => done(null), 3000));
  const body = await Promise.race([response.body().catch(() => null), unread]);
  if (body) return { url, text: body.toString('utf8') };
  if (response.request().method() !== 'GET') return { url, text: '' };
  const again = await page.request.get(url, { failOnStatusCode: false });
  return { url, text: await again.text() };
}

test("the commissioner's pages and network answers name no person", { timeout: 240_000 }, async () => {
  assert.ok(people.length >= 2000, `the admin saw ${people.length} people`);
  const page = await newPage(chromium.browser, kith.url);
  const bodies = [];
  page.on('response', (r) => {
    if (new URL(r.url()).origin === kith.url) bodies.push(bodyOf(page, r));
  });
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.commissioner);
  const paths = await mainNavigationPaths(page);
  assert.ok(paths.length > 0, 'the main navigation links to no page');
  const leaks = [];
  for (const path of [new URL(page.url()).pathname, ...paths]) {
    await page.goto(path);
    await settled(page);
    const found = personIn(await page.content());
    if (found) leaks.push(`${path} shows ${found}`);
  }
  for (const { url, text } of await Promise.all(bodies)) {
    const found = personIn(text);
    if (found) leaks.push(`the answer of ${url} holds ${found}`);
  }
  assert.deepEqual(leaks, [], `a commissioner was shown personal data:\n${leaks.join('\n')}`);
  page.assertNoConsoleErrors();
  await page.closeAll();
});
