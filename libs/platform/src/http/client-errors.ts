import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem';

/** Node's own answers to a request its parser refuses, as problem types. */
const ANSWERS: Record<string, { status: number; title: string; code: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    code: 'header-fields-too-large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, title: 'Request Timeout', code: 'request-timeout' },
};
const MALFORMED = { status: 400, title: 'Bad Request', code: 'malformed-request' };

/**
 * Answers requests Node's HTTP parser refuses (oversized headers, a broken request line or
 * header, conflicting lengths) with problem+json like every other refusal, where Node would
 * send a bare status line. As Node does, it answers only while nothing of a response is on
 * the wire, then closes the connection: the stream can no longer be trusted.
 */
export function answerClientErrors(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      const { status, title, code } = ANSWERS[error.code ?? ''] ?? MALFORMED;
      const body = JSON.stringify({
        type: problemType(code),
        title,
        status,
        detail: error.message,
      });
      socket.write(
        `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  });
}
