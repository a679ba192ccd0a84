import { findCjkFont, PDF_FONT_VARIABLE } from './cjk-font';

describe('findCjkFont', () => {
  it('takes the configured file, with an optional face name after #', () => {
    const path = __filename;
    expect(findCjkFont({ [PDF_FONT_VARIABLE]: path })).toEqual({ path, family: undefined });
    expect(findCjkFont({ [PDF_FONT_VARIABLE]: `${path}#Face` })).toEqual({ path, family: 'Face' });
  });

  it('fails fast on a configured file that is not there', () => {
    expect(() => findCjkFont({ [PDF_FONT_VARIABLE]: '/nowhere/font.ttf' })).toThrow(
      'TAXCHAIN_PDF_FONT: no font file at /nowhere/font.ttf',
    );
  });
});
