import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/** Bad command-line input: the message names each problem; the process exits 2. */
export class InputError extends Error {}

/** Checks CLI arguments with the HTTP API's own DTO, so both edges accept the same input. */
export async function validatedInput<T extends object>(
  type: new () => T,
  input: Record<string, unknown>,
): Promise<T> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const dto = plainToInstance(type, defined);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length)
    throw new InputError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  return dto;
}
