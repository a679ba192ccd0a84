import { ChannelListener } from '@taxchain/platform';

/**
 * Wakes chain workers when an append commits (NOTIFY ledger_appended, sent in the
 * appending transaction). Workers also poll, so a lost connection only adds latency.
 */
export class AppendNotifications extends ChannelListener {
  constructor(url: string, onAppend: (chain: number) => void) {
    super(url, 'ledger_appended', (payload) => {
      const chain = Number(payload);
      if (Number.isInteger(chain)) onAppend(chain);
    });
  }
}
