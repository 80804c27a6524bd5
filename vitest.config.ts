import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const at = (folder: string): string => fileURLToPath(new URL(folder, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#core\/(.*)$/, replacement: `${at('./src/core/')}$1` },
      { find: /^#store\/(.*)$/, replacement: `${at('./src/store/')}$1` },
      { find: /^#engine\/(.*)$/, replacement: `${at('./src/engine/')}$1` },
      { find: /^#sources\/(.*)$/, replacement: `${at('./src/sources/')}$1` },
      { find: /^#server\/(.*)$/, replacement: `${at('./src/server/')}$1` },
      { find: /^#cli\/(.*)$/, replacement: `${at('./src/cli/')}$1` },
      { find: /^#test\/(.*)$/, replacement: `${at('./test/')}$1` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
