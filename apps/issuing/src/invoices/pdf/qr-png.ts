import QRCode from 'qrcode';

/** The QR text as a PNG QR code (byte mode, error correction M: survives a crease or a stamp). */
export function renderQrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 4,
  });
}
