// A real `kith serve` on a fresh demo neighbourhood, for one test file:
// `kith demo` writes the area and one account per role into a new temporary
// folder, `kith serve --port 0` serves it with the repository's built web
// front end, and stop() ends it (SIGTERM, then SIGKILL) and removes the folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// tests/run.sh passes its build folder; by hand, `make` builds into build/.
export const buildDir = resolve(repoRoot, process.env.KITH_BUILD || 'build');
export const kithBin = join(buildDir, 'kith');
export const webDir = resolve(repoRoot, process.env.KITH_WEB_DIR || 'web/dist');

export const DEMO_PEOPLE = 2000;
export const DEMO_SEED = 1;
export const ROLES = ['admin', 'researcher', 'link_worker', 'broker', 'coordinator', 'commissioner', 'member'];

const STARTUP_MS = 30_000;

// demo-accounts.txt: comment lines (the first names the area: `# kith demo
// accounts for "NAME" (AREA_ID)`), a header line, then one tab-separated line
// per account: username, role, password, the linked person (members only).
export function parseDemoAccounts(text) {
  const area = /^# kith demo accounts for "(.*)" \((ar_[a-z0-9]+)\)$/m.exec(text);
  if (!area) throw new Error(`demo-accounts.txt does not name its area:\n${text.slice(0, 300)}`);
  const accounts = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('username\t') || line.trim() === '') continue;
    const [username, role, password, person = ''] = line.split('\t');
    if (!username || !role || !password) throw new Error(`demo-accounts.txt: cannot read the line "${line}"`);
    accounts[role] = { username, role, password, person: person.trim() };
  }
  for (const role of ROLES) if (!accounts[role]) throw new Error(`demo-accounts.txt has no ${role} account`);
  return { area: { name: area[1], id: area[2] }, accounts };
}

function run(args) {
  const r = spawnSync(kithBin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kith ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// Starts the demo server. Resolves to { url, area, accounts, dir, stop(), api(role) }.
// options.people: the demo's size (DEMO_PEOPLE unless given); options.serveArgs: more
// `kith serve` arguments, e.g. ['--layout-people-max', '500'] for the aggregated map.
export async function startKith(options = {}) {
  const people = options.people ?? DEMO_PEOPLE;
  const serveArgs = options.serveArgs ?? [];
  if (!Number.isInteger(people) || people < 1) throw new Error(`startKith: people must be a whole number ≥ 1, not ${people}`);
  if (!Array.isArray(serveArgs) || !serveArgs.every((a) => typeof a === 'string'))
    throw new Error('startKith: serveArgs must be a list of strings');
  if (!existsSync(kithBin)) throw new Error(`${kithBin} is missing: run make test (or make build)`);
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(`${webDir}/index.html is missing: build the web front end first (make web)`);
  const dir = mkdtempSync(join(tmpdir(), 'kith-e2e-'));
  const db = join(dir, 'kith.db');
  let child;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const ended = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(['demo', '--people', String(people), '--seed', String(DEMO_SEED), '--db', db]);
    const demo = parseDemoAccounts(readFileSync(join(dir, 'demo-accounts.txt'), 'utf8'));
    child = spawn(kithBin, ['serve', '--db', db, '--port', '0', '--web-dir', webDir, ...serveArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A test process that dies (an uncaught failure) must not leave the server running.
    process.once('exit', () => child.kill('SIGKILL'));
    let log = '';
    child.stderr.on('data', (b) => { log = (log + b).slice(-20_000); });
    const url = await new Promise((found, failed) => {
      let out = '';
      const timer = setTimeout(() => failed(new Error(`kith serve did not say where it listens:\n${out}${log}`)), STARTUP_MS);
      child.stdout.on('data', (b) => {
        out += b;
        const m = /kith listening on (http:\/\/\S+)/.exec(out);
        if (m) { clearTimeout(timer); found(m[1]); }
      });
      child.once('exit', (code, signal) => { clearTimeout(timer); failed(new Error(`kith serve ended (${code ?? signal}):\n${log}`)); });
    });
    await waitForHealth(url, () => log);
    const kith = { url, dir, ...demo, stop, log: () => log };
    kith.api = (role) => apiSession(url, demo.accounts[role]);
    return kith;
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitForHealth(url, log) {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`kith serve did not answer /api/v1/health:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Signs in through the API (as the page does) and returns get(path) → JSON.
export async function apiSession(url, account) {
  const r = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  if (r.status !== 200) throw new Error(`log-in as ${account.username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  const get = async (path) => {
    const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
    if (res.status !== 200) throw new Error(`GET ${path} as ${account.username}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // Every item of a list, page by page.
  const listAll = async (path) => {
    const items = [];
    for (let cursor = null, page = 0; page < 1000; ++page) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await get(`${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return items;
    }
    throw new Error(`${path}: more than 1000 pages`);
  };
  // A change through the API: send(method, path, body) → { status, body }, the status left to the caller.
  const send = async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return { get, listAll, send };
}
