import { describe, expect, it } from 'vitest';
import { declareSkipped } from '#test/support/skip';
import { INITIAL_JS_BUDGET, measureInitialBundle } from './bundle-size';

const measured = measureInitialBundle();

if (measured) {
  describe('web bundle', () => {
    it('keeps the initial JavaScript under 300 KB gzipped', () => {
      expect(measured.files.length).toBeGreaterThan(0);
      expect(measured.gzipped).toBeLessThan(INITIAL_JS_BUDGET);
    });
  });
}
declareSkipped(
  'web bundle',
  measured ? undefined : 'web/dist is absent: run `npm run build` first',
);
