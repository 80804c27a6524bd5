/**
 * The demo review's MEDLINE strategy (contralesional primary motor cortex and upper-limb
 * recovery after stroke), in Ovid syntax. Used by tests, docs and the benchmark.
 */
export const DEMO_STRATEGY_OVID: readonly string[] = [
  '1. exp Stroke/',
  '2. (stroke* or cerebrovascular accident* or hemipar* or hemipleg*).ti,ab,kf.',
  '3. 1 or 2',
  '4. exp Upper Extremity/',
  '5. (upper limb* or upper extremit* or arm or arms or hand or hands).ti,ab,kf.',
  '6. 4 or 5',
  '7. Motor Cortex/',
  '8. (motor cortex or primary motor or M1).ti,ab,kf.',
  '9. 7 or 8',
  '10. (contralesional or unaffected hemisphere* or (ipsilateral adj3 (hemisphere* or cortex))).ti,ab,kf.',
  '11. Transcranial Magnetic Stimulation/ or Magnetic Resonance Imaging/',
  '12. (TMS or fMRI or transcranial magnetic stimulation or functional magnetic resonance).ti,ab,kf.',
  '13. or/11-12',
  '14. 3 and 6 and 9 and 10 and 13',
];
