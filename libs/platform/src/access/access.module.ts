import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.token';
import type { AppConfig } from '../config/config.schema';
import { AuthGuard } from './auth.guard';
import { CredentialVerifier } from './credential-verifier';
import { CredentialsRepository } from './credentials.repository';
import { PartiesRepository } from './parties.repository';
import { RateLimitGuard, rateLimits } from './rate-limit.guard';
import { RateLimitStorage } from './rate-limit.storage';
import { TaxIdPolicy } from './tax-id.policy';

/**
 * Who may call what, for every service: the credential store (schema `access`), the global
 * AuthGuard and then the RateLimitGuard — in this order, so limits count per credential.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: rateLimits(config),
        storage: new RateLimitStorage(),
      }),
    }),
  ],
  providers: [
    CredentialsRepository,
    PartiesRepository,
    CredentialVerifier,
    TaxIdPolicy,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [CredentialsRepository, PartiesRepository, CredentialVerifier, TaxIdPolicy],
})
export class AccessModule {}
