import type { StartedInfra } from './global-setup';

/** Stops only what global setup started; a broker or server that was already up stays up. */
export default async function globalTeardown(): Promise<void> {
  for (const stop of (globalThis as StartedInfra).__taxchainStop ?? []) await stop();
}
