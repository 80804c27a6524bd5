import { createTransport } from 'nodemailer';
import { DomainError } from '#core/errors';

/**
 * Mail, when the server is given an SMTP server: invitation links sent by the server
 * instead of copied by the lead. Off unless configured; everything works without it.
 */

export interface MailConfig {
  /** `smtp://user:password@host:587` or `smtps://...:465`. */
  url: string;
  /** The sender, e.g. `ReviewBench <reviews@example.org>`. */
  from: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Checks a configuration and says plainly what is wrong with it. */
export function checkMailConfig(config: MailConfig): MailConfig {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new DomainError(
      'usage',
      `The SMTP address "${config.url}" is not a URL; write it as smtp://user:password@host:587.`,
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new DomainError(
      'usage',
      `The SMTP address must start with smtp:// or smtps://, not ${url.protocol}//.`,
    );
  if (!/@[^@\s>]+\.[^@\s>]+>?\s*$/.test(config.from.trim()))
    throw new DomainError(
      'usage',
      'Mail needs a sender address (REVIEWBENCH_MAIL_FROM or --mail-from), e.g. "ReviewBench <reviews@example.org>".',
    );
  return config;
}

/** The configuration from REVIEWBENCH_SMTP_URL and REVIEWBENCH_MAIL_FROM, if set. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | undefined {
  const url = env.REVIEWBENCH_SMTP_URL?.trim();
  if (!url) return undefined;
  return checkMailConfig({ url, from: env.REVIEWBENCH_MAIL_FROM?.trim() ?? '' });
}

/** A mailer over SMTP (nodemailer), with short timeouts so a dead server fails fast. */
export function createMailer(config: MailConfig): Mailer {
  const transport = createTransport(config.url, { from: config.from });
  transport.set('connectionTimeout', 10_000);
  return {
    async send(message) {
      await transport.sendMail({ from: config.from, ...message });
    },
  };
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The invitation mail: who invites, to which review, as what, the link and its limits. */
export function invitationMail(input: {
  to: string;
  inviter: string;
  reviewTitle: string;
  role: string;
  roleDoes: string;
  link: string;
  expiresAt: string;
}): MailMessage {
  const until = new Date(input.expiresAt).toUTCString().replace(/ \d\d:\d\d:\d\d GMT$/, '');
  const lines = [
    `${input.inviter} invites you to the review “${input.reviewTitle}” on ReviewBench, as ${input.role}: you ${input.roleDoes}.`,
    '',
    'Open this link to create your account (or sign in) and join:',
    input.link,
    '',
    `The link works once and until ${until}. If you did not expect it, ignore this message.`,
  ];
  const html = [
    `<p>${escapeHtml(input.inviter)} invites you to the review <strong>“${escapeHtml(input.reviewTitle)}”</strong> on ReviewBench, as ${escapeHtml(input.role)}: you ${escapeHtml(input.roleDoes)}.</p>`,
    `<p><a href="${escapeHtml(input.link)}">Create your account (or sign in) and join</a></p>`,
    `<p>The link works once and until ${escapeHtml(until)}. If you did not expect it, ignore this message.</p>`,
  ].join('\n');
  return {
    to: input.to,
    subject: `You are invited to review “${input.reviewTitle}” on ReviewBench`,
    text: lines.join('\n'),
    html,
  };
}
