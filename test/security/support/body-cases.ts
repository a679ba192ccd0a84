import { mustRefuse } from './input-classes';
import type { Operation } from './openapi-operations';
import { ProbeRequest, type ProbeCase } from './probe-request';
import { ABSENT, fieldsOf, memberAt, withMember, type Field } from './schema-fields';

/** The classes, each a method of BodyCases. */
export const BODY_CLASSES = [
  'jsonTypes',
  'missingAndExtra',
  'numberLiterals',
  'shapes',
  'sizes',
] as const;

/** Every kind of JSON value, and the kind each is. */
const JSON_VALUES: Array<[string, unknown]> = [
  ['null', null],
  ['true', true],
  ['0', 0],
  ['-1', -1],
  ['1.5', 1.5],
  ['""', ''],
  ['"x"', 'x'],
  ['[]', []],
  ['[null]', [null]],
  ['{}', {}],
];
/** Numbers as JSON text may write them, at and past what a double or an int64 holds. */
const NUMBER_LITERALS = [
  '1e309',
  '-1e309',
  '-0',
  '1.0',
  '1e0',
  '0.1e1',
  '1E+2',
  '9007199254740993',
  '123456789012345678901234567890',
  '1e-400',
  '-0.0',
];
/** Bodies that are JSON but not an object, and bodies that are hardly JSON. */
const TOP_LEVEL = ['null', '1', '"x"', 'true', '[]', '[{}]', '', '   ', '\n'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The platform refuses deeper bodies as json-too-deep (MAX_JSON_DEPTH). */
const MAX_JSON_DEPTH = 32;
const HUGE_ARRAY = 10_000;
const HUGE_STRING = 200_000;

/** Marks where a literal JSON text goes, in place of a value JSON.stringify would write. */
const marker = (name: string) => `\u0001${name}\u0001`;

/**
 * Bodies of each class for one operation, generated from its OpenAPI request schema: every
 * member (the body itself included) given every kind of JSON value, left out, or joined by an
 * unknown one; number literals at and past the limits in every number and string member; the
 * body not an object, behind a BOM, with a repeated key or nested to the limit; huge arrays
 * and strings. A new route or member is covered without a line here.
 */
export class BodyCases {
  private readonly base: ProbeRequest;
  private readonly fields: Field[];

  constructor(operation: Operation, token: string | undefined) {
    this.base = new ProbeRequest(operation, token);
    this.fields = operation.body ? fieldsOf(operation.body, operation.components) : [];
  }

  jsonTypes(): ProbeCase[] {
    return this.fields.flatMap((field) =>
      JSON_VALUES.map(([name, value]) =>
        this.member(field, `= ${name}`, value, mustRefuse(field, value)),
      ),
    );
  }

  missingAndExtra(): ProbeCase[] {
    const members = this.fields.filter((field) => field.path.length > 0);
    const objects = this.fields.filter((field) => field.kind === 'object');
    return [
      ...members.map((field) =>
        this.member(field, 'left out', ABSENT, field.required ? '4xx' : undefined),
      ),
      ...objects.map(({ path }) => ({
        ...this.member(
          { path: [...path, 'unknownMember'], kind: 'other', required: false },
          'added',
          'x',
          400,
        ),
        problem: 'validation-failed',
      })),
    ];
  }

  numberLiterals(): ProbeCase[] {
    return this.fields
      .filter((field) => field.kind === 'number' || field.kind === 'string')
      .flatMap((field) =>
        NUMBER_LITERALS.map((literal) =>
          this.literal(
            field.path,
            literal,
            `${label(field)} = ${literal}`,
            field.kind === 'string' ? '4xx' : undefined,
          ),
        ),
      );
  }

  shapes(): ProbeCase[] {
    if (!this.base.body) return [];
    const required = this.fields[0]?.kind === 'object' && this.fields.length > 1;
    const sample = this.base.body;
    return [
      ...TOP_LEVEL.map((text) =>
        this.base.withBody(
          `body ${JSON.stringify(text)}`,
          text,
          required && text.trim() ? '4xx' : undefined,
        ),
      ),
      this.base.withBody('a BOM before the body', Buffer.concat([BOM, sample])),
      this.base.withBody('a BOM alone', BOM),
      ...this.fields
        .filter((field) => field.kind === 'object')
        .flatMap((field) => this.repeatedKeys(field)),
      ...this.fields.map((field) =>
        this.literal(
          field.path,
          nested(MAX_JSON_DEPTH - field.path.length - 2),
          `${label(field)} nested just under the limit`,
        ),
      ),
      ...this.fields.slice(0, 1).map((field) => ({
        ...this.literal(field.path, nested(MAX_JSON_DEPTH + 1), 'nested past the limit', 400),
        problem: 'json-too-deep',
      })),
    ];
  }

  sizes(): ProbeCase[] {
    return this.fields.flatMap((field) => {
      if (field.kind === 'string')
        return [this.member(field, `${HUGE_STRING} characters`, 'a'.repeat(HUGE_STRING))];
      if (field.kind !== 'array') return [];
      const item = memberAt(JSON.parse(this.base.body!.toString()), [...field.path, 0]) ?? 0;
      return [
        this.member(
          field,
          `${HUGE_ARRAY} items`,
          Array.from({ length: HUGE_ARRAY }, () => item),
        ),
        this.member(
          field,
          `${HUGE_ARRAY} zeros`,
          Array.from({ length: HUGE_ARRAY }, () => 0),
        ),
      ];
    });
  }

  /** Each key of the object given twice, the second time with another kind of value. */
  private repeatedKeys(field: Field): ProbeCase[] {
    const at = memberAt(this.base.sample, field.path);
    const keys = at && typeof at === 'object' ? Object.keys(at).slice(0, 3) : [];
    return keys.map((key) => {
      const repeat = marker('repeat');
      const body = withMember(this.base.sample, [...field.path, repeat], 0);
      const text = JSON.stringify(body).replace(JSON.stringify(repeat), JSON.stringify(key));
      return this.base.withBody(`${label(field)}.${key} twice`, text);
    });
  }

  private member(field: Field, what: string, value: unknown, expect?: ProbeCase['expect']) {
    const body = withMember(this.base.sample, field.path, value);
    return this.base.withBody(
      `${label(field)} ${what}`,
      body === ABSENT ? '' : JSON.stringify(body),
      expect,
    );
  }

  /** The body with the member at `path` written as the literal JSON text. */
  private literal(
    path: Field['path'],
    text: string,
    caseLabel: string,
    expect?: ProbeCase['expect'],
  ): ProbeCase {
    const at = marker('literal');
    const body = JSON.stringify(withMember(this.base.sample, path, at)).replace(
      JSON.stringify(at),
      text,
    );
    return this.base.withBody(caseLabel, body, expect);
  }
}

function label(field: Field): string {
  return field.path.join('.') || 'body';
}

/** Arrays in arrays, `depth` deep. */
function nested(depth: number): string {
  return `${'['.repeat(Math.max(1, depth))}${']'.repeat(Math.max(1, depth))}`;
}
