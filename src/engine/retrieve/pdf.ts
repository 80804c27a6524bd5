/** What reading a PDF gave: its text per page and what its metadata says, or why it failed. */
export type PdfText =
  | {
      ok: true;
      pages: string[];
      metaTitle?: string;
      /** DOIs and other identifiers from the document information and XMP metadata. */
      metaIdentifiers: string[];
    }
  | { ok: false; code: 'retrieve/encrypted' | 'retrieve/unreadable'; message: string };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * Reads a PDF's text, page by page, with pdf.js (through unpdf): no script in the file runs
 * (`isEvalSupported: false`, no XFA forms), and a file pdf.js cannot open, or that needs a
 * password, is an answer rather than an exception. Run through the job worker (`pdf-text`),
 * so a server keeps answering while a 300-page PDF is read.
 */
export async function readPdfText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // pdf.js may take the buffer over: it reads a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      enableXfa: false,
      verbosity: 0,
    });
    const { text: pages } = await extractText(pdf, { mergePages: false });
    const meta = await getMeta(pdf).catch(() => ({ info: {}, metadata: {} }));
    const info = meta.info as Record<string, unknown>;
    const xmp = (meta.metadata ?? {}) as Record<string, unknown>;
    const metaIdentifiers = [
      info.doi,
      info.DOI,
      xmp['prism:doi'],
      xmp['dc:identifier'],
      xmp['pdfx:doi'],
      info.Subject,
    ]
      .map(text)
      .filter((value): value is string => value !== undefined);
    const metaTitle = text(xmp['dc:title']) ?? text(info.Title);
    return {
      ok: true,
      // PostgreSQL text cannot hold NUL, which some PDFs put in their text.
      pages: pages.map((page) => page.split(String.fromCharCode(0)).join('')),
      ...(metaTitle ? { metaTitle } : {}),
      metaIdentifiers,
    };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException')
      return {
        ok: false,
        code: 'retrieve/encrypted',
        message:
          'The PDF is protected by a password, so its text cannot be read. Save an unprotected copy and attach that.',
      };
    return {
      ok: false,
      code: 'retrieve/unreadable',
      message: `The PDF cannot be read (${(error as Error).message || name}). Download it again or attach another copy.`,
    };
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}
