// Lint, plus the module boundaries from ARCHITECTURE.md enforced as import rules:
//  - a module imports another only through its index.ts;
//  - core/, lib/, config/, db/ never import from modules/;
//  - the PWA imports only pure server files (server/lib and modules' *.dto.ts).
import tseslint from 'typescript-eslint';

const deepModuleImport = {
  regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$).+',
  message: 'Import another module only through its index.ts (see ARCHITECTURE.md "Boundaries").',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['server/modules/**/*.ts'],
    ignores: ['server/modules/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepModuleImport] }] },
  },
  {
    files: ['server/core/**/*.ts', 'server/lib/**/*.ts', 'server/config/**/*.ts', 'server/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '/modules/', message: 'core, lib, config and db never import from modules.' }] }] },
  },
  {
    files: ['server/lib/**/*.ts'],
    ignores: ['server/lib/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(fastify|@fastify/|drizzle-orm|better-sqlite3)', message: 'lib/ is pure: no Fastify or database.' }, { regex: '/modules/', message: 'lib never imports modules.' }] }] },
  },
  {
    files: ['pwa/**/*.ts', 'pwa/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: 'server/(?!lib/[^/]+$|modules/[^/]+/[^/]+\\.dto(\\.js)?$)', message: 'The PWA imports only pure server files: server/lib/* and modules/*/*.dto.ts.' }] },
      ],
    },
  },
  {
    files: ['pwa/sw/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
