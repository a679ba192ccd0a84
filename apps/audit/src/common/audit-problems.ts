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

export const ApiInvalidCursor = () =>
  ApiProblemResponse(400, [
    {
      code: 'invalid-cursor',
      title: 'Invalid cursor',
      detail:
        'The cursor is not one this list returned for this caller and these filters; start again without one.',
    },
  ]);
