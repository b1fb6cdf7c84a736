// The network map in headless Chromium: time from navigation to the map's first drawn
// frame, and frame times while panning (requestAnimationFrame timestamps during a
// scripted drag). Uses the browser tests' harness (tests/e2e/lib): a demo of 2,000
// people served by the kith in KITH_BUILD, and the built web/dist.
//   cd tests/e2e && npm ci && cd ../.. && (cd web && npm ci && npm run build)
//   KITH_BUILD=build node bench/web/map_frames.mjs [runs]
import { startKith } from '../../tests/e2e/lib/kith.mjs';
import { launchBrowser, newPage, signIn } from '../../tests/e2e/lib/browser.mjs';

const runs = Number(process.argv[2] ?? 5);

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const kith = await startKith();
const chromium = await launchBrowser();
try {
  const page = await newPage(chromium.browser, kith.url);
  await page.goto('/sign-in');
  await signIn(page, kith.accounts.researcher);
  const firstFrames = [];
  let people = 0;
  let ties = 0;
  for (let i = 0; i < runs; ++i) {
    await page.goto(`/areas/${kith.area.id}/map`);
    await page.locator('[data-testid="map-canvas"][data-drawn="true"]').waitFor({ timeout: 30_000 });
    firstFrames.push(await page.evaluate(() => window.kithMapFirstFrame));
    const text = await page.getByTestId('map-counts').textContent();
    [people, ties] = (text.match(/[\d,]+/g) ?? []).map((s) => Number(s.replace(/,/g, '')));
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
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`people ${people}, ties ${ties}, runs ${runs}`);
  console.log(`first drawn frame after navigation: median ${ms(quantile(firstFrames, 0.5))}, min ${ms(firstFrames[0])}, max ${ms(firstFrames.at(-1))} (runs in order: ${inOrder.map((x) => x.toFixed(0)).join(', ')} ms)`);
  console.log(`panning: ${deltas.length} frames, mean ${ms(mean)} (${(1000 / mean).toFixed(1)} fps), median ${ms(quantile(deltas, 0.5))}, 95th percentile ${ms(quantile(deltas, 0.95))}, worst ${ms(deltas.at(-1))}; sigma redrew the map ${redrawn} times during the drag`);
  page.assertNoConsoleErrors();
  await page.closeAll();
} finally {
  await chromium.close();
  await kith.stop();
}
