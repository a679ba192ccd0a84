import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { welcomeLines } from './welcome';

describe(welcomeLines.name, () => {
  const services = [
    { name: 'issuing', url: 'http://127.0.0.1:4001' },
    { name: 'reimbursement', url: 'http://127.0.0.1:4002' },
    { name: 'audit', url: 'http://127.0.0.1:4003' },
  ];
  const demo = {
    admin: 'tc_a_x',
    official: 'tc_o_x',
    merchants: { '333101156EFB99XM6N': 'tc_m_x' },
    companies: { '13440106G74NAEJF7G': 'tc_c_x' },
  };
  const walkThrough = (lines: string[]) =>
    lines.filter((line) => /^ {2}(export|npm) /.test(line)).map((line) => line.trim());

  it('aims the CLI walk-through at the issuing service it started and the data directory it used', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taxchain-welcome-'));
    try {
      const lines = welcomeLines(services, [], demo, dataDir);
      const cli = `npm run -s taxchain -- --key ${dataDir}/my-key.json`;
      expect(walkThrough(lines)).toEqual([
        'export TAXCHAIN_URL=http://127.0.0.1:4001',
        'export TAXCHAIN_TOKEN=tc_m_x',
        `${cli} keygen --tax-id 333101156EFB99XM6N`,
        `${cli} register-key`,
        `${cli} issue ${dataDir}/demo-invoice.json`,
      ]);
      expect(lines).toContain(`\nDemo credentials (also in ${dataDir}/demo.json):`);
      expect(lines.at(-1)).toContain(`${dataDir}/logs/<service>.log`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names files in the repository as typed from its root, as the README does', () => {
    const lines = welcomeLines(services, [], demo, join(repoRoot, '.data'));
    expect(walkThrough(lines).at(-1)).toBe(
      'npm run -s taxchain -- --key .data/my-key.json issue .data/demo-invoice.json',
    );
  });
});
