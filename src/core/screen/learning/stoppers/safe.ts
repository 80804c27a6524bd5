import type { Stopper, StopperInput } from '../types';
import { countTrailingIrrelevant } from './consecutive-irrelevant';

/**
 * The SAFE procedure (Boetje & van de Schoot, Syst Rev 2024) as data: four phases with the
 * stopping checkpoints as commonly summarised. The thresholds were NOT verified against the
 * paper (METHODS.md 5.3b, open item 5): confirm before relying on them.
 */
export const SAFE_PROCEDURE = {
  source: 'Boetje J, van de Schoot R. Syst Rev 2024. doi:10.1186/s13643-024-02502-7',
  verified: false,
  phases: [
    { id: 'S', name: 'Screen a random training set', note: 'about 1% of records, at random' },
    {
      id: 'A',
      name: 'Apply active learning',
      stopWhenAll: {
        keyPapersFound: true,
        minMultipleOfRandomEstimate: 2,
        minFractionScreened: 0.1,
        consecutiveIrrelevant: 50,
      },
    },
    {
      id: 'F',
      name: 'Find more relevant records with a different model',
      stopWhenAll: { consecutiveIrrelevant: 50 },
    },
    {
      id: 'E',
      name: 'Evaluate quality',
      note: 'independent check, e.g. a second screener or citation chasing',
    },
  ],
} as const;

/** Settings of the SAFE phase-A checkpoint. */
export interface SafeOptions {
  /** Relevant records expected overall, estimated from the random phase (S). */
  estimatedRelevant?: number;
  /** Whether every pre-identified key paper has been found. Default true. */
  keyPapersFound?: boolean;
}

/** The `safe` stopper: all phase-A checkpoints of {@link SAFE_PROCEDURE} (thresholds unverified). */
export function createSafeStopper(options: SafeOptions = {}): Stopper {
  const rule = SAFE_PROCEDURE.phases[1].stopWhenAll;
  return {
    name: 'safe',
    advise: (input: StopperInput) => {
      const screened = input.labels.length;
      const run = countTrailingIrrelevant(input.labels);
      const enoughScreened = screened >= rule.minFractionScreened * input.nRecords;
      const enoughVsEstimate =
        options.estimatedRelevant === undefined ||
        screened >= rule.minMultipleOfRandomEstimate * options.estimatedRelevant;
      const enoughRun = run >= rule.consecutiveIrrelevant;
      const keyPapers = options.keyPapersFound ?? true;
      return {
        stopper: 'safe',
        stop: enoughScreened && enoughVsEstimate && enoughRun && keyPapers,
        reason: 'SAFE phase A checkpoints (thresholds unverified)',
        details: {
          enoughScreened,
          enoughVsEstimate,
          enoughRun,
          keyPapers,
          run,
          screened,
          verified: false,
        },
      };
    },
  };
}
