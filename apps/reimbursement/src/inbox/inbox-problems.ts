import { ApiProblemResponse, INVALID_CURSOR_PROBLEM } from '@taxchain/platform';

const BAD_DATE = 'issuedFrom must be a date, YYYY-MM-DD';

/** The documented error answers of the inbox, one worked example per cause. */
export const ApiInvalidInboxQuery = (options: { paged: boolean }) =>
  ApiProblemResponse(400, [
    ...(options.paged ? [INVALID_CURSOR_PROBLEM] : []),
    {
      name: 'invalid-filter',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: BAD_DATE,
      errors: [BAD_DATE],
    },
  ]);
