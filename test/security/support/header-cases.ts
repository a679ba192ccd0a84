import type { Operation } from './openapi-operations';
import { ProbeRequest, type HeaderChange, type ProbeCase } from './probe-request';

/** The classes, each a method of HeaderCases. */
export const HEADER_CLASSES = [
  'contentTypes',
  'framing',
  'authorization',
  'accept',
  'otherHeaders',
] as const;

type HeaderCase = ProbeCase;

/** Media types a JSON body may be labelled with; some are refused (415), none may be a 5xx. */
const CONTENT_TYPES: Array<[string, number | undefined]> = [
  ['application/json; charset=utf-8', undefined],
  ['application/json;charset="UTF-8"', undefined],
  ['Application/JSON', undefined],
  ['application/json ; charset=utf-8', undefined],
  ['application/json; foo=bar; boundary=x', undefined],
  ['application/json; charset=', undefined],
  ['application/json; charset=utf-8; charset=latin1', undefined],
  ['application/json; charset=ascii', undefined],
  ['application/json; charset=x-unknown', undefined],
  ['application/json;', undefined],
  ['application/json, text/plain', undefined],
  ['application/merge-patch+json', undefined],
  ['application/jsonx', 415],
  ['text/json', 415],
  ['*/*', 415],
  [';;;', undefined],
  ['application/', undefined],
  ['', 415],
];
const ACCEPTS = [
  'application/xml',
  'text/csv',
  'text/html',
  'application/pdf',
  'application/problem+json',
  '*/*;q=0',
  'application/json;q=abc',
  '',
  ';;;',
  `application/json, ${'text/x-a, '.repeat(700)}*/*`,
];
/** Values of any header the services read, or might: empty, huge, not ASCII, odd spacing. */
const ODD_VALUES = [
  '',
  ' ',
  'x'.repeat(8_000),
  '上海测试',
  '\u00ff\u00fe',
  'a\tb',
  '"quoted"',
  '-1',
  '99999999999999999999999',
];
const OTHER_HEADERS = [
  'Idempotency-Key',
  'X-Request-Id',
  'X-Forwarded-For',
  'Forwarded',
  'If-None-Match',
  'If-Modified-Since',
  'Range',
  'Accept-Encoding',
  'Accept-Language',
  'Accept-Charset',
  'Cookie',
  'Origin',
  'X-HTTP-Method-Override',
  'Content-Encoding',
  'Content-Language',
  'Cache-Control',
  'Prefer',
  'Expect',
  'Upgrade',
];

/**
 * Requests of each header class for one operation, from its OpenAPI path, parameters and body
 * schema: the credential, the body's labels and framing, what the client accepts and every
 * other header a client might send are spoiled in turn.
 */
export class HeaderCases {
  private readonly base: ProbeRequest;
  private readonly body?: Buffer;
  private readonly needsCredential: boolean;

  constructor(
    operation: Operation,
    private readonly token: string | undefined,
  ) {
    this.base = new ProbeRequest(operation, token);
    this.body = this.base.body;
    this.needsCredential = token !== undefined;
  }

  private with(label: string, changes: HeaderChange[], body = this.body): HeaderCase {
    return this.base.with(label, changes, body);
  }

  contentTypes(): HeaderCase[] {
    if (!this.body) return [];
    return [
      ...CONTENT_TYPES.map(([type, expect]) => ({
        ...this.with(`Content-Type ${JSON.stringify(type)}`, [['Content-Type', type]]),
        expect,
      })),
      { ...this.with('no Content-Type', [['Content-Type', null]]), expect: 415 },
      { ...this.repeated('Content-Type', 'application/json', 'text/plain'), expect: 400 },
      { ...this.repeated('Content-Type', 'text/plain', 'application/json'), expect: 400 },
    ];
  }

  accept(): HeaderCase[] {
    return ACCEPTS.map((accept) =>
      this.with(`Accept ${accept.slice(0, 40)}`, [['Accept', accept]]),
    );
  }

  /** How the body's length is told: wrong, conflicting, chunked, encoded. */
  framing(): HeaderCase[] {
    const body = this.body ?? Buffer.from('{}');
    const length = (value: string): HeaderChange[] => [['Content-Length', value]];
    const refused = (label: string, changes: HeaderChange[]) => ({
      ...this.with(label, changes, body),
      expect: '4xx' as const,
    });
    return [
      refused('Content-Length short of the body', length(String(Math.floor(body.length / 2)))),
      this.with('Content-Length 0 before a body', length('0'), body),
      refused('Content-Length not a number', length('abc')),
      refused('Content-Length negative', length('-1')),
      refused('Content-Length with a sign', length(`+${body.length}`)),
      refused('two different Content-Lengths', [
        ...length(String(body.length)),
        ['Content-Length', String(body.length + 1)],
      ]),
      refused('Content-Length and chunked', [['Transfer-Encoding', 'chunked']]),
      this.with(
        'chunked',
        [
          ['Content-Length', null],
          ['Transfer-Encoding', 'chunked'],
        ],
        Buffer.concat([
          Buffer.from(`${body.length.toString(16)}\r\n`),
          body,
          Buffer.from('\r\n0\r\n\r\n'),
        ]),
      ),
      refused('Transfer-Encoding gzip', [
        ['Content-Length', null],
        ['Transfer-Encoding', 'gzip'],
      ]),
      refused('Content-Encoding gzip on a plain body', [['Content-Encoding', 'gzip']]),
      refused('Content-Encoding unknown', [['Content-Encoding', 'x-unknown']]),
    ];
  }

  authorization(): HeaderCase[] {
    const token = this.token ?? 'tc_m_unknown';
    const refused = (label: string, value: string | null) => ({
      ...this.with(label, [['Authorization', value]]),
      expect: this.needsCredential ? 401 : undefined,
    });
    return [
      refused('no Authorization', null),
      refused('Authorization empty', ''),
      refused('Bearer alone', 'Bearer'),
      refused('Bearer and a space', 'Bearer '),
      refused('Basic', `Basic ${Buffer.from('admin:admin').toString('base64')}`),
      refused('another scheme', `Token ${token}`),
      refused('a tab for the space', `Bearer\t${token}`),
      refused('a second word after the token', `Bearer ${token} extra`),
      refused('two credentials in one', `Bearer ${token}, Bearer ${token}`),
      refused('a prefix alone', 'Bearer tc_m_'),
      refused('a huge token', `Bearer tc_m_${'a'.repeat(12_000)}`),
      refused('a token of non-ASCII text', `Bearer tc_m_上海${token.slice(5)}`),
      refused('a token of Latin-1 bytes', `Bearer tc_m_\u00e9\u00ff`),
      refused('a quoted token', `Bearer "${token}"`),
      refused('a token with padding', `Bearer ${token}====`),
      refused('the token cut short', `Bearer ${token.slice(0, -1)}`),
      refused(
        'the token changed at its end',
        `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      ),
      { ...this.with('lower-case bearer', [['Authorization', `bearer ${token}`]]) },
      { ...this.repeated('Authorization', `Bearer ${token}`, 'Bearer tc_m_forged'), expect: 400 },
      { ...this.repeated('Authorization', 'Bearer tc_m_forged', `Bearer ${token}`), expect: 400 },
    ];
  }

  otherHeaders(): HeaderCase[] {
    return [
      ...OTHER_HEADERS.flatMap((name, i) =>
        // every odd value in the first header, two in each of the others
        (i === 0 ? ODD_VALUES : [ODD_VALUES[i % ODD_VALUES.length], ODD_VALUES[2]]).map((value) =>
          this.with(`${name}: ${JSON.stringify(value.slice(0, 12))}`, [[name, value]]),
        ),
      ),
      this.with('Expect 100-continue', [['Expect', '100-continue']]),
      { ...this.with('Expect an unknown expectation', [['Expect', 'x-ray']]), expect: 417 },
      this.with('Upgrade to websocket', [
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
      ]),
      this.with(
        'a hundred extra headers',
        Array.from({ length: 100 }, (_, i) => [`X-H${i}`, 'v']),
      ),
      this.repeated('X-Request-Id', 'a', 'b'),
      { ...this.repeated('Host', 'a', 'b'), expect: 400 },
    ];
  }

  /** The header twice, with two values, as two lines. */
  private repeated(name: string, first: string, second: string): HeaderCase {
    return this.with(`${name} twice: ${first.slice(0, 20)}, ${second.slice(0, 20)}`, [
      [name, first],
      [name, second],
    ]);
  }
}
