import PDFDocument from 'pdfkit';

/** A small PDF made here with pdfkit (one page of `text`), optionally protected by a user password. */
export function madePdf(text: string, userPassword?: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument(userPassword ? { userPassword, ownerPassword: 'owner' } : {});
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    doc.text(text);
    doc.end();
  });
}
