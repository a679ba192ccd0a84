import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const repo = resolve(__dirname, '..');

function boot(service: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [resolve(repo, `dist/apps/${service}/src/main.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('service start-up configuration', () => {
  it.each(['issuing', 'reimbursement', 'audit'])(
    '%s refuses to start without DATABASE_URL, naming it',
    (service) => {
      const result = boot(service, { KAFKA_BROKERS: '127.0.0.1:9092' });
      expect(result.status).toBe(78);
      expect(result.stderr.trim()).toBe(
        `${service}: Invalid configuration: DATABASE_URL is required (a postgres:// connection URL)`,
      );
    },
  );

  it('refuses an invalid port with one clear line and a non-zero exit', () => {
    const result = boot('audit', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none',
      KAFKA_BROKERS: '127.0.0.1:9092',
      AUDIT_PORT: 'eighty',
    });
    expect(result.status).toBe(78);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^audit: Invalid configuration: AUDIT_PORT must be /);
  });
});
