/**
 * Example count sets: the worked example of METHODS 1.2 (a fixture for tests and demos) and two
 * shapes the diagram must handle, a tiny review and a large update with every column.
 */
import type { PrismaCounts } from './counts';

/** METHODS 1.2 worked example: 1,250 identified -> 35 reports of 30 new studies. */
export const PRISMA_WORKED_EXAMPLE: Readonly<PrismaCounts> = {
  database_results: 1200,
  register_results: 50,
  duplicates: 300,
  excluded_automatic: 0,
  excluded_other: 10,
  records_screened: 940,
  records_excluded: 800,
  dbr_sought_reports: 140,
  dbr_notretrieved_reports: 5,
  dbr_assessed: 135,
  dbr_excluded: { 'Wrong population': 60, 'Wrong design': 40 },
  new_studies: 30,
  new_reports: 35,
};

/** A small new review from one database. */
export const PRISMA_SMALL_EXAMPLE: Readonly<PrismaCounts> = {
  database_results: 87,
  database_specific_results: { PubMed: 87 },
  duplicates: 4,
  excluded_automatic: 0,
  excluded_other: 0,
  records_screened: 83,
  records_excluded: 70,
  dbr_sought_reports: 13,
  dbr_notretrieved_reports: 0,
  dbr_assessed: 13,
  dbr_excluded: { 'Not a scoping review': 5 },
  new_studies: 8,
  new_reports: 8,
};

/** An updated review with five databases, two registers, other methods and long reasons. */
export const PRISMA_UPDATED_EXAMPLE: Readonly<PrismaCounts> = {
  previous_studies: 42,
  previous_reports: 51,
  database_results: 128_754,
  database_specific_results: {
    'MEDLINE (Ovid) 1946 to present': 45_210,
    'Embase (Elsevier)': 52_881,
    'CINAHL Complete (EBSCOhost)': 12_004,
    'PsycINFO (Ovid)': 9_873,
    'Web of Science Core Collection': 8_786,
  },
  register_results: 1_342,
  register_specific_results: { 'ClinicalTrials.gov': 1_021, 'WHO ICTRP': 321 },
  website_results: 64,
  organisation_results: 12,
  citations_results: 187,
  duplicates: 58_911,
  excluded_automatic: 21_004,
  excluded_other: 1_203,
  records_screened: 48_978,
  records_excluded: 47_312,
  records_excluded_human: 30_100,
  records_excluded_automation: 17_212,
  dbr_sought_reports: 1_666,
  dbr_notretrieved_reports: 38,
  dbr_assessed: 1_628,
  dbr_excluded: {
    'Population outside the scope of the review (no adults aged 65 years or older)': 702,
    'Intervention not delivered by community health workers or lay volunteers': 411,
    'Study design not eligible (editorials, commentaries, letters, narrative reviews)': 298,
    'Conference abstract without a full report': 121,
    'Duplicate publication of an already included study': 17,
    Other: 9,
  },
  other_sought_reports: 263,
  other_notretrieved_reports: 11,
  other_assessed: 252,
  other_excluded: {
    'Not primary research or a relevant policy document': 180,
    'Published before the inclusion date window of the review (2010 onwards)': 46,
  },
  new_studies: 61,
  new_reports: 96,
  total_studies: 103,
  total_reports: 147,
};
