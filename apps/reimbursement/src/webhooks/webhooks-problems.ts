import { applyDecorators } from '@nestjs/common';
import { ApiProblemResponse } from '@taxchain/platform';
import { EXAMPLE } from './dto/examples';

export const ApiEndpointNotFound = () =>
  ApiProblemResponse(404, [
    {
      code: 'webhook-endpoint-not-found',
      title: 'Webhook endpoint not found',
      detail: `No webhook endpoint ${EXAMPLE.endpointId} exists for this company.`,
    },
  ]);

export const ApiRegistrationRefusals = () =>
  applyDecorators(
    ApiProblemResponse(400, [
      {
        code: 'validation-failed',
        title: 'Bad Request',
        detail: 'url must be an http or https URL',
        errors: ['url must be an http or https URL'],
      },
    ]),
    ApiProblemResponse(422, [
      {
        code: 'webhook-url-refused',
        title: 'Webhook URL refused',
        detail:
          'http://10.0.0.7/hook cannot receive webhooks: 10.0.0.7: 10.0.0.7 is a private address.',
      },
    ]),
  );

export const ApiReplayRefusals = () =>
  applyDecorators(
    ApiProblemResponse(400, [
      {
        code: 'validation-failed',
        title: 'Bad Request',
        detail: 'give either since or messageId',
        errors: ['give either since or messageId'],
      },
    ]),
    ApiProblemResponse(404, [
      {
        name: 'endpoint',
        code: 'webhook-endpoint-not-found',
        title: 'Webhook endpoint not found',
        detail: `No webhook endpoint ${EXAMPLE.endpointId} exists for this company.`,
      },
      {
        name: 'message',
        code: 'webhook-message-not-found',
        title: 'Webhook message not found',
        detail: `No message ${EXAMPLE.messageId} was queued for this endpoint.`,
      },
    ]),
  );
