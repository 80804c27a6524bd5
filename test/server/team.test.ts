import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movableClock } from '#test/support/clock';
import type { MovableClock } from '#test/support/clock';
import { storeTargets } from '#test/support/stores';
import { callRoute, createTestApp, requestSignUp, signIn, signUp, signUpAdmin } from './harness';
import type { TestApp, TestUser } from './harness';

/**
 * The team as an attacker meets it: invitations are single-use, expiring, optionally bound
 * to one email, and withdrawn by the lead; membership follows the account that accepted,
 * never an email string; a lead cannot be left without a lead.
 */

type Answer = { status: number; body: unknown; text: string };

function code(answer: Answer): string | undefined {
  return (answer.body as { error?: { code?: string } }).error?.code;
}

async function invite(
  lead: TestUser,
  reviewId: number,
  input: { role: string; email?: string; days?: number },
): Promise<{ id: number; token: string; link: string }> {
  const made = await lead.call('members.invite', { reviewId, ...input });
  expect(made.status, made.text).toBe(200);
  return made.body as { id: number; token: string; link: string };
}

describe.each(storeTargets)('team and invitations on $name', (target) => {
  describe('on an invite-only server', () => {
    let t: TestApp;
    let clock: MovableClock;
    let lead: TestUser;
    let reviewId: number;
    const anonymous = (route: string, body: unknown) => callRoute(t.app, '', route, body);

    beforeAll(async () => {
      clock = movableClock('2026-12-01T09:00:00.000Z');
      t = await createTestApp(await target.fresh(), { signUpMode: 'invite-only', clock });
      lead = await signUpAdmin(t, 'lead@example.org');
      const created = await lead.call('reviews.create', {
        title: 'Contralesional M1 after stroke',
        type: 'scoping',
      });
      reviewId = (created.body as { id: number }).id;
    });
    afterAll(async () => t?.close());

    it('makes the setup link’s account administrator at once, and spends the link', async () => {
      const me = (await lead.call('me')).body as { user: { admin: boolean } };
      expect(me.user.admin).toBe(true);
      const again = await requestSignUp(t.app, 'second-admin@example.org', {
        setup: t.server.setupToken!,
      });
      expect(again.status).toBe(403);
    });

    it('refuses a sign-up that carries no invitation, and creates no account', async () => {
      const refused = await requestSignUp(t.app, 'walkin@example.org');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'auth/sign-up-closed',
      );
      await expect(signIn(t.app, 'walkin@example.org')).rejects.toThrow(/answered 401/);
    });

    it('admits one person per link: the invitee signs up with it and joins; the second use is refused', async () => {
      const { token, link } = await invite(lead, reviewId, { role: 'reviewer' });
      expect(link).toMatch(/\/#\/invite\/[\w-]{20,}$/);
      const preview = await anonymous('invitations.show', { token });
      expect(preview.body).toEqual({
        reviewId,
        reviewTitle: 'Contralesional M1 after stroke',
        role: 'reviewer',
        expiresAt: '2026-12-08T09:00:00.000Z',
      });
      const rui = await signUp(t.app, 'rui@example.org', { invitation: token });
      const reviews = (await rui.call('reviews.list')).body as { id: number }[];
      expect(reviews.map((r) => r.id)).toEqual([reviewId]);
      const members = (await lead.call('members.list', { reviewId })).body as {
        email: string;
        role: string;
        hasAccount: boolean;
      }[];
      expect(members).toContainEqual(
        expect.objectContaining({ email: 'rui@example.org', role: 'reviewer', hasAccount: true }),
      );

      expect(code(await anonymous('invitations.show', { token }))).toBe('team/invitation-used');
      const again = await requestSignUp(t.app, 'mallory@example.org', { invitation: token });
      expect(again.status).toBe(409);
      await expect(signIn(t.app, 'mallory@example.org')).rejects.toThrow(/answered 401/);
      const accepted = await rui.call('invitations.accept', { token });
      expect(code(accepted)).toBe('team/invitation-used');
    });

    it('binds an invitation to its email when it names one', async () => {
      const { token } = await invite(lead, reviewId, { role: 'viewer', email: 'Vic@Example.org' });
      const wrong = await requestSignUp(t.app, 'mallory@example.org', { invitation: token });
      expect(wrong.status).toBe(403);
      await expect(signIn(t.app, 'mallory@example.org')).rejects.toThrow(/answered 401/);
      const vic = await signUp(t.app, 'vic@example.org', { invitation: token });
      const review = (await vic.call('reviews.get', { reviewId })).body as { role: string };
      expect(review.role).toBe('viewer');
    });

    it('expires after its days, and the lead sees it expired', async () => {
      const { id, token } = await invite(lead, reviewId, { role: 'reviewer', days: 1 });
      expect((await anonymous('invitations.show', { token })).status).toBe(200);
      clock.advance(2);
      const shown = await anonymous('invitations.show', { token });
      expect(code(shown)).toBe('team/invitation-expired');
      expect((shown.body as { error: { message: string } }).error.message).toContain('2026-12-');
      expect((await requestSignUp(t.app, 'late@example.org', { invitation: token })).status).toBe(
        409,
      );
      const listed = (await lead.call('members.invitations', { reviewId })).body as {
        id: number;
        status: string;
      }[];
      expect(listed.find((i) => i.id === id)?.status).toBe('expired');
    });

    it('stops working once revoked; an accepted one cannot be revoked; tokens are never listed', async () => {
      const { id, token } = await invite(lead, reviewId, { role: 'lead' });
      const revoked = await lead.call('members.revokeInvitation', { reviewId, invitationId: id });
      expect((revoked.body as { status: string }).status).toBe('revoked');
      expect(code(await anonymous('invitations.show', { token }))).toBe('team/invitation-revoked');
      expect((await requestSignUp(t.app, 'cleo@example.org', { invitation: token })).status).toBe(
        409,
      );
      const used = (await lead.call('members.invitations', { reviewId })).body as {
        id: number;
        status: string;
      }[];
      const accepted = used.find((i) => i.status === 'accepted')!;
      const again = await lead.call('members.revokeInvitation', {
        reviewId,
        invitationId: accepted.id,
      });
      expect(code(again)).toBe('team/invitation-used');
      const listing = await lead.call('members.invitations', { reviewId });
      expect(listing.text).not.toContain(token);
      expect(listing.text).not.toMatch(/token/i);
    });

    it('keeps an existing member from spending a second invitation', async () => {
      const rui = await signIn(t.app, 'rui@example.org');
      const { id, token } = await invite(lead, reviewId, { role: 'lead' });
      expect(code(await rui.call('invitations.accept', { token }))).toBe('team/already-member');
      const listed = (await lead.call('members.invitations', { reviewId })).body as {
        id: number;
        status: string;
      }[];
      expect(listed.find((i) => i.id === id)?.status).toBe('pending');
    });

    it('never leaves a review without a lead, and a removed member loses access but keeps their history', async () => {
      const demoted = await lead.call('members.changeRole', {
        reviewId,
        member: 'lead@example.org',
        role: 'reviewer',
      });
      expect(code(demoted)).toBe('team/last-lead');
      expect(
        code(await lead.call('members.remove', { reviewId, member: 'lead@example.org' })),
      ).toBe('team/last-lead');

      const rui = await signIn(t.app, 'rui@example.org');
      await callRoute(t.app, lead.cookie, 'identify.import', importOne(reviewId));
      const decided = await rui.call('screen.decide', {
        reviewId,
        stage: 'ti-ab',
        recordId: 1,
        decision: 'include',
      });
      expect(decided.status, decided.text).toBe(200);
      const removed = await lead.call('members.remove', { reviewId, member: 'rui@example.org' });
      expect(removed.status, removed.text).toBe(200);
      expect((await rui.call('reviews.get', { reviewId })).status).toBe(403);
      expect(
        (await rui.call('screen.next', { reviewId, stage: 'ti-ab' })).status,
        'a removed member cannot screen',
      ).toBe(403);
      const members = (await lead.call('members.list', { reviewId })).body as { email: string }[];
      expect(members.map((m) => m.email)).not.toContain('rui@example.org');
      // Their vote stays in the record's history (the lead sees it in the decision export).
      const history = await t.workbench.store.db
        .selectFrom('screen_decisions')
        .select(['reviewer', 'decision'])
        .where('review_id', '=', reviewId)
        .execute();
      expect(history).toContainEqual({ reviewer: 'rui@example.org', decision: 'include' });
    });
  });

  describe('on an open server', () => {
    let t: TestApp;
    let creator: TestUser;
    let reviewId: number;

    beforeAll(async () => {
      t = await createTestApp(await target.fresh(), { signUpMode: 'open' });
      creator = await signUp(t.app, 'creator@example.org');
      const created = await creator.call('reviews.create', {
        title: 'Hijack target',
        type: 'systematic',
      });
      reviewId = (created.body as { id: number }).id;
    });
    afterAll(async () => t?.close());

    it('gives a stranger who registers an invited address nothing: membership needs the token', async () => {
      await invite(creator, reviewId, { role: 'lead', email: 'colead@example.org' });
      const stranger = await signUp(t.app, 'colead@example.org');
      expect((await stranger.call('reviews.list')).body).toEqual([]);
      expect((await stranger.call('reviews.get', { reviewId })).status).toBe(403);
      const demote = await stranger.call('members.changeRole', {
        reviewId,
        member: 'creator@example.org',
        role: 'viewer',
      });
      expect(demote.status).toBe(403);
      const members = (await creator.call('members.list', { reviewId })).body as {
        email: string;
        role: string;
      }[];
      expect(members).toEqual([
        expect.objectContaining({ email: 'creator@example.org', role: 'lead' }),
      ]);
    });

    it('makes no one administrator by signing up first', async () => {
      const me = (await creator.call('me')).body as { user: { isAdmin?: boolean; role?: string } };
      expect(JSON.stringify(me)).not.toMatch(/"isAdmin":true|"role":"admin"/);
      expect(t.server.setupToken).toBeTruthy();
    });
  });
});

function importOne(reviewId: number): FormData {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  const ris = 'TY  - JOUR\nTI  - Motor cortex after stroke\nDO  - 10.1000/one\nER  - \n';
  form.append('file', new File([ris], 'one.ris', { type: 'application/x-research-info-systems' }));
  return form;
}
