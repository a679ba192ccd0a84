import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { base64 } from '@scure/base';
import type { Witness } from './witness';
import type { WitnessStore } from './witness-store';

const MAX_BODY_BYTES = 64 * 1024;

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
  if (path === '/add-checkpoint' && method === 'POST')
    return addCheckpoint(witness, request, response);
  if (path === '/status' && method === 'GET') return json(response, await status(witness, store));
  if (path === '/evidence' && method === 'GET')
    return json(response, { evidence: await evidence(store) });
  const known = ['/add-checkpoint', '/status', '/evidence'].includes(path);
  problem(
    response,
    known ? 405 : 404,
    known ? 'method-not-allowed' : 'not-found',
    `${method} ${path}`,
  );
}

async function addCheckpoint(witness: Witness, request: IncomingMessage, response: ServerResponse) {
  const body = await readBody(request);
  if (body === undefined)
    return problem(response, 413, 'too-large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const answer = await witness.addCheckpoint(body);
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

/** The body as UTF-8 text, or undefined past the size limit. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, value: unknown) {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** RFC 9457 problem details. */
function problem(response: ServerResponse, status: number, code: string, detail: string) {
  response
    .writeHead(status, { 'content-type': 'application/problem+json' })
    .end(JSON.stringify({ type: `urn:taxchain:witness:${code}`, title: code, status, detail }));
}
