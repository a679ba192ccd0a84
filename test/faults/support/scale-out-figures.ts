import { instanceOf, type GroupMember } from './consumer-groups';

type Groups = Record<string, GroupMember[]>;

/** The scale-out section of test/RELIABILITY.md: who held what before and after kill -9. */
export function scaleOutFigures(run: {
  chains: number;
  invoices: { steady: number; race: number; killed: number };
  groups: string[];
  prefix: string;
  before: Groups;
  after: Groups;
  leadersBefore: Map<number, string[]>;
  leadersAfter: Map<number, string[]>;
  /** The instances killed, one of each service. */
  victims: string[];
  afterKill: number;
  resent: number;
  acknowledged: number;
}): string {
  const row = (id: string, groups: Groups) => groups[id].map(describeMember).join('; ');
  return `Two instances of each service (issuing, reimbursement, audit) on one database and one Kafka cluster, ${run.chains} chains, invoices issued round-robin to both issuing instances (16 in flight): ${run.invoices.steady} under steady load, ${run.invoices.race} for the claim race, then ${run.invoices.killed} while **kill -9 took down ${run.victims.join(', ')}** a third of the way in: of each service, the instance leading chains if one did. ${run.afterKill} requests were answered after the kill, ${run.resent} of them re-sent to the survivor.

| consumer group | partitions per member, two instances | after kill -9 |
| --- | --- | --- |
${run.groups.map((id) => `| ${id.slice(run.prefix.length)} | ${row(id, run.before)} | ${row(id, run.after)} |`).join('\n')}
| chain leaders (relay and checkpointer) | ${describeLeaders(run.leadersBefore)} | ${describeLeaders(run.leadersAfter)} |

Each chain had exactly one leader whenever looked at; under steady load every partition held exactly one message per ledger entry (no second relay). After the kill: all ${run.acknowledged} acknowledged invoices in the ledger (no gap, nothing half-written) and each exactly once in the reimbursement and the audit read model, nothing else there, audit's totals counting each once: **0 lost, 0 duplicated**; every chain verified by audit.`;
}

function describeMember(member: GroupMember): string {
  return `${instanceOf(member)}: ${member.partitions.join(', ')}`;
}

function describeLeaders(leaders: Map<number, string[]>): string {
  return [...leaders].map(([chain, holders]) => `${chain}: ${holders.join(', ')}`).join('; ');
}
