import { Registry } from 'prom-client';
import { ANOMALY_TYPES, configSchema, createTaxChainMetrics } from '@taxchain/platform';
import { CONFIG_END, CONFIG_START, renderConfigTable } from '../../scripts/config-docs';
import { readRepoFile } from './support/repo-files';

const runbook = readRepoFile('docs/runbook.md');
const generated = runbook.slice(runbook.indexOf(CONFIG_START), runbook.indexOf(CONFIG_END));
const written = runbook.replace(generated, '');

/** Rows of the markdown table under a heading, as arrays of cells. */
function tableUnder(heading: string): string[][] {
  const section = runbook.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

describe('docs/runbook.md', () => {
  it('has the sections an operator looks for', () => {
    const headings = [...runbook.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(
      expect.arrayContaining([
        'Configuration',
        'Metrics',
        'Tax authority keys',
        'Backup and restore',
        'Scaling out',
        'Alerts',
      ]),
    );
  });

  it('lists every configuration variable as the schema defines it (npm run docs:config)', () => {
    expect(generated.slice(CONFIG_START.length).trim()).toBe(renderConfigTable());
  });

  it('names only variables that exist', () => {
    const imageVariables = ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'CLUSTER_ID'];
    const named = [...written.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`/g)].map(
      (m) => m[1],
    );
    const known = [...Object.keys(configSchema.shape), ...imageVariables];
    expect(named.filter((name) => !known.includes(name))).toEqual([]);
  });

  it('documents every Tax Chain metric with its type and labels', () => {
    const metrics = Object.values(createTaxChainMetrics(new Registry()));
    const rows = tableUnder('Metrics').map(([name, type, labels]) => [
      name.replace(/`/g, ''),
      type,
      labels === '—' ? [] : labels.replace(/`/g, '').split(', '),
    ]);
    const expected = metrics.map((metric) => {
      // prom-client keeps the configured label names on the metric; its typings omit them.
      const { name, labelNames } = metric as unknown as { name: string; labelNames: string[] };
      return [name, metric.constructor.name.toLowerCase(), labelNames];
    });
    expect(rows).toEqual(expected);
  });

  it('alerts only on metrics that exist, and on every anomaly type', () => {
    const alerts = tableUnder('Alerts')
      .map(([, expression]) => expression)
      .join('\n');
    const names = new Set(
      Object.values(createTaxChainMetrics(new Registry())).map(
        (metric) => (metric as unknown as { name: string }).name,
      ),
    );
    const used = [...alerts.matchAll(/\b(?:ledger|audit|kafka|http)_[a-z_]+/g)].map((m) =>
      m[0].replace(/_(bucket|count|sum)$/, ''),
    );
    expect(used.filter((name) => !names.has(name))).toEqual([]);
    for (const type of ANOMALY_TYPES) expect(alerts).toContain(`{type="${type}"}`);
  });
});
