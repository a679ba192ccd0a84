import { PageQuery } from '@taxchain/platform';

export class PageQueryDto extends PageQuery(100) {}
