import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { type NoteVerifierKey, NoteSignatureType, parseVerifierKey } from '../note';
import { Witness } from './witness';
import { WitnessKey } from './witness-key';
import { witnessServer } from './witness-server';
import { WitnessStore } from './witness-store';

export interface WitnessOptions {
  keyFile: string;
  databaseUrl: string;
  /** The vkeys of the logs to follow; each key's name is its log's origin. */
  logs: readonly string[];
  host: string;
  port: number;
  /** The operator's word that an empty store is a new witness, not a lost store. */
  newStore: boolean;
}

/** Why a witness will not start; the message tells the operator what to do. */
export class WitnessStartError extends Error {}

export interface RunningWitness {
  url: string;
  vkey: string;
  close(): Promise<void>;
}

export async function startWitness(options: WitnessOptions): Promise<RunningWitness> {
  const key = readKey(options.keyFile);
  const logs = logKeys(options.logs);
  const store = await WitnessStore.open(options.databaseUrl);
  try {
    await checkOwnership(store, key, options.newStore);
  } catch (error) {
    await store.close();
    throw error;
  }
  const server = witnessServer(new Witness(key, logs, store), store);
  await new Promise<void>((done) => server.listen(options.port, options.host, done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    vkey: key.vkey,
    close: async () => {
      await closeServer(server);
      await store.close();
    },
  };
}

/**
 * An empty store with a key that may already have cosigned would forget every checkpoint it
 * vouched for, and could then cosign a split view: only the operator can say it is a new witness.
 */
async function checkOwnership(store: WitnessStore, key: WitnessKey, newStore: boolean) {
  const owner = await store.owner();
  if (owner === undefined && !newStore)
    throw new WitnessStartError(
      `the witness store is empty: either this is a new witness, or its store was lost and it no longer ` +
        `remembers what ${key.name} cosigned. Start it once with --new-store if it is new; if the store was ` +
        `lost, restore it (a new store lets this key cosign a checkpoint that contradicts earlier ones).`,
    );
  if (owner !== undefined && newStore)
    throw new WitnessStartError('--new-store given but the store is not empty: drop --new-store');
  if (owner !== undefined && owner !== key.vkey)
    throw new WitnessStartError(`the witness store belongs to ${owner}, not to ${key.vkey}`);
  if (owner === undefined) await store.claim(key.vkey);
}

function readKey(file: string): WitnessKey {
  try {
    return WitnessKey.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WitnessStartError(
      `witness key ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function logKeys(vkeys: readonly string[]): Map<string, NoteVerifierKey[]> {
  if (vkeys.length === 0)
    throw new WitnessStartError('no log to follow: pass --log <vkey> at least once');
  const logs = new Map<string, NoteVerifierKey[]>();
  for (const vkey of vkeys) {
    const key = parseVerifierKey(vkey);
    if (!key || key.type !== NoteSignatureType.ed25519)
      throw new WitnessStartError(`--log ${vkey} is not an Ed25519 note vkey`);
    logs.set(key.name, [...(logs.get(key.name) ?? []), key]);
  }
  return logs;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
