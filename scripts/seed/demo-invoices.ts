import type { InvoiceDocument } from '@taxchain/contracts';
import { completeInvoice } from '../../apps/cli/src/invoice-input';
import type { CastMember } from './demo-cast';

// Descriptions are 数电票 项目名称: *分类简称* (the tax classification's short name) before the name.
const CATALOGUE = [
  { description: '*纸制品*A4 打印纸 (箱)', price: [120, 260], rate: '0.13' },
  { description: '*计算机*笔记本电脑', price: [4500, 12000], rate: '0.13' },
  { description: '*信息技术服务*技术咨询服务', price: [800, 20000], rate: '0.06' },
  { description: '*运输服务*货运 广州–成都', price: [300, 3000], rate: '0.09' },
  { description: '*餐饮服务*会议餐费', price: [60, 400], rate: '0.06' },
  { description: '*信息技术服务*软件许可 一年', price: [2000, 30000], rate: '0.06' },
  { description: '*卫生用品*医用口罩 (盒)', price: [25, 90], rate: '0.13' },
  { description: '*现代服务*小规模纳税人服务费', price: [100, 900], rate: '0.03' },
];

/**
 * A realistic invoice from `seller` to `buyer` on `date` (YYYY-MM-DD), priced by the server's
 * rules; a `modest` one has a single line of at most three units at the low end of the item's
 * price range (under ¥20,000 in all, well below the new-buyer flag's default ¥50,000).
 */
export function demoInvoice(
  seller: CastMember,
  buyer: CastMember,
  date: string,
  keyId: string,
  random: () => number,
  documentNumber: string,
  modest = false,
): InvoiceDocument {
  const lines = Array.from({ length: modest ? 1 : 1 + Math.floor(random() * 3) }, () => {
    const item = CATALOGUE[Math.floor(random() * CATALOGUE.length)];
    const [low, high] = modest ? [item.price[0], item.price[0] * 1.2] : item.price;
    const price = low + random() * (high - low);
    return {
      description: item.description,
      quantity: String(1 + Math.floor(random() * (modest ? 3 : 12))),
      unitPrice: price.toFixed(2),
      taxRate: item.rate,
    };
  });
  return completeInvoice(
    {
      seller: { taxId: seller.taxId, name: seller.name },
      buyer: { taxId: buyer.taxId, name: buyer.name },
      documentNumber,
      issueDate: date,
      currency: 'CNY',
      lines,
    },
    keyId,
    'demo data',
  );
}

/** A calendar date `daysAgo` days before today in China (UTC+8). */
export function chinaDate(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
