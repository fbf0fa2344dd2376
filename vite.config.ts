import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API server (server/main.ts) listens here in development: run `npm run dev` and `npx vite` side by side.
const apiOrigin = 'http://127.0.0.1:3000';

export default defineConfig({
  // Absolute, so a build started from another working directory (the browser tests) finds the client.
  root: fileURLToPath(new URL('./client', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)), // served by the API server
    emptyOutDir: true, // outDir lies outside root, so Vite needs permission to clear it
    chunkSizeWarningLimit: 1200, // kB; MapLibre alone is ~1.1 MB minified, loaded only where WebGL works
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/ogc': apiOrigin,
      '/open311': apiOrigin,
    },
  },
});
