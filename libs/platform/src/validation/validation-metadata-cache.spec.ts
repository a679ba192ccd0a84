import { IsInt, IsString, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Party {
  @IsString()
  name!: unknown;
}

const failedProperties = async (value: object) =>
  (await validate(value, { forbidUnknownValues: true })).map((error) => error.property).sort();

describe(cacheValidationMetadata.name, () => {
  beforeAll(() => cacheValidationMetadata());

  it('validates by the rules declared so far, also those declared after a first validation', async () => {
    expect(await failedProperties(Object.assign(new Party(), { name: 1, taxId: 'x' }))).toEqual([
      'name',
    ]);
    // A rule declared as a class loads later: on the class itself and on one that extends it.
    IsInt()(Party.prototype, 'taxId');
    class Seller extends Party {
      @IsString()
      region!: unknown;
    }
    expect(await failedProperties(Object.assign(new Party(), { name: 1, taxId: 'x' }))).toEqual([
      'name',
      'taxId',
    ]);
    expect(
      await failedProperties(Object.assign(new Seller(), { name: 'a', taxId: 'x', region: 2 })),
    ).toEqual(['region', 'taxId']);
  });
});
