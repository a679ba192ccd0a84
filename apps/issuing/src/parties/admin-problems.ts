import { ApiProblemResponse } from '@taxchain/platform';
import { EXAMPLE } from './dto/examples';

/** The documented error answers of the admin API, one worked example per cause. */
export const ApiInvalidBody = (fieldError: string) =>
  ApiProblemResponse(400, [
    {
      name: 'invalid-field',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: fieldError,
      errors: [fieldError],
    },
    {
      name: 'unknown-field',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'property nickname should not exist',
      errors: ['property nickname should not exist'],
    },
  ]);

export const ApiCredentialNotFound = () =>
  ApiProblemResponse(404, [
    {
      code: 'credential-not-found',
      title: 'Credential not found',
      detail: `No credential ${EXAMPLE.credentialId} exists.`,
    },
  ]);
