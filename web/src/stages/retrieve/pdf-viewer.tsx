import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { GlobalWorkerOptions, TextLayer, getDocument } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { highlightText } from '#core/screen/highlight/index';
import type { HighlightTerms } from '#core/screen/highlight/index';
import { fullTextUrl } from '#web/api';
import { Button, Spinner } from '#web/components/ui';

GlobalWorkerOptions.workerSrc = workerUrl;

type Loaded =
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; pdf: PDFDocumentProxy };

/**
 * Wraps the review's include/exclude terms (and a searched word) in <mark>s inside pdf.js's
 * text layer. The layer's spans hold plain text set by pdf.js; the marks are built as DOM
 * nodes from that text, never parsed as HTML.
 */
function markTerms(container: HTMLElement, terms: HighlightTerms, search: string): number {
  let found = 0;
  const needle = search.trim().toLowerCase();
  for (const span of Array.from(container.querySelectorAll<HTMLSpanElement>('span'))) {
    if (span.children.length > 0) continue;
    const text = span.textContent ?? '';
    const marks = highlightText(text, terms).map((s) => ({ ...s, kind: `hl-${s.kind}` }));
    if (needle.length >= 2)
      for (let at = text.toLowerCase().indexOf(needle); at >= 0;) {
        marks.push({ start: at, end: at + needle.length, term: search, kind: 'hl-search' });
        found += 1;
        at = text.toLowerCase().indexOf(needle, at + needle.length);
      }
    if (marks.length === 0) continue;
    marks.sort((a, b) => a.start - b.start);
    const parts: Node[] = [];
    let at = 0;
    for (const mark of marks) {
      if (mark.start < at) continue;
      if (mark.start > at) parts.push(document.createTextNode(text.slice(at, mark.start)));
      const element = document.createElement('mark');
      element.className = `hl ${mark.kind}`;
      element.textContent = text.slice(mark.start, mark.end);
      parts.push(element);
      at = mark.end;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    span.replaceChildren(...parts);
  }
  return found;
}

/**
 * A report's full-text PDF, one page at a time, drawn by pdf.js with its text layer: the
 * review's include and exclude terms are highlighted in it, pages are turned with the buttons,
 * and a search jumps to the next page that holds the words. When no PDF is attached it says
 * so: the report is screened from its record alone.
 */
export function PdfViewer({
  reviewId,
  recordId,
  terms,
  goTo,
  onSelect,
  missingNote,
}: {
  reviewId: number;
  recordId: number;
  terms: HighlightTerms;
  /** Turns to a page and marks a passage there (a quote clicked beside the PDF); `key` repeats it. */
  goTo?: { page: number; mark?: string; key: number };
  /** Text selected in the page's text layer, with its page (a quote being taken). */
  onSelect?: (selection: { text: string; page: number }) => void;
  /** What to say when the report has no PDF. */
  missingNote?: string;
}): ReactNode {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [searchNote, setSearchNote] = useState('');
  const canvas = useRef<HTMLCanvasElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const applied = useRef('');

  useEffect(() => {
    let cancelled = false;
    let opened: PDFDocumentProxy | undefined;
    setLoaded({ state: 'loading' });
    setPage(1);
    (async () => {
      const response = await fetch(fullTextUrl(reviewId, recordId), { credentials: 'same-origin' });
      if (response.status === 404) return setLoaded({ state: 'missing' });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const data = new Uint8Array(await response.arrayBuffer());
      opened = await getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
      if (cancelled) return void opened.destroy();
      setLoaded({ state: 'ready', pdf: opened });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ state: 'failed', message: (error as Error).message });
    });
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [reviewId, recordId]);

  const pdf = loaded.state === 'ready' ? loaded.pdf : undefined;
  useEffect(() => {
    if (!goTo || !pdf) return;
    // The passage's first words: the text layer splits lines into spans, a mark stays in one.
    applied.current = (goTo.mark ?? '')
      .trim()
      .slice(0, 40)
      .replace(/\s+\S*$/, '')
      .toLowerCase();
    const target = Math.min(Math.max(1, goTo.page), pdf.numPages);
    if (target === page && layer.current) markTerms(layer.current, terms, applied.current);
    setPage(target);
    // Only a new request turns the page, not a re-render.
  }, [goTo?.key, pdf]);

  const selected = (): void => {
    if (!onSelect || !layer.current) return;
    const selection = window.getSelection();
    const text = selection?.toString().replace(/\s+/g, ' ').trim() ?? '';
    if (!text || !selection?.anchorNode || !layer.current.contains(selection.anchorNode)) return;
    onSelect({ text, page });
  };

  useEffect(() => {
    if (!pdf || !canvas.current || !layer.current) return;
    let cancelled = false;
    const target = canvas.current;
    const textLayer = layer.current;
    (async () => {
      const current = await pdf.getPage(page);
      // The frame fits the page; the page fits the viewer (its padding and border aside).
      const width = Math.max(320, (target.closest('.pdf-viewer')?.clientWidth ?? 786) - 26);
      const base = current.getViewport({ scale: 1 });
      const viewport = current.getViewport({ scale: width / base.width });
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      target.style.width = `${viewport.width}px`;
      target.style.height = `${viewport.height}px`;
      await current.render({
        canvas: target,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      }).promise;
      if (cancelled) return;
      textLayer.replaceChildren();
      textLayer.style.setProperty('--scale-factor', String(viewport.scale));
      await new TextLayer({
        textContentSource: current.streamTextContent(),
        container: textLayer,
        viewport,
      }).render();
      if (cancelled) return;
      markTerms(textLayer, terms, applied.current);
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [pdf, page, terms]);

  const find = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!pdf) return;
    const needle = search.trim().toLowerCase();
    applied.current = needle;
    if (needle.length < 2) return setSearchNote('');
    // From the page after this one, round to this one.
    for (let step = 1; step <= pdf.numPages; step += 1) {
      const candidate = ((page - 1 + step) % pdf.numPages) + 1;
      const content = await (await pdf.getPage(candidate)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      if (text.toLowerCase().includes(needle)) {
        setSearchNote(`Found on page ${candidate}.`);
        if (candidate === page && layer.current) markTerms(layer.current, terms, needle);
        setPage(candidate);
        return;
      }
    }
    setSearchNote(`"${search.trim()}" is not in this PDF.`);
  };

  if (loaded.state === 'loading')
    return (
      <div className="pdf-viewer pdf-viewer-note">
        <Spinner label="Loading the full text" />
      </div>
    );
  if (loaded.state === 'missing')
    return (
      <p className="note pdf-viewer-note" data-testid="no-full-text">
        {missingNote ??
          'No full text is attached to this report: you are screening from the record alone. Attach the PDF under Retrieve.'}
      </p>
    );
  if (loaded.state === 'failed')
    return (
      <p className="note note-warn pdf-viewer-note">
        The full text could not be shown ({loaded.message}).
      </p>
    );
  const pages = loaded.pdf.numPages;
  return (
    <section className="pdf-viewer" aria-label="Full text" data-testid="pdf-viewer">
      <div className="pdf-toolbar">
        <Button variant="ghost" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          Previous page
        </Button>
        <span className="pdf-page" role="status" aria-live="polite">
          Page {page} of {pages}
        </span>
        <Button variant="ghost" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          Next page
        </Button>
        <form className="pdf-search" onSubmit={(event) => void find(event)}>
          <input
            type="search"
            aria-label="Search the full text"
            placeholder="Search the full text"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <Button type="submit" variant="ghost">
            Find
          </Button>
        </form>
        <a
          className="btn btn-ghost"
          href={fullTextUrl(reviewId, recordId)}
          target="_blank"
          rel="noreferrer"
        >
          Open the PDF
        </a>
      </div>
      {searchNote ? <p className="muted pdf-search-note">{searchNote}</p> : null}
      <div className="pdf-page-frame">
        <canvas ref={canvas} />
        <div
          ref={layer}
          className="textLayer"
          data-testid="pdf-text-layer"
          onMouseUp={selected}
          onKeyUp={selected}
        />
      </div>
    </section>
  );
}
