import { sendRaw } from './security/support/client-error-cases';
import { httpCall, isProblem, type HttpAnswer, type HttpCall } from './security/support/http-call';
import { changedTables, rowCounter, type RowCounts } from './security/support/row-counts';
import {
  startSecurityPlatform,
  type SecurityPlatform,
  type ServiceName,
} from './security/support/security-platform';

/**
 * Text that is not text, found by the input-class fuzzer (test/faults/fuzz-input-classes): lone
 * UTF-16 surrogates, bytes that are not UTF-8 in a body or a URL, a body in another charset, keys
 * the validator never sees, null where a member may only be absent, and requests Node's HTTP
 * parser refuses. Each is refused with problem+json naming the cause, and writes nothing.
 */
describe('hostile encodings', () => {
  let platform: SecurityPlatform;
  let countRows: () => Promise<RowCounts>;
  const tokens = {} as Record<'admin' | 'company', string>;
  const party = { taxId: '91350100M000100Y43', name: 'Tea House', roles: ['merchant'] };

  beforeAll(async () => {
    platform = await startSecurityPlatform();
    tokens.admin = (await platform.given.admin()).token;
    tokens.company = (await platform.given.company()).token;
    countRows = await rowCounter(platform.db);
  });

  afterAll(async () => {
    await platform?.close();
  });

  async function expectRefused(
    service: ServiceName,
    call: HttpCall,
    refusal: { status: number; type: string; detail: string },
  ): Promise<HttpAnswer> {
    const before = await countRows();
    const answer = await httpCall(platform.urls[service], call);
    expect({ status: answer.status, problem: isProblem(answer), body: answer.json }).toEqual({
      status: refusal.status,
      problem: true,
      body: expect.objectContaining({
        type: `urn:taxchain:problem:${refusal.type}`,
        detail: expect.stringContaining(refusal.detail),
      }),
    });
    expect(changedTables(before, await countRows())).toEqual([]);
    return answer;
  }

  const createParty = (change: Partial<HttpCall>): HttpCall => ({
    method: 'POST',
    path: '/admin/parties',
    token: tokens.admin,
    body: party,
    ...change,
  });

  describe('lone surrogates and keys the validator never sees', () => {
    it.each([['\ud800'], ['a\udfffb']])(
      'refuses a lone surrogate (%j) in stored text, where it was stored as U+FFFD',
      async (text) => {
        await expectRefused('issuing', createParty({ body: { ...party, name: text } }), {
          status: 400,
          type: 'validation-failed',
          detail: 'name must not contain lone UTF-16 surrogates',
        });
      },
    );

    it('refuses a "prototype" key like any unknown key; it was dropped without a word', async () => {
      const raw = JSON.stringify(party).replace('{', '{"prototype":{"admin":true},');
      await expectRefused('issuing', createParty({ raw }), {
        status: 400,
        type: 'validation-failed',
        detail: 'property prototype should not exist',
      });
    });
  });

  describe('bodies that are not UTF-8', () => {
    it.each([
      ['0xFF', [0xff]],
      ['a cut sequence', [0xe0, 0xa4]],
      ['an overlong slash', [0xc0, 0xaf]],
      ["a surrogate's bytes", [0xed, 0xa0, 0x80]],
    ])(
      'refuses %s inside a string with 400 invalid-utf8, where it was read as U+FFFD',
      async (_case, bytes) => {
        const [before, after] = JSON.stringify({ ...party, name: '<here>' }).split('<here>');
        const raw = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
        await expectRefused('issuing', createParty({ raw }), {
          status: 400,
          type: 'invalid-utf8',
          detail: 'not valid UTF-8',
        });
      },
    );

    it.each([['latin1'], ['utf-16'], ['UTF-32']])(
      'refuses JSON declared as charset=%s with 415',
      async (charset) => {
        await expectRefused(
          'issuing',
          createParty({
            raw: JSON.stringify(party),
            contentType: `application/json; charset=${charset}`,
          }),
          { status: 415, type: 'unsupported-media-type', detail: 'send UTF-8 JSON' },
        );
      },
    );

    it('takes JSON declared as charset=utf-8', async () => {
      const answer = await httpCall(
        platform.urls.issuing,
        createParty({ contentType: 'application/json; charset=UTF-8' }),
      );
      expect(answer.status).toBe(201);
    });
  });

  describe('URLs that are not percent-encoded UTF-8', () => {
    it.each<[ServiceName, 'admin' | 'company', string, string]>([
      ['issuing', 'admin', 'POST', '/admin/credentials/%FF/revoke'],
      ['issuing', 'admin', 'GET', '/admin/parties?role=%E0%A4'],
      ['reimbursement', 'company', 'GET', '/claims?state=%ED%A0%80'],
      ['reimbursement', 'company', 'POST', '/claims/%C0%AE/complete'],
      ['audit', 'admin', 'GET', '/checkpoints/%'],
      ['audit', 'admin', 'GET', '/authority?x=%zz'],
    ])('%s %s %s is 400 invalid-url-encoding', async (service, role, method, path) => {
      await expectRefused(
        service,
        { method, path, token: tokens[role] },
        { status: 400, type: 'invalid-url-encoding', detail: 'not valid percent-encoded UTF-8' },
      );
    });
  });

  it('refuses a claim whose amount is null (absent means "all"; null threw a TypeError, 500)', async () => {
    await expectRefused(
      'reimbursement',
      {
        method: 'POST',
        path: '/claims',
        token: tokens.company,
        body: { invoiceNumber: '1'.repeat(20), checkCode: '123456', amount: null },
      },
      {
        status: 400,
        type: 'validation-failed',
        detail: 'amount must be a positive integer string',
      },
    );
  });

  describe('requests the HTTP parser refuses', () => {
    it.each([
      [
        431,
        'header-fields-too-large',
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      ],
      [400, 'malformed-request', 'NOT HTTP AT ALL\r\n\r\n'],
      [400, 'malformed-request', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
    ])('answers %i %s as problem+json, not a bare status line', async (status, type, bytes) => {
      const answer = await sendRaw(platform.urls.issuing, bytes);
      expect({
        status: answer.status,
        problem: isProblem(answer),
        type: answer.json?.type,
      }).toEqual({
        status,
        problem: true,
        type: `urn:taxchain:problem:${type}`,
      });
    });
  });

  it.each<ServiceName>(['issuing', 'reimbursement', 'audit'])(
    "%s's OpenAPI document lists every problem the edge answers",
    async (service) => {
      const document = (await (await fetch(`${platform.urls[service]}/docs-json`)).json()) as {
        info: { description: string };
      };
      for (const code of [
        'validation-failed',
        'malformed-json',
        'invalid-utf8',
        'json-too-deep',
        'invalid-url-encoding',
        'malformed-request',
        'payload-too-large',
        'unsupported-media-type',
        'header-fields-too-large',
        'expectation-failed',
      ])
        expect(document.info.description).toContain(`\`${code}\``);
    },
  );
});
