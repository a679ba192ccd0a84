import { connect } from 'node:net';
import type { HttpAnswer } from './http-call';

/** Requests Node's HTTP parser refuses before any route sees them, and the status it gives. */
export const clientErrorCases: Array<{ label: string; bytes: string; expect: number }> = [
  {
    label: 'a 20 kB header',
    bytes: `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    expect: 431,
  },
  { label: 'no request line', bytes: 'NOT HTTP AT ALL\r\n\r\n', expect: 400 },
  {
    label: 'a control character in a header',
    bytes: 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n',
    expect: 400,
  },
  {
    label: 'both Content-Length and chunked',
    bytes:
      'POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    expect: 400,
  },
  {
    label: 'CONNECT',
    bytes: 'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n',
    expect: 405,
  },
];

/** Writes bytes on a fresh connection and reads the answer until the server closes it. */
export function sendRaw(baseUrl: string, bytes: string, timeoutMs = 10_000): Promise<HttpAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    socket.on('connect', () => socket.write(bytes, 'latin1'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(parsedAnswer(Buffer.concat(chunks).toString('utf8'))));
  });
}

function parsedAnswer(raw: string): HttpAnswer {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const text = rest.join('\r\n\r\n');
  const contentType = headers.get('content-type') ?? '';
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), contentType, headers, text, json };
}
