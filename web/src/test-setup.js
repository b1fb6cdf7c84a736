// Runs before every unit test. The app makes its interview and batch keys
// with crypto.randomUUID(), which browsers and Node 19+ have as a global;
// Debian 12's Node 18 (the web-node18 lane) has Web Crypto only as
// node:crypto's webcrypto, so the tests give it the same global.
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto) Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
