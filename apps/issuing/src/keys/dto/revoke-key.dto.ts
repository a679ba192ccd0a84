import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class RevokeKeyDto {
  @ApiPropertyOptional({ example: 'rotated', default: 'revoked by the merchant' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
