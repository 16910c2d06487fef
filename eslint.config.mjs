// ESLint flat config: typescript-eslint's recommended rules, plus the project's own guard rails.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'terraform-state/', '.cache/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // The root module of the provider bindings loads all ~2,000 resource classes: seconds and
      // hundreds of MB on every synth and every test file. Import each class from its own module.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@cdktf/provider-aws',
              message:
                "Import from '@cdktf/provider-aws/lib/<resource>' instead of the package root.",
            },
          ],
        },
      ],
      // Stacks and lib/ never read the environment: config is validated once, at the edge.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read process.env only at the edge (main.ts, lib/cli).',
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The edges may read the environment.
    files: ['main.ts', 'lib/cli/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests walk synthesized Terraform JSON, which has no static type.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
