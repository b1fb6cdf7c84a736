// kith's service worker: keeps the app shell (index.html and the built
// scripts, styles and icons) so a page reloaded with no connection still
// opens, and survey interviews run from the device (IndexedDB). It never
// keeps an API answer: those carry personal data, and the pages keep what
// they need themselves.
const SHELL = 'kith-shell-v1';

// The built files the page names, read from index.html (their names carry a
// hash, so this worker cannot list them itself).
async function keepShell() {
  const cache = await caches.open(SHELL);
  const index = await fetch('/index.html', { cache: 'no-store' });
  if (!index.ok) return;
  const html = await index.clone().text();
  const files = new Set(['/favicon.svg']);
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) files.add(m[1]);
  await cache.put('/index.html', index);
  await cache.addAll([...files]);
  // Files of older builds are dropped: only this build's are named.
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !files.has(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// A page of the app: the server's newest index.html when it answers (kept
// for next time), else the kept one.
async function appPage(request) {
  try {
    const fresh = await fetch(request);
    if (fresh.ok && (fresh.headers.get('Content-Type') || '').startsWith('text/html')) {
      const cache = await caches.open(SHELL);
      await cache.put('/index.html', fresh.clone());
    }
    return fresh;
  } catch (e) {
    const kept = await caches.match('/index.html');
    if (kept) return kept;
    throw e;
  }
}

// A built file never changes under its name: the kept copy first.
async function builtFile(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const fresh = await fetch(request);
  if (fresh.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, fresh.clone());
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(appPage(request));
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') event.respondWith(builtFile(request));
});
