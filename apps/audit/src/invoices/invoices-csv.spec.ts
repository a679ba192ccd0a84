import { csvField } from './invoices-csv';

describe(csvField.name, () => {
  it('quotes separators and doubles quotes', () => {
    expect(csvField('Tea, "fine" Co.')).toBe('"Tea, ""fine"" Co."');
  });

  it('defuses a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('Plain')).toBe('Plain');
  });
});
