import { DomainException } from '@taxchain/platform';

export enum WebhooksExceptionCode {
  EndpointNotFound = 'webhook-endpoint-not-found',
  UrlRefused = 'webhook-url-refused',
  MessageNotFound = 'webhook-message-not-found',
  NoSigningKey = 'webhook-key-not-found',
}

/** Refusals of the webhooks API; nothing was written. */
export class WebhooksException extends DomainException {
  private constructor(code: WebhooksExceptionCode, status: number, title: string, detail: string) {
    super(code, status, title, detail);
  }

  static endpointNotFound(endpointId: string): WebhooksException {
    return new WebhooksException(
      WebhooksExceptionCode.EndpointNotFound,
      404,
      'Webhook endpoint not found',
      `No webhook endpoint ${endpointId} exists for this company.`,
    );
  }

  static urlRefused(url: string, why: string): WebhooksException {
    return new WebhooksException(
      WebhooksExceptionCode.UrlRefused,
      422,
      'Webhook URL refused',
      `${url} cannot receive webhooks: ${why}.`,
    );
  }

  static messageNotFound(messageId: string): WebhooksException {
    return new WebhooksException(
      WebhooksExceptionCode.MessageNotFound,
      404,
      'Webhook message not found',
      `No message ${messageId} was queued for this endpoint.`,
    );
  }

  static noSigningKey(taxId: string): WebhooksException {
    return new WebhooksException(
      WebhooksExceptionCode.NoSigningKey,
      404,
      'No webhook signing key',
      `Company ${taxId} has no webhook signing key yet; it gets one with its first endpoint.`,
    );
  }
}
