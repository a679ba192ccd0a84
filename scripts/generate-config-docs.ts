import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderConfigTable, withConfigTable } from './config-docs';
import { repoRoot } from './infra/paths';

/** npm run docs:config — regenerates the runbook's configuration table from the schema. */
const runbook = resolve(repoRoot, 'docs/runbook.md');
const before = readFileSync(runbook, 'utf8');
const after = withConfigTable(before, renderConfigTable());
writeFileSync(runbook, after);
process.stdout.write(
  after === before ? 'docs/runbook.md: up to date\n' : 'docs/runbook.md: table updated\n',
);
