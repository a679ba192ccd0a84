import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { generateTaxId } from '@taxchain/contracts';
import {
  createRandomDatabase,
  createServiceApp,
  dropDatabase,
  withDatabase,
} from '@taxchain/platform';
import { testConfig } from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { ADMIN_CLI } from '../scripts/build-cli-bundles';
import { accessRowCounts } from './support/access-rows';

/** The bundle `npm run admin` runs. */
const cli = resolve(__dirname, '..', ADMIN_CLI);

/** `npm run admin` as built by `npm run -s build`, against a fresh, empty database. */
describe('admin CLI', () => {
  let database: { url: string; drop(): Promise<void> };
  let app: INestApplication | undefined;
  const taxId = generateTaxId('350100');

  const adminOn = (databaseUrl: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { ...result, json: () => JSON.parse(result.stdout) as Record<string, unknown> };
  };
  const admin = (...args: string[]) => adminOn(database.url, ...args);

  beforeAll(async () => {
    database = await createRandomDatabase(process.env.TEST_ADMIN_DATABASE_URL!);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates the database DATABASE_URL names when its server has none yet', async () => {
    const adminUrl = process.env.TEST_ADMIN_DATABASE_URL!;
    const name = `taxchain_test_absent_${randomBytes(6).toString('hex')}`;
    try {
      const issued = adminOn(
        withDatabase(adminUrl, name),
        'credentials',
        'issue',
        '--official',
        'Wang Fang',
      );
      expect(issued.stderr).not.toMatch(/does not exist/);
      expect(issued.status).toBe(0);
      expect(issued.json().token).toMatch(/^tc_o_/);
    } finally {
      await dropDatabase(adminUrl, name);
    }
  });

  it('migrates the store, registers a party and issues a working admin credential', async () => {
    const party = admin(
      'parties',
      'add',
      '--tax-id',
      taxId,
      '--name',
      'Min River Tea',
      '--roles',
      'merchant',
    );
    expect(party.status).toBe(0);
    expect(party.json()).toMatchObject({ taxId, roles: ['merchant'] });
    // The fresh database is migrated by the first command only; later ones check with one query.
    expect(party.stderr).toMatch(/migrating the credential store: CreateAccess/);

    const issued = admin('credentials', 'issue', '--admin', 'first admin');
    expect(issued.status).toBe(0);
    expect(issued.stderr).toMatch(/Store this token now/);
    const token = String(issued.json().token);
    expect(token).toMatch(/^tc_a_/);

    // Cache off, so this in-process service sees the CLI's later revocation at once.
    app = await createServiceApp(
      issuingService,
      testConfig(database.url, { AUTH_CACHE_TTL_MS: '0' }),
    );
    await app.init();
    const listed = await request(app.getHttpServer())
      .get('/admin/parties')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const items = listed.body.items as Array<{ taxId: string }>;
    expect(items.map((p) => p.taxId)).toEqual([taxId]);

    expect(admin('credentials', 'revoke', String(issued.json().id)).status).toBe(0);
    await request(app.getHttpServer())
      .get('/admin/parties')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
  });

  it('issues a party credential by tax ID and lists credentials without secrets', () => {
    const issued = admin('credentials', 'issue', '--party', taxId, '--role', 'merchant');
    expect(issued.status).toBe(0);
    expect(issued.stderr).not.toMatch(/migrating/);
    expect(issued.json()).toMatchObject({ role: 'merchant', partyTaxId: taxId });
    const listed = admin('credentials', 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toMatch(/token|secret|hash/i);
  });

  it('refuses bad input with exit 2 and a refused command with exit 1, writing nothing', async () => {
    const before = await accessRowCounts(database.url);
    const badRole = admin(
      'parties',
      'add',
      '--tax-id',
      generateTaxId('110108'),
      '--name',
      'X',
      '--roles',
      'boss',
    );
    expect([badRole.status, badRole.stderr]).toEqual([
      2,
      expect.stringMatching(/roles must be one of/),
    ]);
    const badTaxId = admin(
      'parties',
      'add',
      '--tax-id',
      `${taxId.slice(0, 17)}?`,
      '--name',
      'X',
      '--roles',
      'company',
    );
    expect([badTaxId.status, badTaxId.stderr]).toEqual([
      1,
      expect.stringMatching(/taxId has '\?' at position 18/),
    ]);
    const duplicate = admin(
      'parties',
      'add',
      '--tax-id',
      taxId,
      '--name',
      'Copy',
      '--roles',
      'company',
    );
    expect([duplicate.status, duplicate.stderr]).toEqual([
      1,
      expect.stringMatching(/already registered/),
    ]);
    expect(await accessRowCounts(database.url)).toEqual(before);
  });
});
