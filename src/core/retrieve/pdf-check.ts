/** Why a file cannot be taken as a full text, before any PDF reader sees it. */
export interface PdfProblem {
  code: 'retrieve/not-pdf' | 'retrieve/truncated' | 'retrieve/too-large' | 'retrieve/empty';
  message: string;
}

/** The default size limit of one full text: 100 MiB. */
export const MAX_FULL_TEXT_BYTES = 100 * 1024 * 1024;

const ascii = (bytes: Uint8Array, from: number, to: number): string => {
  let text = '';
  for (let i = Math.max(0, from); i < Math.min(bytes.length, to); i += 1)
    text += String.fromCharCode(bytes[i]!);
  return text;
};

/**
 * Checks the bytes look like a whole PDF: not empty, within the size limit, `%PDF-` in the
 * first KiB (where readers look for it) and an `%%EOF` marker in the last 2 KiB (a file cut
 * off in transfer has none). What a PDF holds is the reader's business; this only refuses
 * what is plainly not one, with a sentence saying which.
 */
export function checkPdfBytes(
  bytes: Uint8Array,
  maxBytes = MAX_FULL_TEXT_BYTES,
): PdfProblem | undefined {
  if (bytes.length === 0) return { code: 'retrieve/empty', message: 'The file is empty.' };
  if (bytes.length > maxBytes)
    return {
      code: 'retrieve/too-large',
      message: `The file is ${Math.ceil(bytes.length / 1048576)} MiB; full texts may be at most ${Math.floor(maxBytes / 1048576)} MiB.`,
    };
  if (!ascii(bytes, 0, 1024).includes('%PDF-'))
    return {
      code: 'retrieve/not-pdf',
      message: 'This is not a PDF: it does not start with the %PDF- marker.',
    };
  if (!ascii(bytes, bytes.length - 2048, bytes.length).includes('%%EOF'))
    return {
      code: 'retrieve/truncated',
      message: 'The PDF is cut short: its end-of-file marker is missing. Download it again.',
    };
  return undefined;
}
