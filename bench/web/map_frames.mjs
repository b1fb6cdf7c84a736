// The network map in headless Chromium: time from navigation to the map's first drawn
// frame, and frame times while panning (requestAnimationFrame timestamps during a
// scripted drag). Uses the browser tests' harness (tests/e2e/lib): a fresh demo served
// by the kith in KITH_BUILD, and the built web/dist.
//   cd tests/e2e && npm ci && cd ../.. && (cd web && npm ci && npm run build)
//   KITH_BUILD=build node bench/web/map_frames.mjs [runs] [--people N]
// With the demo's 2,000 people the map draws everyone. With more people than the
// server's --layout-people-max (5,000), e.g. --people 20000, it measures the aggregated
// view (one circle a community) and then the largest community drilled into.
import { startKith } from '../../tests/e2e/lib/kith.mjs';
import { launchBrowser, newPage } from '../../tests/e2e/lib/browser.mjs';

const args = process.argv.slice(2);
const peopleAt = args.indexOf('--people');
const demoPeople = peopleAt >= 0 ? Number(args[peopleAt + 1]) : 2000;
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && (peopleAt < 0 || i !== peopleAt + 1)) ?? 5);
if (!Number.isInteger(demoPeople) || demoPeople < 1) throw new Error(`--people wants a whole number, not ${args[peopleAt + 1]}`);

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const ms = (x) => `${x.toFixed(1)} ms`;

// Loads `url` `runs` times (the first load is the one that waits for the server to
// compute), then drags across the canvas; prints and returns the figures.
async function measure(page, label, url) {
  const firstFrames = [];
  let counts = '';
  for (let i = 0; i < runs; ++i) {
    const started = Date.now();
    await page.goto(url);
    // The first load may wait for the engine (…/network at 20,000 people takes a minute).
    await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 300_000 });
    firstFrames.push(await page.evaluate(() => window.kithMapFirstFrame));
    counts = (await page.getByTestId('map-counts').textContent()).trim();
    if (i === 0) console.log(`${label}: first load drawn after ${Date.now() - started} ms wall clock`);
  }

  // A drag across the canvas: 120 mouse moves, the page noting every frame's timestamp.
  await page.locator('[data-testid="map-canvas"]').scrollIntoViewIfNeeded();
  const box = await page.locator('[data-testid="map-canvas"]').boundingBox();
  const rendersBefore = await page.evaluate(() => window.kithMapRenders ?? 0);
  await page.evaluate(() => {
    window.kithFrames = [];
    const tick = (t) => { window.kithFrames.push(t); if (window.kithFrames.length < 100000) window.kithRaf = requestAnimationFrame(tick); };
    window.kithRaf = requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let s = 1; s <= 120; ++s) {
    await page.mouse.move(cx + 150 * Math.sin(s / 10), cy + 100 * Math.cos(s / 15), { steps: 1 });
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => { cancelAnimationFrame(window.kithRaf); return window.kithFrames; });
  const redrawn = (await page.evaluate(() => window.kithMapRenders ?? 0)) - rendersBefore;
  const deltas = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
  const inOrder = [...firstFrames];
  firstFrames.sort((a, b) => a - b);
  console.log(`${label}: ${counts}; runs ${runs}`);
  console.log(`  first drawn frame after navigation: median ${ms(quantile(firstFrames, 0.5))}, min ${ms(firstFrames[0])}, max ${ms(firstFrames.at(-1))} (runs in order: ${inOrder.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`  panning: ${deltas.length} frames, mean ${ms(mean)} (${(1000 / mean).toFixed(1)} fps), median ${ms(quantile(deltas, 0.5))}, 95th percentile ${ms(quantile(deltas, 0.95))}, worst ${ms(deltas.at(-1))}; sigma redrew the map ${redrawn} times during the drag`);
}

const kith = await startKith({ people: demoPeople });
const chromium = await launchBrowser();
try {
  const page = await newPage(chromium.browser, kith.url);
  // Signed in through the API (the context's cookies): the sign-in form lands on the
  // dashboard, whose summary at 20,000 people takes longer than the form's wait.
  const { username, password } = kith.accounts.researcher;
  const session = await page.request.post('/api/v1/session', { data: { username, password } });
  if (session.status() !== 200) throw new Error(`sign-in as ${username}: ${session.status()} ${await session.text()}`);
  // The app's note that this browser holds a session (web/src/session.ts), which the form would set.
  await page.goto('/sign-in');
  await page.evaluate(() => window.localStorage.setItem('kith.signed-in', '1'));
  const mapUrl = `/areas/${kith.area.id}/map`;
  // The first layout answer waits for the engine (the network, its communities, the
  // layout); timed here, since every page load below then finds it cached.
  const asked = Date.now();
  const layout = await page.request.get(`/api/v1/areas/${kith.area.id}/network/layout`, { timeout: 300_000 }).then((r) => r.json());
  console.log(`first …/network/layout answer (computed by the server): ${Date.now() - asked} ms`);
  if (!layout.aggregated) {
    await measure(page, 'everyone drawn', mapUrl);
  } else {
    console.log(`aggregated: ${layout.people} people, ${layout.ties} ties, ${layout.communities.length} communities, ${layout.community_ties.length} lines between communities`);
    await measure(page, 'aggregated view', mapUrl);
    const largest = [...layout.communities].sort((a, b) => b.members - a.members)[0];
    await measure(page, `largest community (${largest.members} members)`, `${mapUrl}?community=${largest.community}`);
  }
  page.assertNoConsoleErrors();
  await page.closeAll();
} finally {
  await chromium.close();
  await kith.stop();
}
