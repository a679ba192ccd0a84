import { generateTaxId } from '@taxchain/contracts';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { InvalidCursorException } from '../database/keyset-page';
import { accessMigrations } from './migrations';
import { PartiesRepository } from './parties.repository';

describe(PartiesRepository.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  let parties: PartiesRepository;

  beforeAll(async () => {
    database = await createTestDatabase([accessMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    parties = new PartiesRepository(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const count = async () =>
    Number((await db.query<[{ n: string }]>('SELECT count(*) AS n FROM access.parties'))[0].n);

  it('registers a party and finds it by tax ID', async () => {
    const taxId = generateTaxId('350100');
    const party = await parties.insert({ taxId, name: 'Tea House', roles: ['merchant'] });
    expect(party).toMatchObject({ taxId, name: 'Tea House', roles: ['merchant'] });
    expect(await parties.findByTaxId(taxId)).toEqual(party);
  });

  it('answers undefined for a second party with the same tax ID, writing nothing', async () => {
    const taxId = generateTaxId('350100');
    await parties.insert({ taxId, name: 'First', roles: ['company'] });
    const before = await count();
    expect(await parties.insert({ taxId, name: 'Second', roles: ['merchant'] })).toBeUndefined();
    expect(await count()).toBe(before);
  });

  it.each([
    ['no role', '{}', 'parties_roles_check'],
    ['an unknown role', '{merchant,official}', 'parties_roles_check'],
  ])('refuses a party with %s (CHECK)', async (_case, roles, constraint) => {
    await expect(
      db.query(`INSERT INTO access.parties (tax_id, name, roles) VALUES ($1, 'x', $2)`, [
        generateTaxId('110108'),
        roles,
      ]),
    ).rejects.toMatchObject({ driverError: { constraint } });
  });

  it('lists every party once, in registration order, a page at a time', async () => {
    for (let i = 0; i < 5; i++)
      await parties.insert({ taxId: generateTaxId('440305'), name: `P${i}`, roles: ['company'] });
    const all = (await parties.list({ limit: 100 })).items.map((p) => p.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await parties.list({ cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBe(await count());
  });

  it.each([
    ['not one this API made', 'not a cursor'],
    ['an id of the wrong shape', Buffer.from('1.abc').toString('base64url')],
  ])('refuses a cursor that is %s', async (_case, cursor) => {
    await expect(parties.list({ cursor, limit: 2 })).rejects.toBeInstanceOf(InvalidCursorException);
  });
});
