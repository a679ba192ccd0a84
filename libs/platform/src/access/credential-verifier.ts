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
 */
@Injectable()
export class CredentialVerifier {
  private readonly cache = new Map<string, { record: AuthenticationRecord; expiresAt: number }>();
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
  }

  private async lookup(id: string): Promise<AuthenticationRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return cached.record;
    this.cache.delete(id);
    const record = await this.credentials.findForAuthentication(id);
    if (record && this.ttlMs > 0) {
      const oldest = this.cache.keys().next();
      if (this.cache.size >= MAX_CACHED && !oldest.done) this.cache.delete(oldest.value);
      this.cache.set(id, { record, expiresAt: Date.now() + this.ttlMs });
    }
    return record;
  }
}
