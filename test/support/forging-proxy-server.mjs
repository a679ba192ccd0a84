// A forging proxy, run as its own process: `node forging-proxy-server.mjs <upstream URL>` prints
// `listening <port>` and relays every request to the upstream, except the GET paths a test told it
// (PUT /__forgery {path, from} or {path, status, contentType, body}) to answer instead: with the
// upstream's answer to another path (another subject's genuine data), or with the given bytes.
// DELETE /__forgery forgets every rule. Standard library only, like anything between a client
// and a server.
import { createServer } from 'node:http';

const upstream = new URL(process.argv[2]);
const rules = new Map();

const read = (request) =>
  new Promise((done, failed) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks)));
    request.on('error', failed);
  });

async function relay(request, path) {
  const body = await read(request);
  const headers = {};
  for (const name of ['authorization', 'content-type', 'accept'])
    if (request.headers[name]) headers[name] = request.headers[name];
  const answer = await fetch(new URL(path, upstream), {
    method: request.method,
    headers,
    body: body.length > 0 ? body : undefined,
  });
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? 'application/json',
    body: Buffer.from(await answer.arrayBuffer()),
  };
}

async function answer(request) {
  const path = request.url ?? '/';
  if (path === '/__forgery' && request.method === 'PUT') {
    const rule = JSON.parse((await read(request)).toString('utf8'));
    rules.set(rule.path, rule);
    return { status: 204, contentType: 'text/plain', body: Buffer.alloc(0) };
  }
  if (path === '/__forgery' && request.method === 'DELETE') {
    rules.clear();
    return { status: 204, contentType: 'text/plain', body: Buffer.alloc(0) };
  }
  const rule = request.method === 'GET' ? rules.get(path) : undefined;
  if (!rule) return relay(request, path);
  if (rule.from !== undefined) return relay(request, rule.from);
  return {
    status: rule.status ?? 200,
    contentType: rule.contentType ?? 'application/json',
    body: Buffer.from(rule.body, 'utf8'),
  };
}

const server = createServer((request, response) => {
  answer(request).then(
    ({ status, contentType, body }) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    },
    (error) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`forging proxy: ${String(error)}`);
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
