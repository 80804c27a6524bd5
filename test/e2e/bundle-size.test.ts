import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET, measureInitialBundle } from './bundle-size';

const measured = measureInitialBundle();

describe('web bundle', () => {
  it.skipIf(!measured)('keeps the initial JavaScript under 300 KB gzipped', () => {
    expect(measured!.files.length).toBeGreaterThan(0);
    expect(measured!.gzipped).toBeLessThan(INITIAL_JS_BUDGET);
  });
  if (!measured) it.skip('web/dist is absent: run `npm run build` first', () => undefined);
});
