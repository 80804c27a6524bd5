import { unknownName } from '#core/errors';
import { createCrossrefSource } from './crossref';
import { createEuropepmcSource } from './europepmc';
import { createOpenalexSource } from './openalex';
import { createPubmedSource } from './pubmed';
import { SOURCE_IDS, type SearchSource, type SourceConfig, type SourceId } from './types';

const FACTORIES: Record<SourceId, (config: SourceConfig) => SearchSource> = {
  pubmed: createPubmedSource,
  europepmc: createEuropepmcSource,
  openalex: createOpenalexSource,
  crossref: createCrossrefSource,
};

/** Creates a live search client by id; unknown ids throw `unknown-name`. */
export function createSource(id: string, config: SourceConfig = {}): SearchSource {
  if (!(SOURCE_IDS as readonly string[]).includes(id))
    throw unknownName('search source', id, SOURCE_IDS);
  return FACTORIES[id as SourceId](config);
}
