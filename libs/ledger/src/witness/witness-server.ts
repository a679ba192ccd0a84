import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { base64 } from '@scure/base';
import type { Witness } from './witness';
import type { WitnessStore } from './witness-store';

const MAX_BODY_BYTES = 64 * 1024;
/** What each path takes, for the Allow of a 405 (RFC 9110); HEAD is GET without the body. */
const ALLOWED: Record<string, string> = {
  '/add-checkpoint': 'POST',
  '/status': 'GET, HEAD',
  '/evidence': 'GET, HEAD',
};
/** Keeps a byte-order mark, so that a body starting with one stays malformed, as before. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The witness's HTTP face: c2sp.org/tlog-witness `POST /add-checkpoint`, plus `GET /status`
 * (the newest cosigned checkpoint per log) and `GET /evidence` (every refused conflicting one).
 */
export function witnessServer(witness: Witness, store: WitnessStore): Server {
  return createServer((request, response) => {
    route(witness, store, request, response).catch((error: unknown) => {
      process.stderr.write(`witness: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!response.headersSent)
        problem(response, 503, 'store-unavailable', 'the witness store did not answer');
      else response.end();
    });
  });
}

async function route(
  witness: Witness,
  store: WitnessStore,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const path = new URL(request.url ?? '/', 'http://witness').pathname;
  const method = request.method ?? 'GET';
  // Node writes no body in answer to HEAD.
  const read = method === 'GET' || method === 'HEAD';
  if (path === '/add-checkpoint' && method === 'POST')
    return addCheckpoint(witness, request, response);
  if (path === '/status' && read) return json(response, await status(witness, store));
  if (path === '/evidence' && read) return json(response, { evidence: await evidence(store) });
  const allow = ALLOWED[path];
  if (allow) return problem(response, 405, 'method-not-allowed', `${method} ${path}`, { allow });
  problem(response, 404, 'not-found', `${method} ${path}`);
}

async function addCheckpoint(witness: Witness, request: IncomingMessage, response: ServerResponse) {
  const body = await readBody(request);
  if (body === undefined)
    return problem(response, 413, 'too-large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const text = utf8(body);
  if (text === undefined)
    return problem(response, 400, 'malformed-request', 'the body is not UTF-8 text');
  const answer = await witness.addCheckpoint(text);
  if (answer.status === 200) {
    response
      .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
      .end(answer.cosignature);
  } else if (answer.status === 409) {
    response.writeHead(409, { 'content-type': 'text/x.tlog.size' }).end(`${answer.size}\n`);
  } else {
    problem(response, answer.status, answer.problem, answer.detail);
  }
}

async function status(witness: Witness, store: WitnessStore) {
  const logs = await store.logs();
  return {
    name: witness.key.name,
    vkey: witness.key.vkey,
    logs: logs.map(({ origin, size, root, cosignedAt }) => ({
      origin,
      size,
      root: base64.encode(root),
      cosignedAt: cosignedAt.toISOString(),
    })),
  };
}

async function evidence(store: WitnessStore) {
  return (await store.evidence()).map((item) => ({
    ...item,
    proof: item.proof.map((hash) => base64.encode(hash)),
    receivedAt: item.receivedAt?.toISOString(),
  }));
}

/** The body's bytes, or undefined past the size limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The bytes as text, or undefined when they are not UTF-8 (a lossy decoding would change them). */
function utf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, value: unknown) {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** RFC 9457 problem details. */
function problem(
  response: ServerResponse,
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  response
    .writeHead(status, { ...headers, 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: `urn:taxchain:witness:${code}`, title: code, status, detail }));
}
