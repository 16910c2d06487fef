// ESLint flat config: typescript-eslint's recommended rules, plus the project's own guard rails.
import tseslint from 'typescript-eslint';

// The root module of the provider bindings loads all ~2,000 resource classes: seconds and
// hundreds of MB on every synth and every test file. Import each class from its own module.
const providerRoot = {
  name: '@cdktf/provider-aws',
  message: "Import from '@cdktf/provider-aws/lib/<resource>' instead of the package root.",
};

// The IAM simulator and its data are development dependencies, four of them AGPL-3.0
// (docs/testing.md): only the access harness talks to them, and only the access tier, its
// command and the tests load the harness. Nothing that synthesizes, plans or applies does.
const simulator = {
  group: ['@cloud-copilot/*'],
  message: 'Only lib/access/harness.ts (and tests) may import the IAM simulator packages.',
};
const accessHarness = {
  group: ['**/access/harness', '**/access/run'],
  message: 'Only lib/access, lib/cli/access.ts and tests may load the IAM simulator.',
};

const restrictedImports = (...patterns) => [
  'error',
  { paths: [providerRoot], ...(patterns.length > 0 ? { patterns } : {}) },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', 'terraform-state/', '.cache/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': restrictedImports(simulator, accessHarness),
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
    // The access tier's own modules and its command may load the harness.
    files: ['lib/access/**/*.ts', 'lib/cli/access.ts'],
    rules: { 'no-restricted-imports': restrictedImports(simulator) },
  },
  {
    // The harness and the tests may import the simulator itself.
    files: ['lib/access/harness.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': restrictedImports() },
  },
  {
    // The edges may read the environment.
    files: ['main.ts', 'lib/cli/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The launcher every npm script goes through is plain CommonJS for Node.js: it is what builds
    // the TypeScript (lib/app/bundle.js).
    files: ['lib/app/bundle.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-restricted-properties': 'off' },
  },
  {
    // Tests walk synthesized Terraform JSON, which has no static type.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
