import { gzipSync } from 'node:zlib';
import { generateTaxId } from '@taxchain/contracts';
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

  describe('headers that must be single, and encoded bodies', () => {
    const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];
    /** A request of these header lines (and body), byte for byte, on a connection it closes. */
    const raw = (service: ServiceName, head: string, headers: string[], body = '') =>
      sendRaw(
        platform.urls[service],
        [head, 'Host: x', ...headers, 'Connection: close', '', body].join('\r\n'),
      );
    /** POST /admin/parties with a valid party and these header lines (the admin's credential). */
    const createPartyRaw = (headers: string[], body: string | Buffer = JSON.stringify(party)) => {
      const bytes = Buffer.isBuffer(body) ? body.toString('latin1') : body;
      return raw(
        'issuing',
        'POST /admin/parties HTTP/1.1',
        [...headers, `Content-Length: ${Buffer.byteLength(bytes, 'latin1')}`],
        bytes,
      );
    };
    const verdictOf = (answer: HttpAnswer) => ({
      status: answer.status,
      problem: isProblem(answer),
      type: answer.json?.type,
      detail: answer.json?.detail,
    });

    it.each(SERVICES)(
      '%s refuses two Authorization headers with 400, whichever comes first (Node kept the first)',
      async (service) => {
        const token = service === 'issuing' ? tokens.admin : tokens.company;
        const path =
          service === 'audit' ? '/health' : service === 'issuing' ? '/admin/parties' : '/claims';
        for (const pair of [
          [`Bearer ${token}`, 'Bearer tc_m_forged'],
          ['Bearer tc_m_forged', `Bearer ${token}`],
        ]) {
          const answer = await raw(service, `GET ${path} HTTP/1.1`, [
            `Authorization: ${pair[0]}`,
            `Authorization: ${pair[1]}`,
          ]);
          expect(verdictOf(answer)).toEqual({
            status: 400,
            problem: true,
            type: 'urn:taxchain:problem:repeated-header',
            detail: 'The Authorization header is sent 2 times: send it once.',
          });
        }
      },
    );

    it.each<[string, string[]]>([
      ['Content-Type', ['Content-Type: application/json', 'Content-Type: text/plain']],
      ['Host', ['Host: y']],
    ])('refuses two %s headers with 400 repeated-header, writing nothing', async (name, lines) => {
      const before = await countRows();
      const answer = await createPartyRaw([
        `Authorization: Bearer ${tokens.admin}`,
        ...lines,
        ...(name === 'Host' ? ['Content-Type: application/json'] : []),
      ]);
      expect(verdictOf(answer)).toEqual({
        status: 400,
        problem: true,
        type: 'urn:taxchain:problem:repeated-header',
        detail: `The ${name} header is sent 2 times: send it once.`,
      });
      expect(changedTables(before, await countRows())).toEqual([]);
    });

    it('refuses two Content-Length headers, equal or not, with 400 problem+json (the parser refuses them)', async () => {
      for (const second of ['2', '3']) {
        const answer = await raw(
          'issuing',
          'POST /admin/parties HTTP/1.1',
          ['Content-Length: 2', `Content-Length: ${second}`, 'Content-Type: application/json'],
          '{}',
        );
        expect(verdictOf(answer)).toMatchObject({
          status: 400,
          problem: true,
          type: 'urn:taxchain:problem:malformed-request',
        });
      }
    });

    it.each<[string, number, string, RegExp]>([
      ['gzip', 400, 'bad-content-encoding', /^The body is not gzip as its Content-Encoding says/],
      [
        'deflate',
        400,
        'bad-content-encoding',
        /^The body is not deflate as its Content-Encoding says/,
      ],
      ['br', 400, 'bad-content-encoding', /^The body is not br as its Content-Encoding says/],
      ['x-unknown', 415, 'unsupported-media-type', /^Content-Encoding x-unknown is not accepted/],
    ])(
      'refuses a plain body labelled Content-Encoding %s with %i %s, writing nothing',
      async (encoding, status, type, detail) => {
        const before = await countRows();
        const answer = await createPartyRaw([
          `Authorization: Bearer ${tokens.admin}`,
          'Content-Type: application/json',
          `Content-Encoding: ${encoding}`,
        ]);
        expect(verdictOf(answer)).toEqual({
          status,
          problem: true,
          type: `urn:taxchain:problem:${type}`,
          detail: expect.stringMatching(detail),
        });
        expect(changedTables(before, await countRows())).toEqual([]);
      },
    );

    it('takes a gzip body that is gzip', async () => {
      const body = gzipSync(JSON.stringify({ ...party, taxId: generateTaxId('350100') }));
      const answer = await createPartyRaw(
        [
          `Authorization: Bearer ${tokens.admin}`,
          'Content-Type: application/json',
          'Content-Encoding: gzip',
        ],
        body,
      );
      expect(answer.status).toBeLessThan(300);
    });

    it.each(SERVICES)('%s still serves its OpenAPI page at /docs/', async (service) => {
      const answer = await raw(service, 'GET /docs/ HTTP/1.1', []);
      expect({ status: answer.status, type: answer.contentType }).toEqual({
        status: 200,
        type: expect.stringMatching(/^text\/html/),
      });
    });

    it.each(
      SERVICES.flatMap((service) =>
        ['/docs/.', '/docs/..', '/docs/%2e'].map((path) => [service, path]),
      ),
    )(
      '%s answers GET %s like any unknown path: 404 problem+json, no redirect',
      async (service, path) => {
        const answer = await raw(service as ServiceName, `GET ${path} HTTP/1.1`, []);
        expect({ ...verdictOf(answer), location: answer.headers.get('location') }).toMatchObject({
          status: 404,
          problem: true,
          location: null,
        });
      },
    );
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
        'repeated-header',
        'bad-content-encoding',
        'payload-too-large',
        'unsupported-media-type',
        'header-fields-too-large',
        'expectation-failed',
      ])
        expect(document.info.description).toContain(`\`${code}\``);
    },
  );
});
