/** Public face of the live search clients. */
export { SOURCE_IDS } from './types';
export type {
  BackoffConfig,
  SearchOptions,
  SearchPage,
  SearchProgress,
  SearchSource,
  SourceConfig,
  SourceId,
} from './types';
export { createSource } from './registry';
export { CROSSREF_BASE_URL } from './crossref';
export { EUROPEPMC_BASE_URL } from './europepmc';
export { OPENALEX_BASE_URL, reconstructAbstract } from './openalex';
export { PUBMED_BASE_URL } from './pubmed';
export { parseRetryAfter, redactUrl } from './http';
export { OPEN_ACCESS_SERVICES, UNPAYWALL_BASE_URL, createOpenAccessClient } from './open-access';
export type {
  OpenAccessAnswer,
  OpenAccessClient,
  OpenAccessConfig,
  OpenAccessLocation,
  OpenAccessResult,
  OpenAccessService,
} from './open-access';
