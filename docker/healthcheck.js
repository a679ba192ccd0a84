// Docker HEALTHCHECK of a Tax Chain service: exits 0 when its /health answers 200 in time.
// It reads the port through the same validated configuration the service started with.
'use strict';
const { loadConfig } = require('../dist/libs/platform/src/config/load-config.js');

const SERVICES = ['issuing', 'reimbursement', 'audit'];
const TIMEOUT_MS = 4_000;

const service = process.env.SERVICE;
if (!SERVICES.includes(service)) {
  process.stderr.write(`healthcheck: SERVICE must be one of ${SERVICES.join(', ')}\n`);
  process.exit(1);
}
const port = loadConfig()[`${service.toUpperCase()}_PORT`];
fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  (error) => {
    process.stderr.write(`healthcheck: ${error.message}\n`);
    process.exit(1);
  },
);
