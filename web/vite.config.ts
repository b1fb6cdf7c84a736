import { defineConfig } from 'vitest/config';

// Node's process, without pulling in @types/node for one line.
declare const process: { env: Record<string, string | undefined> };

// The API of a running `kith serve` (KITH_API, default http://127.0.0.1:8080),
// proxied so the dev server's pages are same-origin with it, as in production.
const api = process.env.KITH_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Preact's JSX through esbuild: no Babel plugin needed.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      // kith checks the Host header (DNS-rebinding guard): changeOrigin sends the target's.
      '/api': { target: api, changeOrigin: true },
    },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'], setupFiles: ['src/test-setup.js'] },
});
