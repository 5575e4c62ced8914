import { defineConfig } from 'vite';

/**
 * The duty officers' console: a Preact single-page app built into dist/console, which the Nest apps
 * serve at `/` (libs/console-site). `npx vite --config apps/duty-console/web/vite.config.mts` serves it
 * with hot reload against the API of a running `npm start` on :3000.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../../../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    // The map outline stays a file of its own (long-cached), not a data: URL inside the script.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
