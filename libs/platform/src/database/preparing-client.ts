import { createHash } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

/**
 * The most statement texts a process prepares. Past it a new text runs unnamed, as before: a
 * statement whose text varies (an IN list of its own length) cannot fill each connection's
 * backend with plans.
 */
const MAX_PREPARED = 256;

/** Statement name of each prepared text: a digest, so one text always has one name. */
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  const known = names.get(text);
  if (known !== undefined || names.size >= MAX_PREPARED) return known;
  const name = `tc_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  names.set(text, name);
  return name;
}

/**
 * A pg client that runs every parameterised statement as a named prepared statement: parsed and
 * analysed once per connection instead of on every call, and planned once PostgreSQL finds its
 * generic plan as good as a custom one. The hot statements are parameterised; their parsing and
 * planning took about a third of the backends' CPU per invoice. Statements without parameters
 * (transaction control, DDL, migrations) still go through the simple protocol.
 * The pool makes its connections with it (`extra.Client`).
 */
export class PreparingClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', heardByItsUser);
    // pg's query has a dozen overloads; this only names the statement and passes the call on,
    // to Client's query as it is at the time of the call.
    const plain = (...args: unknown[]): unknown =>
      (Client.prototype.query as (...args: unknown[]) => unknown).apply(this, args);
    this.query = ((text: unknown, values?: unknown, callback?: unknown) => {
      const name =
        typeof text === 'string' && Array.isArray(values) && values.length > 0
          ? nameOf(text)
          : undefined;
      return name === undefined
        ? plain(text, values, callback)
        : plain({ name, text, values }, callback);
    }) as Client['query'];
  }
}

/**
 * A connection's error that no holder listens for: the server's "terminating connection"
 * arriving between two statements of a checked-out connection whose holder has already stopped
 * listening. Without a listener, Node throws it from the socket's handler and the whole service
 * dies on a database restart (a postgres-restart fault run lost its audit process so). The
 * connection is dead either way: its holder hears of it through its next statement, and the
 * pool drops it when it comes back.
 */
function heardByItsUser(): void {}
