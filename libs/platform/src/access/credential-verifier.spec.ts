import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { GivenAccess, type GivenCredential } from '../testing/given-access';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { CredentialVerifier } from './credential-verifier';
import { CredentialsRepository } from './credentials.repository';
import { accessMigrations } from './migrations';
import { PartiesRepository } from './parties.repository';

const TTL_MS = 300;

describe(CredentialVerifier.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let credentials: CredentialsRepository;
  let given: GivenAccess;
  let lookUps: jest.SpyInstance;

  beforeAll(async () => {
    database = await createTestDatabase([accessMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    credentials = new CredentialsRepository(db);
    given = new GivenAccess(new PartiesRepository(db), credentials);
  });

  beforeEach(() => {
    lookUps = jest.spyOn(credentials, 'findForAuthentication');
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const verifier = (ttlMs = TTL_MS) =>
    new CredentialVerifier(credentials, { AUTH_CACHE_TTL_MS: ttlMs });

  const many = (subject: CredentialVerifier, tokens: string[], each: number) =>
    Promise.all(
      tokens.flatMap((token) => Array.from({ length: each }, () => subject.verify(token))),
    );

  /** Holds the next look-up until released, so that requests arrive while it is in flight. */
  function holdNextLookUp(): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const real = CredentialsRepository.prototype.findForAuthentication.bind(credentials);
    lookUps.mockImplementationOnce(async (id: string) => {
      const record = await real(id);
      await released;
      return record;
    });
    return release;
  }

  it('looks each credential up once when its requests in flight find the cache expired', async () => {
    const merchants = await Promise.all(Array.from({ length: 8 }, () => given.merchant()));
    const tokens = merchants.map((m) => m.token);
    const subject = verifier();
    await many(subject, tokens, 1);
    await sleep(TTL_MS + 50);
    lookUps.mockClear();

    // 8 merchants × 125 requests at once, all after the expiry: 8 look-ups, one each.
    const callers = await many(subject, tokens, 125);
    expect(lookUps).toHaveBeenCalledTimes(8);
    expect(callers.map((c) => c?.credentialId)).toEqual(
      merchants.flatMap((m) => Array.from({ length: 125 }, () => m.credential.id)),
    );
  });

  it('refuses a credential revoked elsewhere once the cache expires, as before', async () => {
    const { token, credential } = await given.merchant();
    const subject = verifier();
    expect(await subject.verify(token)).toBeDefined();
    await credentials.revoke(credential.id); // on another instance: no forget here
    expect(await subject.verify(token)).toBeDefined(); // cached, within AUTH_CACHE_TTL_MS
    await sleep(TTL_MS + 50);
    expect(await many(subject, [token], 20)).toEqual(Array(20).fill(undefined));
  });

  it('after forget, neither joins the look-up in flight nor caches its answer', async () => {
    const { token, credential }: GivenCredential = await given.merchant();
    const subject = verifier();
    const release = holdNextLookUp();
    const before = subject.verify(token); // reads the active credential, then waits

    await credentials.revoke(credential.id);
    subject.forget(credential.id); // revoked on this instance
    expect(await subject.verify(token)).toBeUndefined(); // its own read, not the held one

    release();
    expect(await before).toBeDefined(); // a request older than the revocation, as before
    expect(await subject.verify(token)).toBeUndefined(); // the held answer was not cached
  });

  it('gives a failed look-up to every request that shared it, and keeps nothing of it', async () => {
    const { token } = await given.merchant();
    const subject = verifier();
    lookUps.mockRejectedValueOnce(new Error('connection terminated'));

    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, () => subject.verify(token)),
    );
    expect(answers.map((a) => a.status === 'rejected' && String(a.reason))).toEqual(
      Array(5).fill('Error: connection terminated'),
    );
    expect(await subject.verify(token)).toBeDefined();
    expect(lookUps).toHaveBeenCalledTimes(2);
  });

  it('shares nothing when nothing is cached (AUTH_CACHE_TTL_MS = 0): each request reads', async () => {
    const { token } = await given.merchant();
    await many(verifier(0), [token], 5);
    expect(lookUps).toHaveBeenCalledTimes(5);
  });
});
