import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiProblemResponse } from '@taxchain/platform';

/** The documented error answers shared by the officials' API. */
export const ApiInvalidQuery = (fieldError: string) =>
  ApiProblemResponse(400, [
    {
      code: 'validation-failed',
      title: 'Bad Request',
      detail: fieldError,
      errors: [fieldError],
    },
  ]);

/** A uuid `id` in the path, and the 404 of one that names no `what` (`example` in the example). */
export const ApiUuidNotFound = (
  example: string,
  what: string,
  problem: { code: string; title: string },
) =>
  applyDecorators(
    ApiParam({ name: 'id', format: 'uuid', example }),
    ApiProblemResponse(404, [{ ...problem, detail: `No ${what} ${example} exists.` }]),
  );
