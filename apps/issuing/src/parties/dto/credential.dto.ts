import { ApiProperty } from '@nestjs/swagger';
import { ApiNextCursor } from '@taxchain/platform/http/page-query';
import {
  CREDENTIAL_ROLES,
  type Credential,
  type CredentialRole,
  type Page,
} from '@taxchain/platform/access/store';
import type { IssuedCredential } from '../credentials.service';
import { EXAMPLE } from './examples';

/** A credential as the authority sees it: never its secret or the secret's hash. */
export class CredentialDto {
  @ApiProperty({ description: 'Public part of the token', example: EXAMPLE.rotatedCredentialId })
  id!: string;

  @ApiProperty({ enum: CREDENTIAL_ROLES, example: 'merchant' })
  role!: CredentialRole;

  @ApiProperty({ example: 'Fuzhou Harbour Tea Trading Co., Ltd. (merchant)' })
  label!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE.partyId })
  partyId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: EXAMPLE.merchantTaxId })
  partyTaxId!: string | null;

  @ApiProperty({ format: 'date-time', example: EXAMPLE.createdAt })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The credential this one replaced by rotation',
    example: EXAMPLE.credentialId,
  })
  rotatedFrom!: string | null;

  static from(credential: Credential): CredentialDto {
    // Field by field, so nothing added to Credential later leaks into responses unnoticed.
    return {
      id: credential.id,
      role: credential.role,
      label: credential.label,
      partyId: credential.partyId,
      partyTaxId: credential.partyTaxId,
      createdAt: credential.createdAt.toISOString(),
      revokedAt: credential.revokedAt?.toISOString() ?? null,
      rotatedFrom: credential.rotatedFrom,
    };
  }
}

export class IssuedCredentialDto extends CredentialDto {
  @ApiProperty({
    description:
      'Send as `Authorization: Bearer <token>`. Shown this once: only its hash is stored.',
    example: EXAMPLE.token,
  })
  token!: string;

  static fromIssued(issued: IssuedCredential): IssuedCredentialDto {
    return { ...CredentialDto.from(issued.credential), token: issued.token };
  }
}

export class CredentialPageDto {
  @ApiProperty({ type: [CredentialDto] })
  items!: CredentialDto[];

  @ApiNextCursor()
  nextCursor!: string | null;

  static from(page: Page<Credential>): CredentialPageDto {
    return { items: page.items.map((c) => CredentialDto.from(c)), nextCursor: page.nextCursor };
  }
}
