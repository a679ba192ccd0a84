import type { HttpCall } from './http-call';
import { resolved, type Operation, type OperationParameter } from './openapi-operations';
import { ABSENT, fieldsOf, memberAt, sampleOf, withMember, type Field } from './schema-fields';

export const INPUT_CLASSES = [
  'control-characters',
  'lone-surrogates',
  'wrong-kinds',
  'huge-values',
  'media-types',
  'malformed-json',
  'prototype-keys',
  'bad-url-encodings',
] as const;
export type InputClass = (typeof INPUT_CLASSES)[number];

/** One generated request, and whether any answer but a 4xx refusal is a defect. */
export interface InputCase {
  label: string;
  call: HttpCall;
  /** The status (or status class, 4xx) a correct server must answer. */
  expect?: 400 | 415 | '4xx';
  /** The problem type the refusal must carry, where only one is right. */
  problem?: string;
  /**
   * Whether the path holds the schema's samples, which name nothing: a runner sends the case
   * to real ids instead. False where the case spoils a path parameter itself.
   */
  samplePath: boolean;
}

/** C0 controls and DEL, all refused; U+2028 is text (a line separator) and may be accepted. */
const CONTROL_CHARACTERS = [
  ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
];
const LINE_SEPARATOR = '\u2028';
const LONE_SURROGATES = ['\ud800', 'a\udfffb'];
/** Replaced in the JSON text by a literal JSON cannot otherwise carry (1e309 parses to Infinity). */
const RAW_1E309 = '\u0000raw:1e309\u0000';
const HUGE_NUMBERS: unknown[] = [
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  -1,
  -(2 ** 63),
  1e308,
  1e-320,
  RAW_1E309,
];
const HUGE_TEXTS = [
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9'.repeat(400),
  'a'.repeat(5_000),
  'a'.repeat(300_000),
];
/** Percent-encodings that decode to no UTF-8 text, or to the bytes of a surrogate or overlong. */
const BAD_ENCODINGS = ['%FF', '%E0%A4', '%ED%A0%80', '%C0%AE', '%', '%zz', 'a%2'];
const OTHER_MEDIA_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  null,
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
];
const MALFORMED_JSON = ['{', '{"a":1,}', "{'a':1}", '[1,2', 'nul', '{"a" 1}', '{}x'];
/** Each spliced into a string value of the body: no UTF-8 decoder may accept them. */
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe0, 0xa4]];
const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];
const WRONG_KINDS: Array<[string, unknown]> = [
  ['absent', ABSENT],
  ['null', null],
  ['an array', []],
  ['an object', {}],
  ['a number', 1],
  ['a string', 'x'],
  ['a boolean', true],
];

/** The parts of a request the classes vary: path and query values as raw (encoded) URL text. */
interface Request {
  path: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** The body as JSON text, after literal substitutions. */
  text?: string | Buffer;
  contentType?: string | null;
}

/**
 * Requests of each input class for one operation, derived from its OpenAPI parameters and body
 * schema: every string field, path and query parameter, every object and member is spoiled in
 * turn, so a new endpoint or field is covered without a line here.
 */
export function inputCases(operation: Operation, token?: string): Record<InputClass, InputCase[]> {
  const builder = new CaseBuilder(operation, token);
  return {
    'control-characters': builder.textCases([...CONTROL_CHARACTERS, LINE_SEPARATOR], (text) =>
      text === LINE_SEPARATOR ? undefined : '4xx',
    ),
    'lone-surrogates': builder.textCases(LONE_SURROGATES, () => 400),
    'wrong-kinds': builder.wrongKinds(),
    'huge-values': builder.hugeValues(),
    'media-types': builder.mediaTypes(),
    'malformed-json': builder.malformedJson(),
    'prototype-keys': builder.prototypeKeys(),
    'bad-url-encodings': builder.badEncodings(),
  };
}

class CaseBuilder {
  private readonly parameters: { path: OperationParameter[]; query: OperationParameter[] };
  private readonly base: Request;
  private readonly fields: Field[];
  private readonly hasBody: boolean;

  constructor(
    private readonly operation: Operation,
    private readonly token?: string,
  ) {
    const { parameters, components, body } = operation;
    this.parameters = {
      path: parameters.filter((p) => p.in === 'path'),
      query: parameters.filter((p) => p.in === 'query'),
    };
    const sample = (p: OperationParameter) =>
      encodeURIComponent(String(sampleOf(p.schema, components)));
    this.base = {
      path: Object.fromEntries(this.parameters.path.map((p) => [p.name, sample(p)])),
      query: {},
      body: body ? sampleOf(body, components) : undefined,
    };
    // The body itself is required when it has required members.
    const [root, ...members] = body ? fieldsOf(body, components) : [];
    const bodyRequired = Boolean(body && resolved(body, components).required?.length);
    this.fields = root ? [{ ...root, required: bodyRequired }, ...members] : [];
    this.hasBody = operation.method !== 'GET';
  }

  /**
   * Texts spliced into every string member, path and query parameter: the first text in each,
   * every text in the first, and the others spread round-robin over the rest.
   */
  textCases(texts: string[], expect: (text: string) => InputCase['expect']): InputCase[] {
    const strings = this.fields.filter((field) => field.kind === 'string');
    const locations: Array<(text: string) => InputCase> = [
      ...strings.map(
        (field) => (text: string) =>
          this.bodyCase(`${codes(text)} in ${field.path.join('.')}`, expect(text), {
            body: withMember(this.base.body, field.path, `a${text}b`),
          }),
      ),
      ...this.parameters.path.map(
        (p) => (text: string) =>
          this.caseOf(`${codes(text)} in {${p.name}}`, expect(text), {
            ...this.base,
            path: { ...this.base.path, [p.name]: encodeText(`a${text}b`) },
          }),
      ),
      ...this.parameters.query.map(
        (p) => (text: string) =>
          this.caseOf(`${codes(text)} in ?${p.name}`, expect(text), {
            ...this.base,
            query: { [p.name]: encodeText(`a${text}b`) },
          }),
      ),
    ];
    const [first, ...others] = texts;
    return locations.flatMap((location, i) => {
      const chosen =
        i === 0 ? texts : others.length ? [first, others[(i - 1) % others.length]] : [first];
      return chosen.map(location);
    });
  }

  /**
   * Every kind of value in place of the body and of each member. Where the schema leaves no
   * doubt, the server must refuse: a required member absent or null, and a value of another
   * kind than the schema's (null may mean "absent" for an optional member).
   */
  wrongKinds(): InputCase[] {
    if (!this.hasBody) return [];
    return this.fields.flatMap((field) =>
      WRONG_KINDS.filter(([name]) => name !== 'an object' || field.kind !== 'object').map(
        ([name, value]) => {
          const body = withMember(this.base.body, field.path, value);
          const label = `${field.path.join('.') || 'body'} ${name}`;
          return this.bodyCase(label, mustRefuse(field, value), body === ABSENT ? {} : { body });
        },
      ),
    );
  }

  hugeValues(): InputCase[] {
    const members = this.fields.filter((f) => f.kind === 'string' || f.kind === 'number');
    return [
      ...members.flatMap((field) =>
        [...HUGE_NUMBERS, ...HUGE_TEXTS].map((value) =>
          this.bodyCase(`${field.path.join('.')} = ${String(value).slice(0, 12)}`, undefined, {
            body: withMember(this.base.body, field.path, value),
          }),
        ),
      ),
      ...HUGE_TEXTS.slice(0, 6).flatMap((text) =>
        this.parameterCases(text.slice(0, 12), encodeURIComponent(text)),
      ),
    ];
  }

  mediaTypes(): InputCase[] {
    if (!this.hasBody) return [];
    const text = JSON.stringify(this.base.body ?? {});
    return [
      ...OTHER_MEDIA_TYPES.map((contentType) =>
        this.bodyCase(`Content-Type ${contentType ?? 'none'}`, 415, { text, contentType }),
      ),
      this.bodyCase('form body', 415, {
        text: 'invoice=1&signature=2',
        contentType: 'application/x-www-form-urlencoded',
      }),
      this.bodyCase('xml body', 415, { text: '<invoice/>', contentType: 'application/xml' }),
    ].map((c) => ({ ...c, problem: 'unsupported-media-type' }));
  }

  malformedJson(): InputCase[] {
    if (!this.hasBody) return [];
    const strings = this.fields.filter((field) => field.kind === 'string').slice(0, 4);
    const spoiled = strings.flatMap((field) =>
      INVALID_UTF8.map((bytes) => {
        const marker = `<bytes for ${field.path.join('.')}>`;
        const [before, after] = JSON.stringify(
          withMember(this.base.body, field.path, marker),
        ).split(marker);
        const text = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
        return {
          ...this.bodyCase(
            `bytes ${Buffer.from(bytes).toString('hex')} in ${field.path.join('.')}`,
            400,
            { text },
          ),
          problem: 'invalid-utf8',
        };
      }),
    );
    return [
      ...MALFORMED_JSON.map((text) => this.bodyCase(`JSON ${text}`, 400, { text })),
      ...spoiled,
    ];
  }

  /** Only where a body is documented: an operation without one never reads what is sent. */
  prototypeKeys(): InputCase[] {
    if (!this.hasBody || !this.operation.body) return [];
    return this.fields
      .filter((field) => field.kind === 'object')
      .flatMap(({ path }) => {
        const at = memberAt(this.base.body, path);
        const keys = at && typeof at === 'object' ? Object.keys(at) : [];
        const where = path.join('.') || 'body';
        return [...UNSAFE_KEYS, ...keys.slice(0, 1)].map((key) => {
          // a marker key, renamed in the text: an object literal cannot hold an own __proto__
          const marker = `\u0001key\u0001`;
          const body = withMember(this.base.body, [...path, marker], { polluted: true });
          const text = JSON.stringify(body).replace(JSON.stringify(marker), JSON.stringify(key));
          const duplicate = !UNSAFE_KEYS.includes(key);
          return this.bodyCase(
            `${duplicate ? 'duplicate ' : ''}${key} in ${where}`,
            duplicate ? undefined : 400,
            { text },
          );
        });
      });
  }

  badEncodings(): InputCase[] {
    const nested = this.parameters.query
      .slice(0, 1)
      .flatMap(({ name }) =>
        [
          `${name}[a]=1`,
          `${name}=a&${name}=b`,
          `__proto__[a]=1`,
          `constructor[prototype][a]=1`,
        ].map((query) =>
          this.caseOf(`query ${query}`, undefined, { ...this.base, rawQuery: query }),
        ),
      );
    return [
      ...BAD_ENCODINGS.flatMap((encoded) => this.parameterCases(encoded, encoded, 400)),
      ...nested,
    ];
  }

  /** The encoded value in each path parameter in turn, then in each query parameter. */
  private parameterCases(
    label: string,
    encoded: string,
    expect?: InputCase['expect'],
  ): InputCase[] {
    return [
      ...this.parameters.path.map((p) =>
        this.caseOf(`${label} in {${p.name}}`, expect, {
          ...this.base,
          path: { ...this.base.path, [p.name]: encoded },
        }),
      ),
      ...this.parameters.query.map((p) =>
        this.caseOf(`${label} in ?${p.name}`, expect, {
          ...this.base,
          query: { [p.name]: encoded },
        }),
      ),
    ];
  }

  private bodyCase(
    label: string,
    expect: InputCase['expect'],
    request: Partial<Request>,
  ): InputCase {
    return this.caseOf(label, expect, { ...this.base, body: undefined, ...request });
  }

  private caseOf(
    label: string,
    expect: InputCase['expect'],
    request: Request & { rawQuery?: string },
  ): InputCase {
    const path = this.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => request.path[name]);
    const query =
      request.rawQuery ??
      Object.entries(request.query)
        .map(([name, value]) => `${name}=${value}`)
        .join('&');
    const call: HttpCall = {
      method: this.operation.method,
      path: query ? `${path}?${query}` : path,
      token: this.token,
    };
    if (this.hasBody) {
      const raw = request.text ?? (request.body === undefined ? undefined : jsonText(request.body));
      Object.assign(call, { raw, contentType: request.contentType });
    }
    const samplePath = Object.entries(request.path).every(([n, v]) => this.base.path[n] === v);
    return { label, call, expect, samplePath };
  }
}

/** Whether a correct server must refuse `value` in place of the field. */
export function mustRefuse(field: Field, value: unknown): InputCase['expect'] {
  if (value === ABSENT || value === null) return field.required ? '4xx' : undefined;
  const kind = Array.isArray(value) ? 'array' : typeof value;
  return ['object', 'array', 'string', 'number', 'boolean'].includes(field.kind) &&
    kind !== field.kind
    ? '4xx'
    : undefined;
}

/** A text's UTF-16 code units, as U+hhhh. */
function codes(text: string): string {
  return [...text].map((char) => `U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(' ');
}

/** JSON text, with the literals JSON.stringify cannot write put in place. */
function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(JSON.stringify(RAW_1E309), '1e309');
}

/** URL text for any string: UTF-8 percent-encoded, a lone surrogate as the bytes of its code unit. */
function encodeText(text: string): string {
  return [...text]
    .map((char) =>
      !isSurrogate(char.charCodeAt(0))
        ? encodeURIComponent(char)
        : [
            0xe0 | (char.charCodeAt(0) >> 12),
            0x80 | ((char.charCodeAt(0) >> 6) & 0x3f),
            0x80 | (char.charCodeAt(0) & 0x3f),
          ]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join(''),
    )
    .join('');
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}
