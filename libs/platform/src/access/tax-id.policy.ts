import { Injectable } from '@nestjs/common';
import { taxIdPattern, validateTaxId, type TaxIdValidation } from '@taxchain/contracts';
import type { AppConfig } from '../config/config.schema';
import { InjectConfig } from '../config/config.token';

/** Tax ID validation as this deployment configures it: GB 32100, or TAX_ID_PATTERN. */
@Injectable()
export class TaxIdPolicy {
  private readonly pattern?: RegExp;

  constructor(@InjectConfig() config: Pick<AppConfig, 'TAX_ID_PATTERN'>) {
    this.pattern = config.TAX_ID_PATTERN ? taxIdPattern(config.TAX_ID_PATTERN) : undefined;
  }

  validate(taxId: string): TaxIdValidation {
    return validateTaxId(taxId, this.pattern);
  }
}
