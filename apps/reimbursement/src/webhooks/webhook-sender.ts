import { lookup, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { hostOf, refusedAddress } from './ssrf-guard';

export interface SenderLimits {
  timeoutMs: number;
  responseMaxBytes: number;
  allowLoopback: boolean;
}

/** One attempt's outcome: an HTTP status (if one came), and why it failed (if it did). */
export interface AttemptResult {
  status?: number;
  error?: string;
}

/**
 * POSTs one signed delivery. Receivers are not trusted: the address is checked after DNS
 * resolution (on the connection actually made), redirects are not followed, the whole exchange
 * is bounded in time and the answer in size. Only a 2xx counts as delivered.
 */
export async function sendDelivery(
  url: string,
  headers: Record<string, string>,
  body: string,
  limits: SenderLimits,
): Promise<AttemptResult> {
  const target = new URL(url);
  // An IP literal is connected to without any lookup: check it here.
  const host = hostOf(target);
  const literal = ipaddr.isValid(host) ? refusedAddress(host, limits.allowLoopback) : undefined;
  if (literal) return { error: literal };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'taxchain-webhooks/1',
        },
        lookup: guardedLookup(limits.allowLoopback),
        signal: AbortSignal.timeout(limits.timeoutMs),
      },
      (res) => void readBounded(res, limits.responseMaxBytes).then(resolve),
    );
    req.on('error', (error: Error) =>
      resolve({
        error:
          error.name === 'AbortError' ? `no answer within ${limits.timeoutMs} ms` : error.message,
      }),
    );
    req.end(body);
  });
}

async function readBounded(res: IncomingMessage, maxBytes: number): Promise<AttemptResult> {
  const status = res.statusCode ?? 0;
  let read = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read > maxBytes) {
        res.destroy();
        return { status, error: `answer longer than ${maxBytes} bytes` };
      }
    }
  } catch (error) {
    return { status, error: (error as Error).message };
  }
  if (status >= 300 && status < 400) return { status, error: `redirect (${status}) refused` };
  if (status < 200 || status >= 300) return { status, error: `answered ${status}` };
  return { status };
}

/** dns.lookup that fails the connection when any address the name resolved to is refused. */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true } as LookupAllOptions, (error, found) => {
      if (error) return callback(error, '', 4);
      const addresses = found;
      const refused = addresses
        .map((a) => refusedAddress(a.address, allowLoopback))
        .find((verdict) => verdict !== undefined);
      if (refused || addresses.length === 0)
        return callback(new Error(refused ?? `${hostname} does not resolve`), '', 4);
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
