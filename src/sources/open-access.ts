import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DomainError } from '#core/errors';
import { EUROPEPMC_BASE_URL } from './europepmc';
import { OPENALEX_BASE_URL } from './openalex';
import { buildUrl, createHttpClient, parseJson, redactUrl, sleepFor } from './http';
import { asArray, asObject, asString } from './json';
import type { Json } from './json';
import type { SourceConfig } from './types';

/** The services asked for an open-access copy of a report, in the order they are asked. */
export const OPEN_ACCESS_SERVICES = ['europepmc', 'unpaywall', 'openalex'] as const;
export type OpenAccessService = (typeof OPEN_ACCESS_SERVICES)[number];

export const UNPAYWALL_BASE_URL = 'https://api.unpaywall.org/';

/** A PDF an open-access service points to. */
export interface OpenAccessLocation {
  service: OpenAccessService;
  pdfUrl: string;
  licence?: string;
  /** `publishedVersion`, `acceptedVersion`, `submittedVersion` (Unpaywall/OpenAlex). */
  version?: string;
}

/** One question asked of a service and its answer as received (stored as retrieval evidence). */
export interface OpenAccessAnswer {
  service: OpenAccessService;
  url: string;
  /** HTTP status, or 0 when the service could not be reached. */
  status: number;
  body: string;
}

export interface OpenAccessConfig {
  /** The contact address the services ask for (Unpaywall requires it; the others' polite pools). */
  email: string;
  /** OpenAlex API key, when the user has one. */
  apiKey?: string;
  services?: readonly OpenAccessService[];
  /** Base URLs by service; tests point them at 127.0.0.1. */
  baseUrls?: Partial<Record<OpenAccessService, string>>;
  fetch?: typeof fetch;
  sleep?: SourceConfig['sleep'];
  maxAttempts?: number;
  requestsPerSecond?: number;
  /**
   * Download from loopback and private addresses too. A server must not (a service's answer
   * could point it at the machines behind it); the CLI, run by the user, and tests may.
   */
  allowPrivateAddresses?: boolean;
}

/** Loopback, private, link-local, carrier-grade NAT and unique-local addresses. */
function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/** Refuses a URL that is not http(s) or whose host resolves to a private address. */
async function refusePrivate(url: string): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DomainError('source/http-error', `Not downloading ${redactUrl(url)}: not http(s).`, {
      status: 0,
    });
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
  if (addresses.some((a) => isPrivateAddress(a.address)))
    throw new DomainError(
      'source/http-error',
      `Not downloading ${redactUrl(url)}: it points to a private address.`,
      { status: 0 },
    );
}

/** What the services said about one report: the PDFs they point to, and every raw answer. */
export interface OpenAccessResult {
  locations: OpenAccessLocation[];
  answers: OpenAccessAnswer[];
}

/** Unpaywall's and OpenAlex's `best_oa_location`, when it names a PDF. */
function bestLocation(
  service: OpenAccessService,
  best: Record<string, Json> | undefined,
  pdfField: 'url_for_pdf' | 'pdf_url',
): OpenAccessLocation[] {
  const pdfUrl = asString(best?.[pdfField]);
  if (!pdfUrl) return [];
  const licence = asString(best?.license);
  const version = asString(best?.version);
  return [{ service, pdfUrl, ...(licence ? { licence } : {}), ...(version ? { version } : {}) }];
}

/**
 * Asks Europe PMC (`fullTextUrlList`, by DOI or PMID), Unpaywall (`best_oa_location`, by DOI)
 * and OpenAlex (`best_oa_location`, by DOI) where an open-access PDF of a report is. A service
 * that fails or knows nothing is recorded with its answer and the next one is asked.
 */
export function createOpenAccessClient(config: OpenAccessConfig) {
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(config.email))
    throw new DomainError(
      'usage',
      'Open-access look-up needs your contact email (Unpaywall requires one; the others ask for it).',
    );
  const services = config.services ?? OPEN_ACCESS_SERVICES;
  const http = createHttpClient(
    {
      fetch: config.fetch,
      sleep: config.sleep ?? sleepFor,
      maxAttempts: config.maxAttempts ?? 3,
      requestsPerSecond: config.requestsPerSecond,
    },
    5,
  );
  const base = (service: OpenAccessService, fallback: string): string =>
    config.baseUrls?.[service] ?? fallback;

  /** GETs one URL, keeping its answer whatever it is. */
  async function ask(
    service: OpenAccessService,
    url: string,
    answers: OpenAccessAnswer[],
  ): Promise<unknown> {
    try {
      const body = await http.getText(url);
      answers.push({ service, url: redactUrl(url), status: 200, body });
      return parseJson(body, url);
    } catch (error) {
      const status =
        error instanceof DomainError && typeof error.details?.status === 'number'
          ? error.details.status
          : 0;
      answers.push({ service, url: redactUrl(url), status, body: (error as Error).message });
      return undefined;
    }
  }

  async function lookUp(report: { doi?: string; pmid?: string }): Promise<OpenAccessResult> {
    const answers: OpenAccessAnswer[] = [];
    const locations: OpenAccessLocation[] = [];
    for (const service of services) {
      if (service === 'europepmc' && (report.doi || report.pmid)) {
        const query = report.doi ? `DOI:"${report.doi}"` : `EXT_ID:${report.pmid} AND SRC:MED`;
        const url = buildUrl(base(service, EUROPEPMC_BASE_URL), 'search', {
          query,
          resultType: 'core',
          format: 'json',
          pageSize: 1,
          email: config.email,
        });
        const body = asObject(await ask(service, url, answers));
        const result = asObject(asArray(asObject(body?.resultList)?.result)[0]);
        for (const entry of asArray(asObject(result?.fullTextUrlList)?.fullTextUrl)) {
          const link = asObject(entry);
          const pdfUrl = asString(link?.url);
          const open = ['OA', 'F'].includes(asString(link?.availabilityCode) ?? '');
          if (pdfUrl && open && asString(link?.documentStyle) === 'pdf')
            locations.push({
              service,
              pdfUrl,
              ...(asString(result?.license) ? { licence: asString(result?.license) } : {}),
            });
        }
      }
      if (service === 'unpaywall' && report.doi) {
        const url = buildUrl(
          base(service, UNPAYWALL_BASE_URL),
          `v2/${encodeURIComponent(report.doi)}`,
          {
            email: config.email,
          },
        );
        const best = asObject(asObject(await ask(service, url, answers))?.best_oa_location);
        locations.push(...bestLocation(service, best, 'url_for_pdf'));
      }
      if (service === 'openalex' && report.doi) {
        const url = buildUrl(
          base(service, OPENALEX_BASE_URL),
          `works/doi:${encodeURIComponent(report.doi)}`,
          { mailto: config.email, api_key: config.apiKey },
        );
        const best = asObject(asObject(await ask(service, url, answers))?.best_oa_location);
        locations.push(...bestLocation(service, best, 'pdf_url'));
      }
    }
    // The same PDF named by two services is fetched once.
    const seen = new Set<string>();
    return {
      locations: locations.filter((l) => !seen.has(l.pdfUrl) && seen.add(l.pdfUrl)),
      answers,
    };
  }

  /**
   * Downloads a PDF a service pointed to: at most `maxBytes`, refused past it (the answer is
   * read as it streams, never whole first); the caller checks the bytes are a PDF.
   */
  async function download(url: string, maxBytes: number): Promise<Uint8Array> {
    // Redirects are followed by hand, so every hop is checked like the first.
    let at = url;
    let response: Response | undefined;
    for (let hop = 0; hop <= 5; hop += 1) {
      if (!config.allowPrivateAddresses) await refusePrivate(at);
      response = await (config.fetch ?? fetch)(at, {
        headers: { accept: 'application/pdf' },
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
      });
      const next = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !next) break;
      await response.body?.cancel();
      at = new URL(next, at).toString();
      response = undefined;
    }
    if (!response?.ok || !response.body)
      throw new DomainError(
        'source/http-error',
        `GET ${redactUrl(at)} failed: ${response ? `HTTP ${response.status}` : 'too many redirects'}`,
        { status: response?.status ?? 0 },
      );
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += part.length;
      if (size > maxBytes)
        throw new DomainError(
          'retrieve/too-large',
          `The PDF at ${redactUrl(at)} is larger than ${Math.floor(maxBytes / 1048576)} MiB.`,
        );
      parts.push(part);
    }
    return new Uint8Array(Buffer.concat(parts));
  }

  return { lookUp, download };
}

export type OpenAccessClient = ReturnType<typeof createOpenAccessClient>;
