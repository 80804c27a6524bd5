// Builds the single-page app into web/dist, which `reviewbench serve` serves. In development
// (`npx vite web`), /api is proxied to a server started with `reviewbench serve --port 3000`.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const at = (folder: string): string => fileURLToPath(new URL(folder, import.meta.url));

export default defineConfig({
  root: at('./'),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^#core\/(.*)$/, replacement: `${at('../src/core/')}$1` },
      { find: /^#web\/(.*)$/, replacement: `${at('./src/')}$1` },
    ],
  },
  build: {
    outDir: at('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The Synthesise screen's chunk carries ECharts (514 KB, 175 KB gzipped); it loads only when
    // that screen opens, so the first visit's budget (bench/web-bundle.ts) is not what it costs.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': process.env.REVIEWBENCH_API ?? 'http://127.0.0.1:3000' },
  },
});
