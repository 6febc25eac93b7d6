import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @vigil/web` proxies the API surfaces to a `vigil serve` on VIGIL_DEV_API (default :8080).
const api = process.env.VIGIL_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script, which the console's Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // One bundle by choice (fewer round trips); the budget that matters is the gzipped size, which bench/console.ts checks.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: Object.fromEntries(['/v2', '/api', '/console/api', '/openapi.json'].map((p) => [p, api])),
  },
});
