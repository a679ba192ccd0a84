import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { EndpointLocks } from './endpoint-locks';

/**
 * The delivery locks of the endpoints one reimbursement instance delivers, on one session of
 * their own, and what another instance sees of them.
 */
describe(EndpointLocks.name, () => {
  const ENDPOINTS = ['e1', 'e2', 'e3', 'e4', 'e5'];
  let database: TestDatabase;
  let mine: EndpointLocks;
  let other: EndpointLocks;
  /** Statements sent while their client still had one waiting: pg 8 warns of each, pg 9 throws. */
  let queuedBehind = 0;

  beforeAll(async () => {
    database = await createTestDatabase([]);
    mine = new EndpointLocks(database.url);
    other = new EndpointLocks(database.url);
    // pg's own test for its deprecation warning, which goes to the real process, not jest's.
    const query = Client.prototype.query;
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args) {
      if ((this as unknown as { _queryQueue: unknown[] })._queryQueue.length) queuedBehind += 1;
      return (query as (...args: unknown[]) => never).apply(this, args);
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await mine?.close();
    await other?.close();
    await database?.drop();
  });

  it("takes, checks and releases many endpoints' locks at once, as the endpoints' loops do, one statement at a time on its session", async () => {
    expect(await Promise.all(ENDPOINTS.map((id) => mine.acquire(id)))).toEqual(
      ENDPOINTS.map(() => true),
    );
    expect(await Promise.all(ENDPOINTS.map((id) => mine.holds(id)))).toEqual(
      ENDPOINTS.map(() => true),
    );
    expect(await Promise.all(ENDPOINTS.map((id) => other.acquire(id)))).toEqual(
      ENDPOINTS.map(() => false),
    );

    await Promise.all(ENDPOINTS.map((id) => mine.release(id)));

    expect(await Promise.all(ENDPOINTS.map((id) => mine.holds(id)))).toEqual(
      ENDPOINTS.map(() => false),
    );
    expect(await Promise.all(ENDPOINTS.map((id) => other.acquire(id)))).toEqual(
      ENDPOINTS.map(() => true),
    );
    expect(queuedBehind).toBe(0);
  });
});
