import { Injectable } from '@nestjs/common';
import { topicNames, type TopicNames } from '@taxchain/contracts';
import { InjectConfig, type AppConfig } from '@taxchain/platform';
import { type WitnessPolicy, parseWitnessPolicy } from './checkpoint/witness-quorum';
import {
  type WitnessEndpoint,
  parseWitnessEndpoints,
  witnessQuorum,
} from './witness/witness-endpoints';

/** The ledger's tunables, read once from the validated configuration. */
@Injectable()
export class LedgerSettings {
  readonly chains: number;
  readonly batchMax: number;
  readonly workers: boolean;
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
  readonly topics: TopicNames;
  /** Prefix of the C2SP log origins: chain N is `<originPrefix>/N`. */
  readonly originPrefix: string;
  /** Witnesses asked to cosign every checkpoint, and how many cosignatures make a quorum. */
  readonly witnesses: WitnessEndpoint[];
  readonly witnessQuorum: number;
  /** The witnesses a verifying service trusts and how many must cosign (VERIFY_WITNESSES). */
  readonly verifyPolicy?: WitnessPolicy;

  constructor(@InjectConfig() config: AppConfig) {
    this.chains = config.LEDGER_CHAINS;
    this.batchMax = config.LEDGER_BATCH_MAX;
    this.workers = config.LEDGER_WORKERS;
    this.checkpointEvery = config.CHECKPOINT_EVERY;
    this.checkpointIntervalMs = config.CHECKPOINT_INTERVAL_MS;
    this.topics = topicNames(config.KAFKA_TOPIC_PREFIX);
    this.originPrefix = config.LEDGER_ORIGIN;
    this.witnesses = parseWitnessEndpoints(config.WITNESSES);
    this.witnessQuorum = witnessQuorum(config.WITNESS_QUORUM, this.witnesses.length);
    const vkeys = config.VERIFY_WITNESSES.split(/[\s,]+/).filter(Boolean);
    if (vkeys.length > 0)
      this.verifyPolicy = parseWitnessPolicy(vkeys, config.VERIFY_WITNESS_QUORUM);
  }
}
