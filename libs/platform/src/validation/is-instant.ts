import { ValidateBy, buildMessage, isISO8601, type ValidationOptions } from 'class-validator';

/**
 * An ISO 8601 date or date-time that is also a point in time the database can compare with:
 * `8443107` is valid ISO 8601 (year 8443, day 107) but no Date reads it, and an Invalid Date
 * reaching a query fails it, after a streamed answer's headers have gone out.
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          isISO8601(value, { strict: true }) &&
          !Number.isNaN(Date.parse(value)),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a valid ISO 8601 date string`,
          options,
        ),
      },
    },
    options,
  );
}
