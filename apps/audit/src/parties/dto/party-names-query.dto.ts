import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';

export class PartyNamesQueryDto {
  @ApiProperty({
    description: 'Comma-separated tax IDs, 1 to 100',
    type: String,
    example: '91350100M000100Y43,91310115MA1K4XXX1X',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [...new Set(value.split(','))] : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(/^[0-9A-Z]{1,32}$/, { each: true, message: 'each tax ID is 1 to 32 digits or capitals' })
  taxIds!: string[];
}
