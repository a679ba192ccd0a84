// Types only, browser-safe: the dashboard reads this report from /health.

/** The newest checkpoint of one chain a witness cosigned. */
export interface WitnessChainStatus {
  chain: number;
  size: number;
  cosignedAt: string;
  ageSeconds: number;
}

/** Per witness, where it stands; per chain, whether the newest checkpoint has its quorum. */
export interface WitnessStatusReport {
  quorum: number;
  /** Every chain's newest checkpoint is cosigned by at least `quorum` configured witnesses. */
  quorumMet: boolean;
  witnesses: Array<{ name: string; url: string; vkey: string; chains: WitnessChainStatus[] }>;
  chains: Array<{ chain: number; size: number; cosignatures: number; quorumMet: boolean }>;
}
