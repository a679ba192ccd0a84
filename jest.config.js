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
  testPathIgnorePatterns:
    process.env.TAXCHAIN_SUITE === 'faults'
      ? ['/node_modules/']
      : ['/node_modules/', '<rootDir>/test/faults/'],
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
  // Test files and every module they load (the services included) run inside a vm context, where
  // each look-up of a global such as Math goes through the context's interceptors: pngjs's QR
  // filters made a PDF take seconds there, against 70 ms outside. Jest passes these to every module
  // as parameters instead (the same objects, so nothing else changes). Only names that no module
  // loaded here declares itself at its top level (a parameter and a const of one name collide),
  // and no timers or Date, which fake timers replace.
  sandboxInjectedGlobals: [
    'Math',
    'JSON',
    'Object',
    'Map',
    'Error',
    'Reflect',
    'WeakMap',
    'DataView',
    'Int32Array',
    'Uint32Array',
    'Float64Array',
    'TextEncoder',
    'encodeURIComponent',
    'parseFloat',
  ],
};
