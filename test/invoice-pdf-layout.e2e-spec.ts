import type { InvoiceRecord } from '../apps/issuing/src/invoices/invoice-record';
import {
  givenInvoiceRecord,
  type GivenLine,
} from '../apps/issuing/src/invoices/pdf/invoice-record.fixtures';
import { renderInvoicePdf } from '../apps/issuing/src/invoices/pdf/invoice-pdf.renderer';
import { renderQrPng } from '../apps/issuing/src/invoices/pdf/qr-png';
import { shippedPdfFonts } from '../apps/issuing/src/invoices/pdf/pdf-fonts';
import { printedInvoice } from '../apps/issuing/src/invoices/pdf/printed-invoice';
import {
  differingShare,
  inkShare,
  pdfText,
  pdfWords,
  renderFirstPage,
  wordAt,
  type Region,
} from './support/pdf-reading';

const VERIFY_URL = 'https://fapiao.example.cn/verify/invoices/26351000000000000042?checkCode=1';
const fonts = shippedPdfFonts();

async function pdfOf(invoice: InvoiceRecord): Promise<Buffer> {
  const qrPng = await renderQrPng(
    JSON.stringify({
      v: 1,
      n: invoice.invoiceNumber,
      c: invoice.checkCode,
      h: invoice.entryHash!,
      u: VERIFY_URL,
      chain: 0,
      seq: 1,
    }),
  );
  return renderInvoicePdf(
    {
      printed: printedInvoice(invoice),
      qrPng,
      entryHash: invoice.entryHash!,
      verifyUrl: VERIFY_URL,
    },
    fonts,
  );
}

const creditNote = (overrides: Partial<Parameters<typeof givenInvoiceRecord>[0]> = {}) =>
  givenInvoiceRecord({
    kind: 'credit-note',
    invoiceNumber: '26351000000000000043',
    creditedInvoiceNumber: '26351000000000000042',
    ...overrides,
  });

/** The 价税合计 row as extracted: the capitals and the figures. */
function grossRow(text: string): { words: string; figures: string } {
  const match = /价税合计（大写）\s+(\S+)\s+（小写）\s*(\S+)/.exec(text);
  if (!match) throw new Error(`no 价税合计 row in:\n${text}`);
  return { words: match[1], figures: match[2] };
}

/** The 数电票 page, read back with poppler: what a buyer, a bookkeeper or a scanner sees. */
describe('invoice PDF laid out as a 数电票', () => {
  it('prints every field of a 数电票, in Chinese, with 单价 and 金额 formatted alike', async () => {
    const text = pdfText(await pdfOf(givenInvoiceRecord()));
    for (const field of [
      '电子发票（增值税专用发票）',
      '发票号码： 26351000000000000042',
      '开票日期： 2026年12月05日',
      '购',
      '销',
      '名称： 北京办公用品有限公司',
      '名称： 上海测试贸易有限公司',
      '统一社会信用代码/纳税人识别号：',
      '91110000802100433B',
      '91350100M000100Y43',
      '备',
      '开票人： 签名密钥 0123456789abcdef0123456789abcdef',
      VERIFY_URL,
    ])
      expect(text).toContain(field);
    expect(text).toMatch(/项目名称\s+规格型号\s+单位\s+数量\s+单价\s+金额\s+税率\/征收率\s+税额/);
    // 1 × 1,280.00 = 1,280.00 at 6 %: tax 76.80; 3 × 12.50 = 37.50 at 13 %: tax 4.875 → 4.88.
    expect(text).toMatch(/\*餐饮服务\*餐费\s+1\s+1,280\.00\s+1,280\.00\s+6%\s+76\.80/);
    expect(text).toMatch(/\*茶\*武夷岩茶\s+3\s+12\.50\s+37\.50\s+13%\s+4\.88/);
    expect(text).toMatch(/合计\s+¥1,317\.50\s+¥81\.68/);
    expect(grossRow(text)).toEqual({ words: '壹仟叁佰玖拾玖元壹角捌分', figures: '¥1,399.18' });
    expect(text).not.toContain('作废');
    expect(text).not.toContain('红字');
  });

  it('puts 购买方 on the left and 销售方 on the right, in the order of a 数电票 from top to bottom', async () => {
    const pdf = await pdfOf(givenInvoiceRecord());
    const words = pdfWords(pdf);
    const middle = 595.28 / 2;
    const buyer = wordAt(words, '北京办公用品有限公司');
    const seller = wordAt(words, '上海测试贸易有限公司');
    expect(buyer.xMax).toBeLessThan(middle);
    expect(seller.xMin).toBeGreaterThan(middle);
    expect(Math.abs(buyer.yMin - seller.yMin)).toBeLessThan(2);
    expect(wordAt(words, '91110000802100433B').xMax).toBeLessThan(middle);
    expect(wordAt(words, '91350100M000100Y43').xMin).toBeGreaterThan(middle);
    // Reading order left to right: on the parties' line the buyer comes first.
    const line = pdfText(pdf)
      .split('\n')
      .find((l) => l.includes('北京办公用品有限公司'))!;
    expect(line.indexOf('北京办公用品有限公司')).toBeLessThan(line.indexOf('上海测试贸易有限公司'));
    // Title, then parties, table, 合计, 价税合计, 备注, 开票人, downwards.
    const tops = [
      '电子发票',
      '北京办公用品有限公司',
      '项目名称',
      '*餐饮服务*餐费',
      '合计',
      '价税合计（大写）',
      '开票人：',
    ].map((text) => wordAt(words, text).yMin);
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(wordAt(words, '发票号码').xMin).toBeGreaterThan(middle);
  });

  // Each gross as one line of 1 × the unit price at 0 %, so the gross is the line amount.
  const amounts: Array<[figures: string, unitPrice: string, words: string]> = [
    ['0.10', '0.10', '壹角整'],
    ['100.00', '100', '壹佰元整'],
    ['1,000,000.01', '1000000.01', '壹佰万元零壹分'],
    // 1 × 0.001 = 0.1 fen, rounded half up to 0.
    ['0.00', '0.001', '零元整'],
    ['1,234.56', '1234.56', '壹仟贰佰叁拾肆元伍角陆分'],
  ];
  const oneLine = (unitPrice: string): GivenLine[] => [
    { description: '*纸制品*打印纸', quantity: '1', unitPrice, taxRate: '0' },
  ];

  it.each(amounts)(
    'writes a gross of %s in capital numerals and figures',
    async (figures, unitPrice, words) => {
      const invoice = givenInvoiceRecord({ lines: oneLine(unitPrice), buyerRegistered: false });
      expect(grossRow(pdfText(await pdfOf(invoice)))).toEqual({ words, figures: `¥${figures}` });
    },
  );

  it.each(amounts.filter(([figures]) => figures !== '0.00'))(
    'writes a credit of %s as a negative: 负 and a minus sign',
    async (figures, unitPrice, words) => {
      const text = pdfText(await pdfOf(creditNote({ lines: oneLine(unitPrice) })));
      expect(grossRow(text)).toEqual({ words: `负${words}`, figures: `¥-${figures}` });
    },
  );

  it('prints a credit note red-letter: every quantity and amount negative, the blue invoice in 备注', async () => {
    const text = pdfText(await pdfOf(creditNote()));
    expect(text).toContain('红字发票');
    expect(text).toMatch(/\*餐饮服务\*餐费\s+-1\s+1,280\.00\s+-1,280\.00\s+6%\s+-76\.80/);
    expect(text).toMatch(/\*茶\*武夷岩茶\s+-3\s+12\.50\s+-37\.50\s+13%\s+-4\.88/);
    expect(text).toMatch(/合计\s+¥-1,317\.50\s+¥-81\.68/);
    expect(grossRow(text)).toEqual({ words: '负壹仟叁佰玖拾玖元壹角捌分', figures: '¥-1,399.18' });
    expect(text).toContain('被红冲蓝字发票号码：26351000000000000042');
  });

  it('stamps a voided document 作废 across the page, never in English', async () => {
    /** Glyphs over 100 pt tall: only a watermark is printed that large. */
    const stamp = async (invoice: InvoiceRecord) =>
      pdfWords(await pdfOf(invoice)).filter(({ yMin, yMax }) => yMax - yMin > 100);
    const voided = await stamp(givenInvoiceRecord({ status: 'voided' }));
    // Poppler reads the slanted stamp glyph by glyph: 作 at the lower left, 废 up to its right.
    const [zuo, fei] = ['作', '废'].map((glyph) => voided.find((w) => w.text === glyph)!);
    expect(zuo.xMin).toBeLessThan(fei.xMin);
    expect(zuo.yMin).toBeGreaterThan(fei.yMin);
    expect(voided.map((w) => w.text).join('')).not.toMatch(/void/i);
    expect(await stamp(givenInvoiceRecord())).toEqual([]);
  });

  describe('the rendered page', () => {
    // Where a 数电票 puts each part of an A4 page, in points from the top left.
    const QR: Region = { x: 40, y: 40, width: 84, height: 84 };
    const BUYER_BOX: Region = { x: 64, y: 140, width: 230, height: 62 };
    const SELLER_BOX: Region = { x: 322, y: 140, width: 230, height: 62 };
    const TABLE_ROWS: Region = { x: 40, y: 226, width: 515, height: 32 };
    const HEADER: Region = { x: 40, y: 40, width: 515, height: 90 };
    const WATERMARK: Region = { x: 150, y: 250, width: 300, height: 300 };
    const BELOW_CONTENT: Region = { x: 40, y: 560, width: 515, height: 240 };
    let issued: ReturnType<typeof renderFirstPage>;
    let voided: ReturnType<typeof renderFirstPage>;

    beforeAll(async () => {
      issued = renderFirstPage(await pdfOf(givenInvoiceRecord()));
      voided = renderFirstPage(await pdfOf(givenInvoiceRecord({ status: 'voided' })));
    });

    it('has the QR code, both party boxes and the item rows where a 数电票 has them', () => {
      expect(inkShare(issued, QR)).toBeGreaterThan(0.3);
      expect(inkShare(issued, BUYER_BOX)).toBeGreaterThan(0.02);
      expect(inkShare(issued, SELLER_BOX)).toBeGreaterThan(0.02);
      expect(inkShare(issued, TABLE_ROWS)).toBeGreaterThan(0.02);
      // A one-page invoice ends well above the bottom: nothing spills down the page.
      expect(inkShare(issued, BELOW_CONTENT)).toBeLessThan(0.001);
    });

    it('lays the 作废 watermark over the middle of a voided page and leaves the header alone', () => {
      expect(differingShare(issued, voided, WATERMARK)).toBeGreaterThan(0.1);
      expect(differingShare(issued, voided, HEADER)).toBeLessThan(0.002);
    });
  });
});
