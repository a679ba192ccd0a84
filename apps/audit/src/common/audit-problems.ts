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
