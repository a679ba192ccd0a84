import { generateTaxId } from '@taxchain/contracts';
import { DataSource } from 'typeorm';
import { runMigrations } from '../database/run-migrations';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { createCredentialToken, hashSecret } from './credential-token';
import { CredentialsRepository } from './credentials.repository';
import { accessMigrations } from './migrations';
import { PartiesRepository, type Party } from './parties.repository';

describe(CredentialsRepository.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let credentials: CredentialsRepository;
  let merchant: Party;

  beforeAll(async () => {
    database = await createTestDatabase([accessMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    credentials = new CredentialsRepository(db);
    merchant = (await new PartiesRepository(db).insert({
      taxId: generateTaxId('350100'),
      name: 'Tea House',
      roles: ['merchant'],
    }))!;
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const issue = (role: 'merchant' | 'official' = 'merchant') =>
    credentials.insert({
      role,
      label: `till ${role}`,
      partyId: role === 'merchant' ? merchant.id : null,
      secret: createCredentialToken(role),
    });

  it('stores a credential and lists it with its party, never with a secret or hash', async () => {
    const credential = await issue();
    expect(credential).toMatchObject({
      role: 'merchant',
      partyId: merchant.id,
      partyTaxId: merchant.taxId,
      revokedAt: null,
      rotatedFrom: null,
    });
    const listed = (await credentials.list({ limit: 100 })).items;
    expect(listed).toContainEqual(credential);
    for (const item of listed) expect(Object.keys(item)).not.toContain('secretHash');
  });

  it('gives authentication the hash and the party of an active credential', async () => {
    const secret = createCredentialToken('merchant');
    await credentials.insert({ role: 'merchant', label: 'x', partyId: merchant.id, secret });
    expect(await credentials.findForAuthentication(secret.id)).toEqual({
      id: secret.id,
      role: 'merchant',
      secretHash: secret.secretHash,
      party: { id: merchant.id, taxId: merchant.taxId, name: 'Tea House', roles: ['merchant'] },
    });
    const official = await issue('official');
    expect((await credentials.findForAuthentication(official.id))?.party).toBeUndefined();
  });

  it('rotates in one step: the old one revoked, the new one linked to it, same holder', async () => {
    const old = await issue();
    const successor = createCredentialToken('merchant');
    const rotated = await credentials.rotate(old.id, successor);
    expect(rotated).toMatchObject({
      id: successor.id,
      role: 'merchant',
      label: old.label,
      partyId: merchant.id,
      rotatedFrom: old.id,
      revokedAt: null,
    });
    expect((await credentials.findById(old.id))?.revokedAt).toBeInstanceOf(Date);
    expect(await credentials.findForAuthentication(old.id)).toBeUndefined();
    expect(await credentials.rotate(old.id, createCredentialToken('merchant'))).toBeUndefined();
  });

  it('revokes idempotently, keeping the first revocation time', async () => {
    const credential = await issue('official');
    const first = await credentials.revoke(credential.id);
    const second = await credentials.revoke(credential.id);
    expect(first?.revokedAt).toBeInstanceOf(Date);
    expect(second?.revokedAt).toEqual(first?.revokedAt);
    expect(await credentials.revoke('0'.repeat(20))).toBeUndefined();
  });

  it.each([
    ['a hash of 31 bytes', { hash: Buffer.alloc(31) }, 'credentials_secret_hash_check'],
    ['an unknown role', { role: 'root', party: null }, 'credentials_role_check'],
    ['a merchant without a party', { party: null }, 'credentials_party_check'],
    ['an official with a party', { role: 'official' }, 'credentials_party_check'],
    ['an id that is no token id', { id: 'ABC' }, 'credentials_id_check'],
  ])('refuses %s (CHECK)', async (_case, change, constraint) => {
    const row = {
      id: createCredentialToken('merchant').id,
      role: 'merchant',
      party: merchant.id as string | null,
      hash: hashSecret('s'),
      ...change,
    };
    await expect(
      db.query(
        `INSERT INTO access.credentials (id, role, label, party_id, secret_hash)
         VALUES ($1, $2, 'x', $3, $4)`,
        [row.id, row.role, row.party, row.hash],
      ),
    ).rejects.toMatchObject({ driverError: { constraint } });
  });

  it('has a migration that can be undone and re-applied', async () => {
    const source = await new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: accessMigrations.migrations,
      migrationsTableName: 'access.migrations',
    }).initialize();
    try {
      await source.query('DELETE FROM access.credentials');
      await source.query('DELETE FROM access.parties');
      await source.undoLastMigration();
      const tables = await source.query<unknown[]>(
        `SELECT 1 FROM information_schema.tables WHERE table_schema = 'access' AND table_name <> 'migrations'`,
      );
      expect(tables).toHaveLength(0);
    } finally {
      await source.destroy();
    }
    expect(await runMigrations(database.url, [accessMigrations])).toEqual([
      accessMigrations.migrations[0].name,
    ]);
  });
});
