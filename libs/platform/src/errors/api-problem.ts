import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
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

/** Documents one error status: problem+json, its schema and a worked example per cause. */
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
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status,
      description: examples.map((e) => e.title).join(' / '),
      headers: Object.fromEntries(
        Object.entries(headers).map(([name, description]) => [
          name,
          { description, schema: { type: 'string' } },
        ]),
      ),
      content: {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { $ref: getSchemaPath(ProblemDto) },
          examples: Object.fromEntries(
            bodies.map((body, i) => [
              examples[i].name ?? examples[i].code,
              { summary: body.title, value: body },
            ]),
          ),
        },
      },
    }),
  );
}
