import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { InjectConfig } from '../config/config.token';
import type { Caller } from './caller';
import { parseCredentialToken, secretMatches } from './credential-token';
import { CredentialsRepository, type AuthenticationRecord } from './credentials.repository';

// Bounds memory when many distinct credentials call one instance; the oldest entry goes first.
const MAX_CACHED = 10_000;

/**
 * Resolves a bearer token to its caller. Active credentials are cached for AUTH_CACHE_TTL_MS
 * so that a busy credential costs no query per request: a revocation therefore takes effect
 * at once on the instance that made it (forget) and within that delay on every other one.
 * Misses are not cached, so a newly issued credential works immediately everywhere.
 *
 * Requests for one credential that miss the cache together share one look-up (single flight),
 * so that at each expiry a busy credential costs one query, not one per request in flight. The
 * bound on a revocation made elsewhere is unchanged: a request that joins gets the answer of a
 * query started at most one query's duration before it, which a cached answer already may be
 * (and with AUTH_CACHE_TTL_MS = 0 nothing is shared: every request reads for itself). `forget`
 * drops the shared look-up too, so no request after it joins one started before it, and that
 * look-up's answer is not cached. A failed look-up reaches every request that shared it and is
 * not kept.
 */
@Injectable()
export class CredentialVerifier {
  private readonly cache = new Map<string, { record: AuthenticationRecord; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<AuthenticationRecord | undefined>>();
  private readonly ttlMs: number;

  constructor(
    private readonly credentials: CredentialsRepository,
    @InjectConfig() config: Pick<AppConfig, 'AUTH_CACHE_TTL_MS'>,
  ) {
    this.ttlMs = config.AUTH_CACHE_TTL_MS;
  }

  /** The caller the token stands for, or undefined when it is malformed, unknown or revoked. */
  async verify(token: string): Promise<Caller | undefined> {
    const presented = parseCredentialToken(token);
    if (!presented) return undefined;
    const record = await this.lookup(presented.id);
    if (!record || record.role !== presented.role) return undefined;
    if (!secretMatches(presented.secret, record.secretHash)) return undefined;
    return { credentialId: record.id, role: record.role, party: record.party };
  }

  /** Drops a credential from the cache (after revoking or rotating it here). */
  forget(credentialId: string): void {
    this.cache.delete(credentialId);
    this.inFlight.delete(credentialId);
  }

  private async lookup(id: string): Promise<AuthenticationRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return cached.record;
    this.cache.delete(id);
    if (this.ttlMs <= 0) return this.credentials.findForAuthentication(id);
    return this.inFlight.get(id) ?? this.lookUpOnce(id);
  }

  private lookUpOnce(id: string): Promise<AuthenticationRecord | undefined> {
    const lookup: Promise<AuthenticationRecord | undefined> = this.credentials
      .findForAuthentication(id)
      .then((record) => {
        if (this.inFlight.get(id) === lookup) this.remember(id, record);
        return record;
      })
      .finally(() => {
        if (this.inFlight.get(id) === lookup) this.inFlight.delete(id);
      });
    this.inFlight.set(id, lookup);
    return lookup;
  }

  private remember(id: string, record: AuthenticationRecord | undefined): void {
    if (!record) return;
    const oldest = this.cache.keys().next();
    if (this.cache.size >= MAX_CACHED && !oldest.done) this.cache.delete(oldest.value);
    this.cache.set(id, { record, expiresAt: Date.now() + this.ttlMs });
  }
}
