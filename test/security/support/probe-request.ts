import { concretePath, type Operation } from './openapi-operations';
import type { RawRequest } from './raw-http';
import { sampleOf } from './schema-fields';

/** One generated request, and what a correct server must answer it (any non-5xx if unsaid). */
export interface ProbeCase {
  label: string;
  request: RawRequest;
  expect?: number | '4xx';
  /** The problem type the refusal must carry, where only one is right. */
  problem?: string;
}

/** A header to set, or to leave out (null). */
export type HeaderChange = [string, string | null];

/**
 * An operation's ordinary request, from its OpenAPI path, parameters and body schema, that the
 * probes then spoil: the credential of an allowed caller, the schema's sample body as JSON (or
 * `{}` for a method that may carry one), and the headers a client library would add.
 */
export class ProbeRequest {
  readonly path: string;
  /** The documented body's sample; undefined where the operation documents none. */
  readonly sample?: unknown;
  readonly body?: Buffer;

  constructor(
    readonly operation: Operation,
    readonly token: string | undefined,
  ) {
    const { parameters, components } = operation;
    const values = Object.fromEntries(
      parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, String(sampleOf(p.schema, components))]),
    );
    this.path = concretePath(operation.path, values);
    if (operation.body) this.sample = sampleOf(operation.body, components);
    if (operation.method !== 'GET')
      this.body = Buffer.from(operation.body ? JSON.stringify(this.sample) : '{}');
  }

  /** The request with `changes` made to its headers, in order; a name given twice goes out twice. */
  with(label: string, changes: HeaderChange[], body = this.body): ProbeCase {
    return { label, request: this.request(changes, body) };
  }

  /** The request with another body (bytes or JSON text), its length told right. */
  withBody(label: string, body: Buffer | string, expect?: ProbeCase['expect']): ProbeCase {
    return { label, request: this.request([], Buffer.from(body)), expect };
  }

  private request(changes: HeaderChange[], body?: Buffer): RawRequest {
    const base: HeaderChange[] = [
      ['Authorization', this.token ? `Bearer ${this.token}` : null],
      ['Content-Type', body ? 'application/json' : null],
      ['Content-Length', body ? String(body.length) : null],
    ];
    const named = (name: string) => (change: HeaderChange) =>
      change[0].toLowerCase() === name.toLowerCase();
    const headers: Array<[string, string]> = [];
    for (const [name, value] of base) {
      const change = changes.find(named(name));
      const chosen = change ? change[1] : value;
      if (chosen !== null) headers.push([name, chosen]);
    }
    changes.forEach(([name, value], i) => {
      const repeat = changes.findIndex(named(name)) !== i;
      const isBase = base.some(named(name));
      if (value !== null && (repeat || !isBase)) headers.push([name, value]);
    });
    return { method: this.operation.method, path: this.path, headers, body };
  }
}
