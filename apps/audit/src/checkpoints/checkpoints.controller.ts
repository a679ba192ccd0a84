import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CheckpointNotes, LedgerSettings, formatSignedNote } from '@taxchain/ledger';
import { ApiProblemResponse, Public } from '@taxchain/platform';
import { EXAMPLE } from '../common/examples';
import { CheckpointsException } from './checkpoints.exception';

@ApiTags('checkpoints')
@Controller('checkpoints')
export class CheckpointsController {
  constructor(
    private readonly notes: CheckpointNotes,
    private readonly settings: LedgerSettings,
  ) {}

  @Get(':chain')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({
    summary: "A chain's newest checkpoint as a C2SP signed note (c2sp.org/tlog-checkpoint)",
    description:
      'The log origin, tree size and base64 Merkle root, signed by the tax authority under the ' +
      'origin as key name (docs/spec/checkpoint-notes.md). Check it with a vkey from `GET /authority`.',
  })
  @ApiParam({ name: 'chain', example: 0 })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The signed note',
    content: { 'text/plain': { example: EXAMPLE.checkpointNote } },
  })
  @ApiProblemResponse(400, [
    {
      code: 'bad-request',
      title: 'Bad Request',
      detail: 'chain must be a decimal integer',
    },
  ])
  @ApiProblemResponse(404, [
    {
      code: 'no-checkpoint-note',
      title: 'No checkpoint note',
      detail: 'Chain 0 has no checkpoint note yet.',
    },
  ])
  async latest(@Param('chain') chain: number): Promise<string> {
    // Chains are 0 … LEDGER_CHAINS − 1: anything else (2^53 included) has no note, and never
    // reaches the database as an out-of-range integer.
    if (chain < 0 || chain >= this.settings.chains)
      throw CheckpointsException.noNote(chain, this.settings.chains);
    const note = await this.notes.latestCosigned(chain);
    if (!note) throw CheckpointsException.noNote(chain, this.settings.chains);
    return formatSignedNote(note.note);
  }
}
