import {
  BadRequestException,
  Injectable,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';

/**
 * C0 and C1 control characters and DEL. PostgreSQL cannot store U+0000 in text, and none of
 * them belongs in a name, a description, a reason or an identifier, so they are refused in
 * every string a client sends rather than field by field.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A UTF-16 surrogate not paired with its other half: it is no character, has no UTF-8 encoding
 * (PostgreSQL would be sent U+FFFD, and a signature would cover text that is not what is stored).
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Keys the JSON parser keeps but class-transformer drops without a word, so the validator
 * never sees them: refused here like any other unknown member.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Runs before validation on every body, query and path parameter: refuses control characters
 * and lone surrogates in any string and `__proto__`/`constructor` keys at any depth, naming each field as the
 * validator does (`invoice.seller.name must not contain control characters`).
 */
@Injectable()
export class ClientInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors = inputErrors(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (errors.length) throw new BadRequestException(errors);
    return value;
  }
}

/** What is wrong with one client value, field by field; `path` names where it was found. */
export function inputErrors(value: unknown, path: string): string[] {
  if (typeof value === 'string') return textErrors(value, path || 'value');
  if (typeof value !== 'object' || value === null) return [];
  const prefix = path ? `${path}.` : '';
  return Object.keys(value).flatMap((key) => {
    if (UNSAFE_KEYS.has(key)) return [`${prefix}property ${key} should not exist`];
    const keyErrors = textErrors(key, `${prefix}property names`);
    if (keyErrors.length) return keyErrors;
    return inputErrors((value as Record<string, unknown>)[key], `${prefix}${key}`);
  });
}

function textErrors(text: string, name: string): string[] {
  if (CONTROL_CHARACTER.test(text))
    return [`${name} must not contain control characters (U+0000–U+001F, U+007F–U+009F)`];
  if (LONE_SURROGATE.test(text))
    return [`${name} must not contain lone UTF-16 surrogates (U+D800–U+DFFF unpaired)`];
  return [];
}
