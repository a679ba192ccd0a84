import { connect } from 'node:net';
import type { HttpAnswer } from './http-call';

/** A request as its bytes on the wire: header lines in order (repeats allowed), any body. */
export interface RawRequest {
  method: string;
  path: string;
  /** Sent as given, values as UTF-8; Host and Connection: close are added unless given. */
  headers: Array<[string, string]>;
  body?: Buffer;
}

/**
 * Sends one request on a fresh connection, exactly as described (no Content-Length is added:
 * give it, or Transfer-Encoding, among the headers), and reads the first answer: a header
 * line clients such as fetch would refuse or merge goes out as it stands.
 */
export async function sendRequest(
  baseUrl: string,
  request: RawRequest,
  timeoutMs = 30_000,
): Promise<HttpAnswer> {
  const names = request.headers.map(([name]) => name.toLowerCase());
  const lines = [
    `${request.method} ${request.path} HTTP/1.1`,
    ...(names.includes('host') ? [] : [`Host: ${new URL(baseUrl).host}`]),
    ...(names.includes('connection') ? [] : ['Connection: close']),
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
  return firstAnswer(
    await exchange(baseUrl, Buffer.concat([head, request.body ?? Buffer.alloc(0)]), timeoutMs),
  );
}

/** Writes the bytes and collects what comes back until the server closes the connection. */
function exchange(baseUrl: string, bytes: Buffer, timeoutMs: number): Promise<Buffer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      socket.destroy(error);
    });
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A kept-alive connection (Connection: Upgrade, say) stays open after a whole answer.
      const received = Buffer.concat(chunks);
      if (isComplete(received)) {
        socket.destroy();
        resolve(received);
      }
    });
    // The server may reset a connection it refused while the rest of the request was still
    // being written: what it answered before that counts.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      chunks.length && error.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks)) : reject(error),
    );
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** The bytes after any interim (1xx) answers, such as 100 Continue. */
function withoutInterim(raw: Buffer): Buffer {
  let rest = raw;
  while (/^HTTP\/1\.[01] 1\d\d /.test(rest.subarray(0, 13).toString('latin1'))) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return rest;
    rest = rest.subarray(end + 4);
  }
  return rest;
}

/** Whether the bytes hold a whole answer: its head, and its body as long as it says. */
function isComplete(bytes: Buffer): boolean {
  const raw = withoutInterim(bytes);
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = raw.subarray(0, end).toString('latin1');
  const rest = raw.subarray(end + 4);
  // 204 and 304 end with their head (RFC 9110 §6.4.1): a kept-alive one says no length.
  if (/^HTTP\/1\.[01] (204|304) /.test(head)) return true;
  if (/^transfer-encoding:.*chunked/im.test(head))
    return rest.includes('\r\n0\r\n\r\n') || rest.subarray(0, 5).toString() === '0\r\n\r\n';
  const length = /^content-length:\s*(\d+)/im.exec(head);
  return length !== null && rest.length >= Number(length[1]);
}

/** The first HTTP response in the bytes, its body de-chunked or cut at its Content-Length. */
function firstAnswer(bytes: Buffer): HttpAnswer {
  const raw = withoutInterim(bytes);
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no HTTP answer: ${JSON.stringify(raw.toString('latin1'))}`);
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const rest = raw.subarray(end + 4);
  const length = headers.get('content-length');
  const body = /chunked/i.test(headers.get('transfer-encoding') ?? '')
    ? dechunked(rest)
    : length === null
      ? rest
      : rest.subarray(0, Number(length));
  const text = body.toString('utf8');
  const contentType = headers.get('content-type') ?? '';
  let json: Record<string, unknown> | undefined;
  if (/json/.test(contentType))
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  return { status: Number(statusLine.split(' ')[1] ?? 0), contentType, headers, text, json };
}

function dechunked(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (lineEnd < 0 || !(size > 0)) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
