// A tiny RFC 4180 reader for the bench scripts (the ASReview DEV CSVs), so the benchmarks do
// not depend on the formats folder being finished.
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Title + ' ' + abstract and label_included of an ASReview labelled CSV. */
export function readLabelledCsv(text: string): { texts: string[]; labels: (0 | 1)[] } {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return { texts: [], labels: [] };
  const title = header.indexOf('title');
  const abstract = header.indexOf('abstract');
  const label = header.indexOf('label_included');
  const rows = body.filter((r) => r.length > 1);
  return {
    texts: rows.map((r) => `${r[title] ?? ''} ${r[abstract] ?? ''}`),
    labels: rows.map((r) => (r[label] === '1' ? 1 : 0)),
  };
}
