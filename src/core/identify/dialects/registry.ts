import { unknownName } from '#core/errors';
import { DATABASE_IDS, type DatabaseId, type Dialect } from '../dialect';
import { cinahlDialect } from './cinahl';
import { cochraneDialect } from './cochrane';
import { embaseDialect } from './embase';
import { europepmcDialect } from './europepmc';
import { ovidEmbaseDialect, ovidMedlineDialect } from './ovid';
import { pubmedDialect } from './pubmed';
import { scholarDialect } from './scholar';
import { scopusDialect } from './scopus';
import { wosDialect } from './wos';

/** The search translators, keyed by database id: the one place to see what is supported. */
const TRANSLATORS: Record<DatabaseId, Dialect> = {
  pubmed: pubmedDialect,
  'ovid-medline': ovidMedlineDialect,
  'ovid-embase': ovidEmbaseDialect,
  embase: embaseDialect,
  wos: wosDialect,
  scopus: scopusDialect,
  cinahl: cinahlDialect,
  cochrane: cochraneDialect,
  europepmc: europepmcDialect,
  scholar: scholarDialect,
};

/** Looks up a translator; unknown ids throw `unknown-name` listing the valid ones. */
export function getTranslator(id: string): Dialect {
  if (!(DATABASE_IDS as readonly string[]).includes(id)) {
    throw unknownName('search translator', id, DATABASE_IDS);
  }
  return TRANSLATORS[id as DatabaseId];
}

/** Every translator, in `DATABASE_IDS` order. */
export function listTranslators(): Dialect[] {
  return DATABASE_IDS.map((id) => TRANSLATORS[id]);
}
