import { recordReliability } from '../support/reliability-report';
import { authorizationCases, type Probe } from './support/authorization-cases';
import {
  givenAuthorizationFixtures,
  type AuthorizationFixtures,
} from './support/authorization-fixtures';
import {
  CALLER_ROLES,
  accessOf,
  listedOperations,
  type CallerRole,
} from './support/endpoint-access';
import { isProblem, type HttpAnswer } from './support/http-call';
import { documentedOperations, type Operation } from './support/openapi-operations';
import { startSecurityPlatform, type SecurityPlatform } from './support/security-platform';

const THREE_MINUTES = 180_000;
const TENANCIES = ['own', 'other'] as const;
type Tenancy = (typeof TENANCIES)[number];

/** What a cell must answer: the allowed role gets the case's answer, anyone else the guard's. */
function expected(allowed: boolean, role: CallerRole, probe: Probe): Omit<Probe, 'call'> {
  if (allowed) return { status: probe.status, type: probe.type };
  return role === 'anonymous'
    ? { status: 401, type: 'unauthorized' }
    : { status: 403, type: 'forbidden' };
}

/** What is wrong with the cell's answer, if anything. */
function mismatchOf(answer: HttpAnswer, want: Omit<Probe, 'call'>): string | undefined {
  const type = answer.json?.type;
  if (answer.status !== want.status)
    return `${answer.status}, expected ${want.status}: ${answer.text.slice(0, 200)}`;
  if (answer.status >= 300 && !isProblem(answer))
    return `${answer.status} is not problem+json (${answer.contentType})`;
  if (want.type && type !== `urn:taxchain:problem:${want.type}`)
    return `type ${String(type)}, expected ${want.type}`;
  return undefined;
}

/**
 * Item 9: every role (and no credential) against every operation the three services document,
 * on the caller's own tenant and on another's where a tenant applies. Only the allowed role's
 * own cells succeed; every other answer is the refusal the design names, as problem+json.
 */
describe('authorization matrix', () => {
  let platform: SecurityPlatform;
  let fixtures: AuthorizationFixtures;
  let operations: Operation[];

  beforeAll(async () => {
    // The machine is shared and loaded: a generous request timeout keeps contention (not the
    // code under test) from turning a slow answer into a 503.
    platform = await startSecurityPlatform({
      HTTP_REQUEST_TIMEOUT_MS: '60000',
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
    });
    fixtures = await givenAuthorizationFixtures(platform);
    operations = await documentedOperations(platform.urls);
  }, THREE_MINUTES);

  afterAll(async () => {
    await platform?.close();
  });

  const tokenOf = (role: CallerRole): string | undefined =>
    ({
      anonymous: undefined,
      admin: fixtures.tokens.admin,
      merchant: fixtures.own.merchantToken,
      company: fixtures.own.companyToken,
      official: fixtures.tokens.official,
    })[role];

  it(
    'lets only the allowed role succeed, on its own tenant, and refuses everyone else with problem+json',
    async () => {
      const documented = operations.map((o) => o.key).sort();
      expect(listedOperations().sort()).toEqual(documented);
      const cases = authorizationCases(fixtures);
      expect(Object.keys(cases).sort()).toEqual(documented);

      const wrong: string[] = [];
      const rows: string[] = [];
      for (const operation of operations) {
        const access = accessOf(operation);
        const allowed = (role: CallerRole) => access === 'public' || access.includes(role);
        const probes: Partial<Record<Tenancy, Probe>> = { own: await cases[operation.key].own() };
        const other = cases[operation.key].other;
        if (other) probes.other = await other();
        const cells = new Map<string, string>();
        // Refused roles first: a successful call consumes its fixture (a void, a settlement).
        const order = [...CALLER_ROLES].sort((a, b) => Number(allowed(a)) - Number(allowed(b)));
        for (const role of order)
          for (const tenancy of TENANCIES) {
            const probe = probes[tenancy];
            if (!probe) continue;
            const answer = await fixtures.send(operation.service, {
              ...probe.call,
              token: tokenOf(role),
            });
            const want = expected(allowed(role), role, probe);
            const mismatch = mismatchOf(answer, want);
            if (mismatch) wrong.push(`${operation.key} as ${role} (${tenancy}): ${mismatch}`);
            const refusal = allowed(role) && want.type ? ` ${want.type}` : '';
            cells.set(`${role} ${tenancy}`, `${answer.status}${refusal}`);
          }
        const columns = CALLER_ROLES.flatMap((role) =>
          TENANCIES.map((tenancy) => cells.get(`${role} ${tenancy}`) ?? '—'),
        );
        rows.push(`| ${operation.key} | ${columns.join(' | ')} |`);
      }
      expect(wrong).toEqual([]);
      recordReliability('authorization', report(rows));
    },
    THREE_MINUTES,
  );

  function report(rows: string[]): string {
    const headers = CALLER_ROLES.flatMap((role) => TENANCIES.map((t) => `${role} ${t}`));
    return [
      `${operations.length} documented operations × ${CALLER_ROLES.length} callers (no credential, admin, merchant, company, official) × own or another tenant's resource. ` +
        "**Only the allowed role's cells succeed**; 401 = no credential, 403 = wrong role (`forbidden`) unless a code is named; every refusal is problem+json. `—`: no tenant applies.",
      '',
      `| operation | ${headers.join(' | ')} |`,
      `| --- | ${headers.map(() => '---').join(' | ')} |`,
      ...rows,
    ].join('\n');
  }
});
