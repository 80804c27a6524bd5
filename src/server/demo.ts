import { buildDemoReview, DEMO_PEOPLE } from '#engine/demo';
import type { DemoResult } from '#engine/demo';
import type { Workbench } from '#engine/index';
import type { ServerAuth } from './auth';

/** The documented password of the demo accounts (they exist only in demo databases). */
export const DEMO_PASSWORD = 'reviewbench-demo';

/** Who can sign in to the demo, and as what. */
export const DEMO_ACCOUNTS = [
  { email: DEMO_PEOPLE.lead, name: 'Lena (lead)', role: 'lead' },
  { email: DEMO_PEOPLE.screeners[0], name: 'Ana (reviewer)', role: 'reviewer' },
  { email: DEMO_PEOPLE.screeners[1], name: 'Ben (reviewer)', role: 'reviewer' },
] as const;

/**
 * Builds the demo review (idempotent) and gives its team accounts: Lena leads
 * and administers the demo server, Ana and Ben screen.
 */
export async function setupDemo(
  workbench: Workbench,
  auth: ServerAuth,
  samplesDir: string,
): Promise<DemoResult> {
  const result = await buildDemoReview(workbench.as('demo'), samplesDir);
  const api = workbench.as('demo').review(result.review.id);
  for (const account of DEMO_ACCOUNTS) {
    const { id } = await auth.ensureAccount({
      email: account.email,
      password: DEMO_PASSWORD,
      name: account.name,
    });
    // The demo's members are bound to its accounts, as an accepted invitation binds them.
    await api.team.add(account.email, account.role, id);
    if (account.role === 'lead') await auth.makeAdmin(id);
  }
  return result;
}
