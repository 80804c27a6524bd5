// Lint rules, including the dependency table of ARCHITECTURE.md expressed as
// import restrictions per layer (a violation fails `npm test`).
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Patterns are regular expressions: no-restricted-imports reads `group` entries with
// gitignore syntax, where a leading `#` makes the line a comment and `#store/*` never matches.
const toRegex = (name) => name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
const layer = (names, message) => ({ regex: `^(${names.map(toRegex).join('|')})$`, message });
const nodeBuiltins = layer(['node:*'], 'core is pure: no node:* imports');

// Inside core a stage folder may use earlier stages, never a later one. The stages are
// written once, as `STAGES` in src/core/domain/stages.ts; their words are read from there.
const stagesSource = readFileSync(new URL('./src/core/domain/stages.ts', import.meta.url), 'utf8');
const STAGE_ORDER = [
  ...(/STAGES = \[([^\]]*)\]/.exec(stagesSource)?.[1] ?? '').matchAll(/'([a-z]+)'/g),
].map((match) => match[1]);
if (STAGE_ORDER.length === 0) throw new Error('eslint.config.js: no STAGES in stages.ts');
// Every core file: pure, and no outer layer. A later entry replaces the rule for its files
// (flat config), so the narrower core entries below repeat these bans.
const corePure = [
  nodeBuiltins,
  layer(['kysely', 'better-sqlite3', 'pg', 'hono', 'hono/*', 'react', 'react-dom'], 'core is pure'),
  layer(
    ['#store/*', '#engine/*', '#sources/*', '#server/*', '#cli/*'],
    'core imports no outer layer',
  ),
];
const stageRules = STAGE_ORDER.slice(0, -1).map((stage, index) => ({
  files: [`src/core/${stage}/**/*.ts`],
  patterns: [
    ...corePure,
    layer(
      STAGE_ORDER.slice(index + 1).map((later) => `#core/${later}/*`),
      `${stage} is an earlier stage: it may not import a later one`,
    ),
  ],
}));

/** Import bans per folder, one row of ARCHITECTURE.md's table each. */
const boundaries = [
  { files: ['src/core/**/*.ts'], patterns: corePure },
  ...stageRules,
  {
    files: ['src/core/formats/**/*.ts'],
    patterns: [
      ...corePure,
      layer(
        STAGE_ORDER.map((stage) => `#core/${stage}/*`),
        'formats sit below every stage',
      ),
    ],
  },
  {
    files: ['src/core/domain/**/*.ts'],
    patterns: [...corePure, layer(['#core/*'], 'domain imports nothing')],
  },
  {
    files: ['src/store/**/*.ts'],
    patterns: [
      layer(['#engine/*', '#server/*', '#cli/*', '#sources/*'], 'store sees only core types'),
    ],
  },
  {
    files: ['src/engine/**/*.ts'],
    patterns: [layer(['#server/*', '#cli/*', 'hono', 'hono/*', 'react'], 'engine knows no shell')],
  },
  {
    files: ['src/sources/**/*.ts'],
    patterns: [
      layer(['#store/*', '#engine/*', '#server/*', '#cli/*'], 'sources see only core types'),
    ],
  },
  {
    files: ['src/server/**/*.ts'],
    patterns: [layer(['#cli/*', '#store/*'], 'server talks to the engine')],
  },
  {
    files: ['src/cli/**/*.ts'],
    patterns: [
      layer(['#store/*'], 'cli talks to the engine'),
      // `reviewbench serve` starts the server through its public entry, nothing deeper.
      { regex: '^#server/(?!index$).*', message: 'cli uses only #server/index' },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'web/dist/**',
      'reports/**',
      'bench/out/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*'], message: 'use #layer/... subpath imports' }] },
      ],
    },
  },
  // web: the browser app sees core's browser-safe modules and the server's API *types* only.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*'], message: 'use #web/... or #core/... subpath imports' },
            // `regex`, not `group`: a gitignore-style group treats a leading `#` as a comment.
            {
              regex: '^#(engine|store|cli|sources)/',
              message: 'web talks to the server over HTTP (web/src/api.ts)',
            },
            {
              regex: '^#server/',
              allowTypeImports: true,
              message: 'web may import the server API types only',
            },
            {
              group: [
                'node:*',
                'kysely',
                'better-sqlite3',
                'pg',
                'hono',
                'hono/*',
                'better-auth',
                'better-auth/*',
              ],
              message: 'not in the browser',
            },
          ],
        },
      ],
    },
  },
  ...boundaries.map(({ files, patterns }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*'], message: 'use #layer/... subpath imports' },
            ...patterns,
          ],
        },
      ],
    },
  })),
);
