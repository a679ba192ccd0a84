import { IntersectionType } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { PageQuery } from './page-query';

class Filter {
  @IsOptional()
  @IsString()
  state?: string;
}

class Small extends PageQuery(100) {}
class Combined extends IntersectionType(Filter, PageQuery(100)) {}

const errorsOf = (type: new () => object, query: Record<string, string>) =>
  validateSync(plainToInstance(type, query)).flatMap((e) => Object.keys(e.constraints ?? {}));

describe(PageQuery.name, () => {
  it('defaults the limit to 50 and reads it from the query string', () => {
    expect(plainToInstance(Small, {}).limit).toBe(50);
    expect(plainToInstance(Small, { limit: '20' }).limit).toBe(20);
  });

  it('bounds the limit per list, also when combined with filters', () => {
    expect(errorsOf(Small, { limit: '100' })).toEqual([]);
    expect(errorsOf(Small, { limit: '101' })).toEqual(['max']);
    expect(errorsOf(Combined, { limit: '101', state: 'active' })).toEqual(['max']);
    expect(plainToInstance(Combined, {}).limit).toBe(50);
    expect(errorsOf(class extends PageQuery(200) {}, { limit: '200' })).toEqual([]);
  });

  it('refuses an over-long cursor', () => {
    expect(errorsOf(Small, { cursor: 'x'.repeat(201) })).toEqual(['maxLength']);
  });
});
