import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
} from '@nestjs/common';
import { acceptedAsIs } from './compiled-acceptance';
import { decimalInteger } from './decimal-integer';
import { cacheValidationMetadata } from './validation-metadata-cache';

/**
 * Nest's pipe, but a path or query parameter typed `number` is read from a decimal integer
 * only and any other text refused: Nest's `+value` would take ` ` for 0 and `0x10` for 16.
 * A body its class's compiled schema accepts is handed on as parsed (CompiledAcceptance).
 */
class DecimalValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && acceptedAsIs(metadata.metatype, value)) return value;
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    const { metatype, type, data } = metadata;
    if (metatype !== Number || !data || (type !== 'param' && type !== 'query'))
      return super.transformPrimitive(value, metadata);
    if (value === undefined) return undefined;
    const number = decimalInteger(value);
    if (typeof number !== 'number')
      throw new BadRequestException(`${data} must be a decimal integer`);
    return number;
  }
}

/** The one validation every edge applies: whitelisted members only, nothing unknown, typed. */
export function validationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new DecimalValidationPipe({
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
