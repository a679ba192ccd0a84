import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
  type ExamplesObject,
  type HeadersObject,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem';

/** The OpenAPI shape of every error body (RFC 9457). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:taxchain:problem:duplicate-tax-id' })
  type!: string;

  @ApiProperty({ example: 'Tax ID already registered' })
  title!: string;

  @ApiProperty({ example: 409 })
  status!: number;

  @ApiPropertyOptional({ example: 'A party with tax ID 91350100M000100Y43 already exists.' })
  detail?: string;

  @ApiPropertyOptional({ example: '/admin/parties' })
  instance?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'One line per invalid field (validation-failed only).',
    example: ['property nickname should not exist'],
  })
  errors?: string[];

  @ApiPropertyOptional({
    description:
      'Present (true) when asking again later may succeed, such as for a number not yet seen; wait for Retry-After.',
    example: true,
  })
  retryable?: boolean;

  @ApiPropertyOptional({
    description: 'On 500 and 503 only: quote it when reporting the problem.',
    example: '6f1c2a9e-3b7d-4c3e-9a51-0d2f8e7b1c44',
  })
  correlationId?: string;

  @ApiPropertyOptional({
    description:
      'qr-mismatch only: the member of the QR statement that is not what the ledger records.',
    example: 'g',
  })
  member?: string;

  @ApiPropertyOptional({
    description: 'totals-mismatch only: the member whose submitted amount is wrong.',
    example: 'lines[0].tax',
  })
  field?: string;

  @ApiPropertyOptional({
    description: 'totals-mismatch only: the amount it computes to, in minor units.',
    example: '488',
  })
  expected?: string;

  @ApiPropertyOptional({
    description: 'totals-mismatch only: the amount submitted, in minor units.',
    example: '487',
  })
  submitted?: string;

  @ApiPropertyOptional({
    description:
      'document-number-conflict only: the invoice the document number was first used for.',
    example: '26351000000000000042',
  })
  invoiceNumber?: string;

  @ApiPropertyOptional({
    description:
      'credit-line-unmatched and credit-exceeds-remaining only: the index of the line refused, from 0.',
    example: 0,
  })
  line?: number;

  @ApiPropertyOptional({
    description: 'credit-exceeds-remaining only: the tax rate of the line refused.',
    example: '0.13',
  })
  taxRate?: string;

  @ApiPropertyOptional({
    description:
      'credit-exceeds-remaining only: the net left to credit at that rate, in minor units.',
    example: '1250',
  })
  remainingNet?: string;

  @ApiPropertyOptional({
    description:
      'credit-exceeds-remaining only: the tax left to credit at that rate, in minor units.',
    example: '163',
  })
  remainingTax?: string;

  @ApiPropertyOptional({
    description:
      "seller-name-mismatch only: the merchant's registered name, the one its documents must name as seller.",
    example: 'Fuzhou Harbour Tea Trading Co., Ltd.',
  })
  registeredName?: string;

  @ApiPropertyOptional({
    description: 'ledger-entry-tampered only: the chain of the entry that does not hold.',
    example: 2,
  })
  chain?: number;

  @ApiPropertyOptional({
    description: 'ledger-entry-tampered only: the seq of the entry that does not hold.',
    example: 17,
  })
  seq?: number;

  @ApiPropertyOptional({
    description:
      'ledger-entry-tampered only: what is wrong with the entry, `payload-mismatch` or `hash-mismatch`.',
    example: 'payload-mismatch',
  })
  reason?: string;
}

export interface ProblemExample {
  /** Names the example when one status has several with the same code. */
  name?: string;
  code: string;
  title: string;
  detail: string;
  errors?: string[];
  /** Members this problem adds (RFC 9457 extension members), shown in the example body. */
  extensions?: Record<string, string | number>;
}

/**
 * Documents one error status: problem+json, its schema and a worked example per cause. Declared
 * twice on one operation (shared problems and the operation's own), the examples add up: Nest's
 * own merge keeps only the last `content`.
 */
export function ApiProblemResponse(
  status: number,
  examples: ProblemExample[],
  headers: Record<string, string> = {},
): MethodDecorator & ClassDecorator {
  const bodies = examples.map(({ name: _name, code, extensions, ...rest }) => ({
    type: problemType(code),
    status,
    ...rest,
    ...extensions,
  }));
  const documented = Object.fromEntries(
    bodies.map((body, i) => [
      examples[i].name ?? examples[i].code,
      { summary: body.title, value: body },
    ]),
  );
  const answer: DeclaredResponse = {
    // Each cause once: two examples of one cause (named apart) share its title.
    description: [...new Set(examples.map((e) => e.title))].join(' / '),
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, description]) => [
        name,
        { description, schema: { type: 'string' } },
      ]),
    ),
  };
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const earlier = earlierResponse(descriptor ? (descriptor.value as object) : target, status);
    applyDecorators(
      ApiExtraModels(ProblemDto),
      ApiResponse({
        status,
        description: answer.description,
        headers: { ...earlier?.headers, ...answer.headers },
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemDto) },
            examples: { ...earlier?.content?.[PROBLEM_CONTENT_TYPE]?.examples, ...documented },
          },
        },
      }),
    )(target, key as string | symbol, descriptor as PropertyDescriptor);
    if (!descriptor) addToOperations(target as new () => object, status, documented, answer);
  };
}

/**
 * A class's answer for a status reaches each of its operations that documents the same status
 * itself, which @nestjs/swagger would otherwise show instead of the class's: a controller's 403
 * for the wrong role and an operation's own 403 (not the buyer) are both answers of the operation.
 * Method decorators run before the class's, so the class's examples are added to theirs here.
 */
function addToOperations(
  controller: new () => object,
  status: number,
  examples: ExamplesObject,
  answer: DeclaredResponse,
): void {
  const prototype = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const operation = prototype[name];
    if (name === 'constructor' || typeof operation !== 'function') continue;
    const own = earlierResponse(operation, status);
    const content = own?.content?.[PROBLEM_CONTENT_TYPE];
    if (!own || !content) continue;
    content.examples = { ...examples, ...content.examples };
    own.headers = { ...answer.headers, ...own.headers };
    own.description = [own.description, answer.description].filter(Boolean).join(' / ');
  }
}

/** Where @nestjs/swagger keeps an operation's responses (its DECORATORS.API_RESPONSE, not exported). */
const API_RESPONSE_METADATA = 'swagger/apiResponse';

interface DeclaredResponse {
  description?: string;
  headers?: HeadersObject;
  content?: Record<string, { examples?: ExamplesObject }>;
}

/** What an earlier ApiProblemResponse declared for this status on the same operation or class. */
function earlierResponse(holder: object, status: number): DeclaredResponse | undefined {
  const responses = Reflect.getMetadata(API_RESPONSE_METADATA, holder) as
    Record<string, DeclaredResponse> | undefined;
  return responses?.[status];
}
