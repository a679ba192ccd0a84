import type { INestApplication } from '@nestjs/common';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { generateTaxId } from '@taxchain/contracts';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { CredentialsService } from '../apps/issuing/src/parties/credentials.service';
import { accessRowCounts } from './support/access-rows';

/** The tax authority registers parties and hands out credentials; the guard holds the line. */
describe('access: parties, credentials, authorization', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let adminToken: string;
  const merchantTaxId = generateTaxId('350100');
  const companyTaxId = generateTaxId('310115');

  const as = (token: string | undefined) => {
    const http = request(app.getHttpServer());
    const auth = (test: request.Test) =>
      token ? test.set('Authorization', `Bearer ${token}`) : test;
    return {
      get: (path: string) => auth(http.get(path)),
      post: (path: string, body?: object) => auth(http.post(path)).send(body),
    };
  };
  /** Runs a refused request and checks that the credential store did not change. */
  const refusedWithoutWrites = async (run: () => request.Test, status: number) => {
    const before = await accessRowCounts(database.url);
    const response = await run().expect(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await accessRowCounts(database.url)).toEqual(before);
    return response;
  };
  const issue = async (body: object) =>
    (await as(adminToken).post('/admin/credentials', body).expect(201)).body as {
      id: string;
      token: string;
    };

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    app = await createServiceApp(issuingService, testConfig(database.url));
    await app.init();
    // The bootstrap admin, issued the way `npm run admin -- credentials issue --admin` does.
    adminToken = (await app.get(CredentialsService).issue({ role: 'admin', label: 'e2e' })).token;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('refuses a missing, a garbage and a well-shaped unknown token with 401', async () => {
    for (const token of [undefined, 'garbage', `tc_a_${'0'.repeat(20)}_${'A'.repeat(43)}`]) {
      const response = await refusedWithoutWrites(() => as(token).get('/admin/parties'), 401);
      expect(response.body.type).toBe('urn:taxchain:problem:unauthorized');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="taxchain"/);
    }
  });

  it('registers a merchant and a company', async () => {
    const merchant = await as(adminToken)
      .post('/admin/parties', { taxId: merchantTaxId, name: 'Min River Tea', roles: ['merchant'] })
      .expect(201);
    expect(merchant.body).toEqual({
      id: expect.any(String),
      taxId: merchantTaxId,
      name: 'Min River Tea',
      roles: ['merchant'],
      createdAt: expect.any(String),
    });
    await as(adminToken)
      .post('/admin/parties', { taxId: companyTaxId, name: 'Pudong Tools', roles: ['company'] })
      .expect(201);
  });

  it('issues credentials whose tokens are shown once and never listed', async () => {
    const response = await as(adminToken)
      .post('/admin/credentials', { role: 'merchant', taxId: merchantTaxId })
      .expect(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({
      role: 'merchant',
      partyTaxId: merchantTaxId,
      label: 'Min River Tea (merchant)',
    });
    expect(response.body.token).toMatch(new RegExp(`^tc_m_${response.body.id}_`));
    await issue({ role: 'company', taxId: companyTaxId, label: 'Expense desk' });
    await issue({ role: 'official', label: 'Audit team' });

    const listed = await as(adminToken).get('/admin/credentials').expect(200);
    expect(listed.body.items).toHaveLength(4);
    expect(JSON.stringify(listed.body)).not.toMatch(/token|secret|hash/i);
  });

  it('answers 403 to a merchant calling the admin API', async () => {
    const { token } = await issue({ role: 'merchant', taxId: merchantTaxId });
    const response = await refusedWithoutWrites(
      () =>
        as(token).post('/admin/parties', {
          taxId: generateTaxId('110108'),
          name: 'X',
          roles: ['merchant'],
        }),
      403,
    );
    expect(response.body.type).toBe('urn:taxchain:problem:forbidden');
  });

  it('answers 409 to a second registration of a tax ID', async () => {
    const response = await refusedWithoutWrites(
      () =>
        as(adminToken).post('/admin/parties', {
          taxId: merchantTaxId,
          name: 'Copy',
          roles: ['company'],
        }),
      409,
    );
    expect(response.body.type).toBe('urn:taxchain:problem:duplicate-tax-id');
  });

  it('answers 400 with field errors for an invalid tax ID and for an unknown field', async () => {
    const badCheck = merchantTaxId.slice(0, 17) + (merchantTaxId[17] === '0' ? '1' : '0');
    const invalid = await refusedWithoutWrites(
      () =>
        as(adminToken).post('/admin/parties', {
          taxId: badCheck,
          name: 'Bad',
          roles: ['merchant'],
        }),
      400,
    );
    expect(invalid.body).toMatchObject({
      type: 'urn:taxchain:problem:validation-failed',
      errors: [expect.stringMatching(/^taxId has check character/)],
    });
    const unknown = await refusedWithoutWrites(
      () =>
        as(adminToken).post('/admin/parties', {
          taxId: generateTaxId('110108'),
          name: 'Extra',
          roles: ['merchant'],
          nickname: 'x',
        }),
      400,
    );
    expect(unknown.body.errors).toEqual(['property nickname should not exist']);
    const noTaxId = await refusedWithoutWrites(
      () => as(adminToken).post('/admin/credentials', { role: 'company' }),
      400,
    );
    expect(noTaxId.body.errors).toEqual(['taxId is required for a company credential']);
  });

  it('answers 422 for a credential in a role the party does not hold', async () => {
    const response = await refusedWithoutWrites(
      () => as(adminToken).post('/admin/credentials', { role: 'company', taxId: merchantTaxId }),
      422,
    );
    expect(response.body.type).toBe('urn:taxchain:problem:role-not-held');
  });

  it('rotates: the old token stops working, the new one works', async () => {
    const old = await issue({ role: 'admin', label: 'second admin' });
    await as(old.token).get('/admin/parties').expect(200);
    const rotated = await as(adminToken).post(`/admin/credentials/${old.id}/rotate`).expect(201);
    expect(rotated.body).toMatchObject({ rotatedFrom: old.id, label: 'second admin' });
    await as(old.token).get('/admin/parties').expect(401);
    await as(rotated.body.token).get('/admin/parties').expect(200);
    const again = await refusedWithoutWrites(
      () => as(adminToken).post(`/admin/credentials/${old.id}/rotate`),
      409,
    );
    expect(again.body.type).toBe('urn:taxchain:problem:credential-revoked');
  });

  it('revokes: the token is refused at once', async () => {
    const credential = await issue({ role: 'official', label: 'leaving' });
    const revoked = await as(adminToken)
      .post(`/admin/credentials/${credential.id}/revoke`)
      .expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await as(credential.token).get('/admin/parties').expect(401);
    await refusedWithoutWrites(
      () => as(adminToken).post(`/admin/credentials/${'f'.repeat(20)}/revoke`),
      404,
    );
  });

  it('pages through parties with the returned cursor, refusing a forged one', async () => {
    const first = await as(adminToken).get('/admin/parties?limit=1').expect(200);
    const second = await as(adminToken)
      .get(`/admin/parties?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    const items = second.body.items as Array<{ taxId: string }>;
    expect(items.map((p) => p.taxId)).toEqual([companyTaxId]);
    expect(second.body.nextCursor).toBeNull();
    const forged = await as(adminToken).get('/admin/parties?cursor=forged').expect(400);
    expect(forged.body.type).toBe('urn:taxchain:problem:invalid-cursor');
  });

  it('documents the admin API, with its problems, in valid OpenAPI served without a credential', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    const register = document.paths['/admin/parties'].post;
    expect(Object.keys(register.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '429']),
    );
    expect(register.security).toEqual([{ bearer: [] }]);
    // The credential is opaque: a client told "JWT" would try to decode it.
    const bearer = document.components.securitySchemes.bearer;
    expect(bearer.bearerFormat).toBe('opaque');
    expect(bearer.description).toContain('tc_<role>_<id>_<secret>');
    expect(adminToken).toMatch(/^tc_a_[0-9a-f]{20}_[A-Za-z0-9_-]{43}$/);
  });
});

describe('access: rate limit per credential', () => {
  let database: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const limits = { RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_SECOND: '3' };
    app = await createServiceApp(issuingService, testConfig(database.url, limits));
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers 429 with Retry-After to the credential over its limit while serving another', async () => {
    const credentials = app.get(CredentialsService);
    const busy = (await credentials.issue({ role: 'admin', label: 'busy' })).token;
    const calm = (await credentials.issue({ role: 'admin', label: 'calm' })).token;
    const http = request(app.getHttpServer());
    // The budget is per credential across routes, not per route.
    for (const path of ['/admin/parties', '/admin/credentials', '/admin/parties'])
      await http.get(path).set('Authorization', `Bearer ${busy}`).expect(200);
    const limited = await http
      .get('/admin/credentials')
      .set('Authorization', `Bearer ${busy}`)
      .expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body.type).toBe('urn:taxchain:problem:rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await http.get('/admin/parties').set('Authorization', `Bearer ${calm}`).expect(200);
  });
});
