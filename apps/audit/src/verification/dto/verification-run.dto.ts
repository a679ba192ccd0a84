import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE } from '../../common/examples';
import { RUN_STATES, runPace, type VerificationRun } from '../verification-run';

export class VerificationRunDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.runId })
  id!: string;

  @ApiProperty({ enum: RUN_STATES, example: 'running' })
  state!: string;

  @ApiProperty({ description: 'Entries verified so far', example: 120000 })
  done!: number;

  @ApiProperty({ description: 'Entries in every chain when the run started', example: 480000 })
  total!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Entries per second', example: 60000 })
  rate!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds left at that rate',
    example: 6,
  })
  etaSeconds!: number | null;

  @ApiProperty({
    description: 'Credential id of the official who started it',
    example: EXAMPLE.credentialId,
  })
  startedBy!: string;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.at })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  finishedAt!: string | null;

  @ApiProperty({
    nullable: true,
    description:
      'Per chain: ok, entries verified, the first bad seq and why, rows whose hash differs from what the feed saw (rewritten), and witnessed checkpoints the table no longer matches.',
    example: {
      ok: false,
      chains: [
        {
          chain: 0,
          ok: false,
          verified: 97,
          break: {
            chain: 0,
            seq: 97,
            reason: 'hash-mismatch',
            detail: 'entry hash does not match its fields',
          },
          rewritten: [
            { chain: 0, seq: 97, seenHash: EXAMPLE.entryHash, storedHash: EXAMPLE.entryHash },
          ],
          checkpointMismatches: [],
        },
      ],
    },
  })
  result!: unknown;

  static from(run: VerificationRun, now = new Date()): VerificationRunDto {
    return {
      id: run.id,
      state: run.state,
      done: run.done,
      total: run.total,
      ...runPace(run, now),
      startedBy: run.startedBy,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      result: run.result,
    };
  }
}
