import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

/** A day the calendar has, as YYYY-MM-DD: the shape alone would let 2026-02-30 through. */
export function IsCalendarDate(message: string): PropertyDecorator {
  return applyDecorators(
    Matches(YYYY_MM_DD, { message }),
    IsISO8601({ strict: true }, { message }),
  );
}
