import { type NoteVerifierKey, NoteSignatureType, parseVerifierKey } from '../note';

/** A witness the checkpointer asks for cosignatures: where it listens and the key it cosigns with. */
export interface WitnessEndpoint {
  url: string;
  vkey: string;
  key: NoteVerifierKey;
}

/**
 * Reads the WITNESSES setting: comma-separated `<url> <vkey>` pairs, each vkey a cosignature/v1
 * (0x04) key; throws a RangeError naming the first bad entry.
 */
export function parseWitnessEndpoints(setting: string): WitnessEndpoint[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [url, vkey, ...rest] = entry.split(/\s+/);
      const key = vkey === undefined ? undefined : parseVerifierKey(vkey);
      if (
        rest.length > 0 ||
        !/^https?:\/\/[^/\s]+/.test(url) ||
        key?.type !== NoteSignatureType.cosignatureV1
      )
        throw new RangeError(
          `WITNESSES entry "${entry}" is not "<http(s) URL> <cosignature vkey>"`,
        );
      return { url: url.replace(/\/+$/, ''), vkey: vkey, key };
    });
}

/** WITNESS_QUORUM, where 0 means a majority of the witnesses. */
export function witnessQuorum(setting: number, witnesses: number): number {
  return setting > 0 ? setting : Math.floor(witnesses / 2) + 1;
}
