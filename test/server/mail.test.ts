import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { storeTargets } from '#test/support/stores';
import { createTestApp, requestSignUp, signUpAdmin } from './harness';
import type { TestApp, TestUser } from './harness';

/**
 * Invitations mailed by the server, through a real SMTP server on 127.0.0.1 that keeps what
 * it receives. A mail that cannot go leaves the invitation and its link in the answer.
 */

interface Inbox {
  port: number;
  received: { to: string[]; mail: ParsedMail }[];
  close(): Promise<void>;
}

async function startInbox(): Promise<Inbox> {
  const received: Inbox['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Made = { token: string; link: string; mailed?: boolean; mailError?: string };

/** A new review, and the lead's request to mail a reviewer's invitation for it. */
async function sendInvitation(lead: TestUser, title: string) {
  const created = await lead.call('reviews.create', { title, type: 'scoping' });
  const reviewId = (created.body as { id: number }).id;
  const answer = await lead.call('members.invite', {
    reviewId,
    role: 'reviewer',
    email: 'rui@example.org',
    send: true,
  });
  return { reviewId, answer };
}

describe.each(storeTargets)('invitations by mail on $name', (target) => {
  let inbox: Inbox;
  let t: TestApp;
  let lead: TestUser;
  let reviewId: number;

  beforeAll(async () => {
    inbox = await startInbox();
    t = await createTestApp(await target.fresh(), {
      signUpMode: 'invite-only',
      mail: {
        url: `smtp://127.0.0.1:${inbox.port}`,
        from: 'ReviewBench <reviews@example.org>',
      },
    });
    lead = await signUpAdmin(t, 'lead@example.org');
    const created = await lead.call('reviews.create', {
      title: 'Motor cortex <script>alert(1)</script> & recovery',
      type: 'scoping',
    });
    reviewId = (created.body as { id: number }).id;
  });
  afterAll(async () => {
    await t?.close();
    await inbox?.close();
  });

  it('says the server can mail', async () => {
    const info = (await lead.call('server.info')).body as { mail: boolean };
    expect(info.mail).toBe(true);
  });

  it('mails the link to the invitee, and the link admits them', async () => {
    const answer = await lead.call('members.invite', {
      reviewId,
      role: 'reviewer',
      email: 'rui@example.org',
      send: true,
    });
    expect(answer.status, answer.text).toBe(200);
    const made = answer.body as Made;
    expect(made.mailed).toBe(true);
    const mail = inbox.received.at(-1)!;
    expect(mail.to).toEqual(['rui@example.org']);
    expect(mail.mail.subject).toBe(
      'You are invited to review “Motor cortex <script>alert(1)</script> & recovery” on ReviewBench',
    );
    expect(mail.mail.from?.text).toContain('reviews@example.org');
    expect(mail.mail.text).toContain(made.link);
    expect(mail.mail.text).toMatch(/as reviewer: you screen records/);
    // The title is text in the HTML part, never markup.
    expect(mail.mail.html).toContain(
      'Motor cortex &lt;script&gt;alert(1)&lt;/script&gt; &amp; recovery',
    );
    expect(mail.mail.html).not.toContain('<script>');
    expect(mail.mail.html).toContain(`href="${made.link}"`);
    const joined = await requestSignUp(t.app, 'rui@example.org', { invitation: made.token });
    expect(joined.status).toBe(200);
  });

  it('refuses to send without an email, and sends nothing unasked', async () => {
    const before = inbox.received.length;
    const noEmail = await lead.call('members.invite', { reviewId, role: 'viewer', send: true });
    expect(noEmail.status).toBe(400);
    expect((noEmail.body as { error: { code: string } }).error.code).toBe('team/mail-needs-email');
    const quiet = await lead.call('members.invite', {
      reviewId,
      role: 'viewer',
      email: 'vic@example.org',
    });
    expect((quiet.body as Made).mailed).toBeUndefined();
    expect(inbox.received.length).toBe(before);
  });
});

describe.each(storeTargets)('invitations when mail fails or is off on $name', (target) => {
  it('keeps the invitation and its link when the SMTP server cannot be reached', async () => {
    const closed = await startInbox();
    await closed.close();
    const t = await createTestApp(await target.fresh(), {
      mail: { url: `smtp://127.0.0.1:${closed.port}`, from: 'reviews@example.org' },
    });
    try {
      const lead = await signUpAdmin(t, 'lead@example.org');
      const { reviewId, answer } = await sendInvitation(lead, 'Down');
      expect(answer.status).toBe(200);
      const made = answer.body as Made;
      expect(made.mailed).toBe(false);
      expect(made.mailError).toMatch(/could not be sent .*copy the link/);
      expect(made.link).toMatch(/#\/invite\//);
      const listed = (await lead.call('members.invitations', { reviewId })).body as unknown[];
      expect(listed).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('says mail is off, and refuses to send', async () => {
    const t = await createTestApp(await target.fresh());
    try {
      const lead = await signUpAdmin(t, 'lead@example.org');
      expect(((await lead.call('server.info')).body as { mail: boolean }).mail).toBe(false);
      const { reviewId, answer } = await sendInvitation(lead, 'Quiet');
      expect(answer.status).toBe(409);
      expect((answer.body as { error: { code: string } }).error.code).toBe('team/mail-off');
      expect((await lead.call('members.invitations', { reviewId })).body).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
