/**
 * The tiers: fast unit tests on synthesized JSON, the commands, the terraform tier (real CLI +
 * provider), and the access tier (every policy document validated, every call simulated).
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

/** @type {import('jest').Config} */
module.exports = {
  // One worker per core (jest's default leaves one core idle): the terraform suites wait on child
  // processes much of the time, so a second worker runs unit and CLI suites meanwhile. Terraform
  // itself runs in machine-wide slots, one per core (lib/gitops/slots.ts), whatever the workers.
  maxWorkers: '100%',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'cli',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/cli/**/*.test.ts'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/terraform/**/*.test.ts'],
    },
    {
      displayName: 'access',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/access/**/*.test.ts'],
    },
  ],
};
