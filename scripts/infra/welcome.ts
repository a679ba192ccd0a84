import { join, relative } from 'node:path';
import type { DemoAccess } from '../seed/demo-access';
import { repoRoot } from './paths';

interface Listening {
  name: string;
  url: string;
}

/** A path as the reader types it from the repository root: relative inside it, else absolute. */
function typed(path: string): string {
  const inside = relative(repoRoot, path);
  return inside && !inside.startsWith('..') ? inside : path;
}

/**
 * What `npm start` prints once the platform is up: where each service listens, the demo
 * credentials, and a CLI walk-through that runs as printed, on these ports and this data
 * directory (TAXCHAIN_DATA_DIR), not only on the defaults.
 */
export function welcomeLines(
  services: Listening[],
  witnesses: Listening[],
  demo: DemoAccess,
  dataDir: string,
): string[] {
  const url = (name: string) => services.find((s) => s.name === name)?.url;
  const data = (file: string) => typed(join(dataDir, file));
  const [merchantTaxId, merchantToken] = Object.entries(demo.merchants)[0];
  const [, companyToken] = Object.entries(demo.companies)[0];
  const taxchain = `npm run -s taxchain -- --key ${data('my-key.json')}`;
  return [
    '\nTax Chain is up. Ctrl-C stops everything this command started.\n',
    ...services.map(
      (service) =>
        `  ${service.name.padEnd(14)} ${service.url}   docs ${service.url}/docs   health ${service.url}/health`,
    ),
    ...witnesses.map(
      (witness) =>
        `  witness        ${witness.url}   status ${witness.url}/status   (${witness.name})`,
    ),
    `  cosigned checkpoints  ${url('audit')}/checkpoints/0   witness status ${url('audit')}/health`,
    `\nDemo credentials (also in ${data('demo.json')}):`,
    `  tax official   ${demo.official}     dashboard ${url('audit')}/`,
    `  tax authority  ${demo.admin}`,
    `  merchant       ${merchantToken}   (${merchantTaxId})`,
    `  company        ${companyToken}`,
    '\nIssue one more invoice from the command line:',
    `  export TAXCHAIN_URL=${url('issuing')}`,
    `  export TAXCHAIN_TOKEN=${merchantToken}`,
    `  ${taxchain} keygen --tax-id ${merchantTaxId}`,
    `  ${taxchain} register-key`,
    `  ${taxchain} issue ${data('demo-invoice.json')}`,
    `\n  logs: ${data('logs/<service>.log')}, ${data('logs/witness-<n>.log')}`,
  ];
}
