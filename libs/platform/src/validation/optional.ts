import { ValidateIf } from 'class-validator';

/**
 * A member a client may leave out but not send as null. `IsOptional` skips every rule for null
 * too, so a handler that tells "absent" by `=== undefined` is handed null (BigInt(null) threw).
 */
export function OptionalMember(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
