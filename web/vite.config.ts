// Vite build of the workbench: root `web/`, output `web/dist`, served by the fastify server at `/`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API the dev server forwards to (`npm start` listens on 8002 by default). */
const api = process.env.WEB_DEV_API ?? 'http://127.0.0.1:8002';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Pages and chart panels are split with React.lazy; this only keeps a visible warning past the target.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/trpc': api, '/api': api },
  },
});
