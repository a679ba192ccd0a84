import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { decimalInteger } from '../validation/decimal-integer';

const DEFAULT_LIMIT = 50;

/**
 * The query of every cursor-paginated list: `cursor` (the previous page's nextCursor) and a
 * `limit` of at most `maxLimit`. Extend it, or combine it with IntersectionType.
 */
export function PageQuery(maxLimit: number) {
  class PageQueryDto {
    @ApiPropertyOptional({
      // No example: a cursor is only ever one the API returned, so a made-up one is refused.
      description:
        'The nextCursor of the previous page of this list, asked with the same filters; omit for the first page. A cursor of another list, another caller or other filters is refused (400 invalid-cursor).',
    })
    @IsOptional()
    @IsString()
    @MaxLength(200)
    cursor?: string;

    @ApiPropertyOptional({ minimum: 1, maximum: maxLimit, default: DEFAULT_LIMIT, example: 20 })
    @IsOptional()
    @Transform(({ value }) => decimalInteger(value))
    @IsInt()
    @Min(1)
    @Max(maxLimit)
    limit: number = DEFAULT_LIMIT;
  }
  return PageQueryDto;
}

/** The `nextCursor` member of every page answer. */
export const ApiNextCursor = (): PropertyDecorator =>
  ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: null,
  });
