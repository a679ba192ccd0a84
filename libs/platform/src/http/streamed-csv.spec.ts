import { csvHeader, csvLines } from './streamed-csv';

describe(csvLines.name, () => {
  const lines = (...fields: string[]) => csvLines([fields], (row) => row);

  it('ends every line, header included, with CRLF', () => {
    expect(csvHeader(['a', 'b'])).toBe('a,b\r\n');
    expect(csvLines([['1'], ['2']], (row) => row)).toBe('1\r\n2\r\n');
  });

  it('quotes separators and doubles quotes', () => {
    expect(lines('Tea, "fine" Co.', 'x\ny')).toBe('"Tea, ""fine"" Co.","x\ny"\r\n');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(lines('=HYPERLINK("x")', '+1', '-2+A1', '-A1', '@a', 'Plain')).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2+A1,'-A1,'@a,Plain\r\n`,
    );
  });

  it("keeps a plain negative amount a number (a credit note's -4238), which no spreadsheet runs", () => {
    expect(lines('-4238', '-0.5', '1399')).toBe('-4238,-0.5,1399\r\n');
  });
});
