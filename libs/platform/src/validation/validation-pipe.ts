import { ValidationPipe, type Type } from '@nestjs/common';

/** The one validation every edge applies: whitelisted members only, nothing unknown, typed. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
  });
}

/** One pipe for every item: it keeps no state between calls, and a batch has up to 500. */
const ITEM_PIPE = validationPipe();

/**
 * Validates one item of a request that carries many, exactly as a body of that type is
 * validated: a BadRequestException naming its fields when it is not one.
 */
export async function validatedItem<T extends object>(type: Type<T>, value: unknown): Promise<T> {
  return (await ITEM_PIPE.transform(value, { type: 'body', metatype: type })) as T;
}
