import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { PublicCheckController } from './public-check.controller';
import { PublicCheck } from './public-check.service';

/** Invoice checks for anyone holding the paper (查验平台): no login, rate limited per address. */
@Module({
  imports: [InvoicesModule],
  controllers: [PublicCheckController],
  providers: [PublicCheck],
})
export class PublicCheckModule {}
