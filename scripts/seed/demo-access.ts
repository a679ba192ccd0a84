import type { DataSource } from 'typeorm';
import { createAdminServices } from '../../apps/issuing/src/parties/admin-services';
import type { CastMember } from './demo-cast';

export interface DemoAccess {
  admin: string;
  official: string;
  /** Merchant tokens by tax ID. */
  merchants: Record<string, string>;
  /** Company tokens by tax ID. */
  companies: Record<string, string>;
}

/** Registers the cast and issues their credentials through the admin services (as `npm run admin` does). */
export async function createDemoAccess(db: DataSource, cast: CastMember[]): Promise<DemoAccess> {
  const admin = createAdminServices(db, { TAX_ID_PATTERN: process.env.TAX_ID_PATTERN });
  const access: DemoAccess = { admin: '', official: '', merchants: {}, companies: {} };
  for (const member of cast) {
    await admin.parties.register({ taxId: member.taxId, name: member.name, roles: member.roles });
    for (const role of member.roles) {
      const { token } = await admin.credentials.issue({
        role,
        taxId: member.taxId,
        label: `demo ${role}`,
      });
      (role === 'merchant' ? access.merchants : access.companies)[member.taxId] = token;
    }
  }
  access.admin = (
    await admin.credentials.issue({ role: 'admin', label: 'demo tax authority' })
  ).token;
  access.official = (
    await admin.credentials.issue({ role: 'official', label: 'demo tax official' })
  ).token;
  return access;
}
