import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { TaxIdPolicy } from '@taxchain/platform';

/** A path tax ID as this deployment validates them, refused as a field error like the body's are. */
@Injectable()
export class TaxIdPipe implements PipeTransform<string, string> {
  constructor(private readonly taxIds: TaxIdPolicy) {}

  transform(value: string): string {
    const valid = this.taxIds.validate(value);
    if (!valid.ok) throw new BadRequestException([`taxId ${valid.reason}`]);
    return value;
  }
}
