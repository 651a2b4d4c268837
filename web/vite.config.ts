import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

// Built by scripts/build-web.mjs into web/dist, served by server/http/static.ts at `/`.
// `vite --config web/vite.config.ts` serves it in development, proxying /api to a running Kefu.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // No timing warnings: `npm start` builds once on a new machine, and its reader needs the setup link, not the bundler's profile.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
