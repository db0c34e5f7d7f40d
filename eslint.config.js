// Lint: typed rules (floating promises) and the architecture's boundaries, from the module map
// (module-map.js): which module may import which, only through its public surface (index.ts),
// and the web only the contract's types.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { moduleMap } from './module-map.js';

const modules = Object.keys(moduleMap);

/**
 * One zone per pair of modules: a module not on the map is refused whole, one on it is imported
 * only through its index.ts. `db` may also import every module's `<module>-schema.ts`.
 */
const moduleZones = modules.flatMap((module) =>
  modules
    .filter((other) => other !== module)
    .map((other) => {
      const allowed = moduleMap[module].mayImport.includes(other);
      const except = [...(allowed ? ['./index.ts'] : []), ...(module === 'db' ? [`./${other}-schema.ts`] : [])];
      return {
        target: `src/${module}`,
        from: `src/${other}`,
        ...(except.length > 0 ? { except } : {}),
        message: allowed ? `Import ${other} through its public surface, src/${other}/index.ts (module-map.js).` : `The module map (module-map.js) does not let ${module} import ${other}.`,
      };
    }),
);

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
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Modules add their actions to ActionRegistry by an interface that extends their names.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // "Today" is a Beijing date from the injected clock (src/shared/clock.ts), never the UTC one.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='slice'][callee.object.callee.property.name='toISOString'][arguments.0.value=0][arguments.1.value=10]",
          message: 'A UTC date is not today in Beijing: use today(now) from src/shared/clock.ts.',
        },
      ],
    },
  },
  {
    // The module map, for every module of src/ (tests compose the whole system and are exempt).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: moduleZones, basePath: import.meta.dirname }] },
  },
  {
    // The web: the contract's types and nothing else of the server.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: 'web', from: 'src/**', except: ['**/src/*/*-contract.ts'], message: 'The web imports only the contract (src/<module>/<module>-contract.ts) of the server.' }], basePath: import.meta.dirname },
      ],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**'], allowTypeImports: true, message: 'The web takes only types from the server’s contract (import type).' }] }],
    },
  },
  {
    files: ['bin/*', '**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
