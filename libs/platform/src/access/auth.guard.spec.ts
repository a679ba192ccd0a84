import { Controller, Get, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp } from '../bootstrap/create-service-app';
import type { AppConfig } from '../config/config.schema';
import { PlatformModule } from '../platform.module';
import { GivenAccess } from '../testing/given-access';
import { testConfig } from '../testing/test-config';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { CurrentCaller, Public, Roles } from './access.decorators';
import { AuthGuard } from './auth.guard';
import type { Caller } from './caller';
import { CredentialsRepository } from './credentials.repository';
import { accessMigrations } from './migrations';

@Controller('probe')
class ProbeController {
  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('anyone')
  anyone(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Roles('merchant')
  @Get('merchants')
  merchants(@CurrentCaller() caller: Caller) {
    return caller;
  }
}

@Module({})
class ProbeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [PlatformModule.forService(config)],
      controllers: [ProbeController],
    };
  }
}

const CACHE_MS = 300;
const flipLast = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');

describe(AuthGuard.name, () => {
  let database: TestDatabase;
  let app: INestApplication;
  let given: GivenAccess;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    database = await createTestDatabase([accessMigrations]);
    const config = testConfig(database.url, { AUTH_CACHE_TTL_MS: String(CACHE_MS) });
    app = await createServiceApp(
      {
        name: 'issuing',
        module: (c) => ProbeModule.forRoot(c),
        migrations: [accessMigrations],
        port: () => 0,
        openapi: { title: 'probe', description: 'probe', version: '1' },
      },
      config,
    );
    await app.init();
    given = GivenAccess.from(app);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lets anyone call a @Public() route', async () => {
    await http().get('/probe/open').expect(200, { open: true });
  });

  it('answers 401 problem+json with WWW-Authenticate when no credential is sent', async () => {
    const response = await http().get('/probe/anyone').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="taxchain"');
    expect(response.body).toMatchObject({ type: 'urn:taxchain:problem:unauthorized', status: 401 });
  });

  it.each([
    ['garbage', async () => 'garbage'],
    ['a wrong secret', async () => flipLast((await given.official()).token)],
    ['another role letter', async () => (await given.official()).token.replace('tc_o_', 'tc_a_')],
    [
      'an unknown id',
      async () => (await given.official()).token.replace(/_[0-9a-f]{20}_/, `_${'0'.repeat(20)}_`),
    ],
  ])('answers 401 invalid_token for %s', async (_case, token) => {
    const response = await http()
      .get('/probe/anyone')
      .set('Authorization', `Bearer ${await token()}`)
      .expect(401);
    expect(response.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(response.body.type).toBe('urn:taxchain:problem:unauthorized');
  });

  it('puts the caller, with its party, on the request', async () => {
    const { token, credential, party } = await given.merchant();
    const response = await http()
      .get('/probe/merchants')
      .auth(token, { type: 'bearer' })
      .expect(200);
    expect(response.body).toEqual({
      credentialId: credential.id,
      role: 'merchant',
      party: { id: party.id, taxId: party.taxId, name: party.name, roles: ['merchant'] },
    });
  });

  it('accepts the scheme in any case', async () => {
    const { token } = await given.official();
    await http().get('/probe/anyone').set('Authorization', `bearer ${token}`).expect(200);
  });

  it('answers 403 when the role is not allowed', async () => {
    const { token } = await given.official();
    const response = await http()
      .get('/probe/merchants')
      .auth(token, { type: 'bearer' })
      .expect(403);
    expect(response.body).toMatchObject({
      type: 'urn:taxchain:problem:forbidden',
      detail: 'An official credential may not call this; it needs the role merchant.',
    });
  });

  it('keeps serving a credential revoked elsewhere for at most AUTH_CACHE_TTL_MS', async () => {
    const { token, credential } = await given.merchant();
    await http().get('/probe/anyone').auth(token, { type: 'bearer' }).expect(200);
    // As another instance (or the CLI) would: straight to the store, not through this cache.
    await app.get(CredentialsRepository).revoke(credential.id);
    await http().get('/probe/anyone').auth(token, { type: 'bearer' }).expect(200);
    await new Promise((done) => setTimeout(done, CACHE_MS + 50));
    await http().get('/probe/anyone').auth(token, { type: 'bearer' }).expect(401);
  });
});
