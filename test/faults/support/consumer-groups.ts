import { AssignerProtocol, type Admin } from 'kafkajs';
import { pollUntil } from './poll-until';

/** One member of a consumer group and the partitions of one topic it holds. */
export interface GroupMember {
  /** The instance's Kafka client id (`reimbursement-1-service`). */
  clientId: string;
  memberId: string;
  partitions: number[];
}

/** Who holds which partitions of `topic` in a consumer group, as the broker sees it now. */
export async function groupMembers(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ state: string; members: GroupMember[] }> {
  const {
    groups: [group],
  } = await admin.describeGroups([groupId]);
  const members = group.members.map((member) => {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    return {
      clientId: member.clientId,
      memberId: member.memberId,
      partitions: [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b),
    };
  });
  return {
    state: group.state,
    members: members.sort((a, b) => a.clientId.localeCompare(b.clientId)),
  };
}

/** Waits until the group is stable with `count` members (a dead member leaves after its session). */
export async function settledGroup(
  admin: Admin,
  groupId: string,
  topic: string,
  count: number,
  timeoutMs = 60_000,
): Promise<GroupMember[]> {
  let members: GroupMember[] = [];
  await pollUntil(
    async () => {
      const group = await groupMembers(admin, groupId, topic);
      members = group.members;
      return group.state === 'Stable' && members.length === count;
    },
    timeoutMs,
    `${groupId} stable with ${count} members`,
  );
  return members;
}

/** Every partition of the group's topic, in the order members hold them: each once when sound. */
export function assignedPartitions(members: GroupMember[]): number[] {
  return members.flatMap((member) => member.partitions).sort((a, b) => a - b);
}

/** The instance a member runs in (`reimbursement-1`): its client id is `<instance>-service`. */
export function instanceOf(member: GroupMember): string {
  return member.clientId.replace(/-service$/, '');
}
