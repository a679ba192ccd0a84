// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const APPS = ['issuing', 'reimbursement', 'audit', 'cli'];

/** Imports refused everywhere, plus one more pattern where given. */
function restrictedImports(extra) {
  return {
    paths: [
      {
        name: 'class-validator',
        importNames: ['ValidateNested'],
        message:
          'Use NestedObject or NestedObjects from @taxchain/platform: ValidateNested alone lets an absent member or an array through.',
      },
    ],
    patterns: [
      { group: ['**/libs/*', '../../libs/**', '../../../libs/**'], message: 'Import shared code by alias (@taxchain/...).' },
      ...(extra ? [extra] : []),
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'apps/audit/web/dist/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': ['error', restrictedImports()],
    },
  },
  // No app imports another app: code two apps share belongs in libs/.
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        restrictedImports({
          group: APPS.filter((other) => other !== app).map((other) => `**/${other}/src/**`),
          message: `apps/${app} may not import another app; move the shared code into libs/.`,
        }),
      ],
    },
  })),
  {
    // Response bodies in tests are untyped JSON by nature; assertions check their shape.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
