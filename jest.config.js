/** One runner for the three tiers: unit and integration specs beside the code, end-to-end in test/. */
const swc = JSON.parse(require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.exclude;
delete swc.$schema;
swc.swcrc = false;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // `npm run test:faults` runs the long fault suite (test/faults); `npm test` runs everything else.
  testMatch:
    process.env.TAXCHAIN_SUITE === 'faults'
      ? ['<rootDir>/test/faults/**/*.e2e-spec.ts']
      : ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: process.env.TAXCHAIN_SUITE === 'faults' ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/faults/'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swc] },
  // ESM-only dependencies are compiled to CommonJS for the test runtime.
  transformIgnorePatterns: ['/node_modules/(?!(@noble|@scure|json-canonicalize|@apidevtools)/)'],
  moduleNameMapper: {
    '^@taxchain/(ledger|contracts|platform)$': '<rootDir>/libs/$1/src',
    '^@taxchain/(ledger|contracts|platform)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  testTimeout: 60_000,
  maxWorkers: 2,
};
