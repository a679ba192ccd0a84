import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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
const TUNNEL = { status: 405, title: 'Method Not Allowed', code: 'method-not-allowed' };

/**
 * Answers an `Expect` other than 100-continue, which no route can meet, with 417 problem+json
 * where Node would send a bare status line (RFC 9110 §10.1.1).
 */
function refuseExpectations(server: Server): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const status = 417;
    response.writeHead(status, { 'Content-Type': PROBLEM_CONTENT_TYPE, Connection: 'close' });
    response.end(
      JSON.stringify({
        type: problemType('expectation-failed'),
        title: 'Expectation Failed',
        status,
        detail: `Expect: ${request.headers.expect} cannot be met: send no Expect, or 100-continue`,
        instance: request.url,
      }),
    );
  });
}

/**
 * Answers CONNECT with 405 problem+json and closes the connection, where Node would close it
 * without a word: its target is a host and port to tunnel to, not a resource of this service,
 * so no method is allowed there (an empty `Allow`, RFC 9110 §10.2.1).
 */
function refuseTunnels(server: Server): void {
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const detail = `CONNECT ${request.url} asks for a tunnel, which this service does not open`;
    writeProblem(socket, { ...TUNNEL, detail }, 'Allow: \r\n');
    socket.end();
  });
}

/** A problem written on the socket itself, for requests no response object was made for. */
function writeProblem(
  socket: Duplex,
  { status, title, code, detail }: typeof MALFORMED & { detail: string },
  headers = '',
): void {
  const body = JSON.stringify({ type: problemType(code), title, status, detail });
  socket.write(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n${headers}` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Answers requests Node's HTTP parser refuses (oversized headers, a broken request line or
 * header, conflicting lengths) with problem+json like every other refusal, where Node would
 * send a bare status line. As Node does, it answers only while nothing of a response is on
 * the wire, then closes the connection: the stream can no longer be trusted. A request read
 * whole (its body included) before the broken bytes (a body longer than its Content-Length, say) is answered
 * first, and the refusal not at all: HTTP/1.1 answers in order, so a refusal sent ahead would
 * be read as that request's answer while it went on to run and write.
 */
export function answerClientErrors(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  refuseExpectations(server);
  refuseTunnels(server);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (inFlight?.req.complete && !inFlight.writableFinished) {
      inFlight.once('close', () => socket.destroy(error));
      return;
    }
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent)
      writeProblem(socket, { ...(ANSWERS[error.code ?? ''] ?? MALFORMED), detail: error.message });
    socket.destroy(error);
  });
}
