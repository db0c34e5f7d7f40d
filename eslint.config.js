// Lint: typed rules (floating promises) and the architecture's one hard boundary —
// domain modules never import the HTTP, CLI or web layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domainModules = ['src/policy', 'src/areas', 'src/db', 'src/shared', 'src/platform'];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'coverage/', 'src/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['web/vite.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Modules add their actions to ActionRegistry by an interface that extends their names.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: domainModules.map((dir) => `${dir}/**/*.ts`),
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/server/*', '../server', '**/cli/**', '**/web/**'], message: 'Domain modules must not import the server, CLI or web layers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/*', '**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
