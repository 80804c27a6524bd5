import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '#core/errors';

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 10;

/** Passwords people pick most (zxcvbn-ts's list of about 49,000), lower-cased. */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));
  return common;
}

/**
 * Why a new password will not do, or undefined: too short, among the passwords people pick
 * most, or the account's own email. The message says what to do instead.
 */
export function passwordRefusal(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower))
    return 'That password is among the most common ones and is guessed first; choose another.';
  const mail = email?.trim().toLowerCase();
  if (mail && (lower === mail || lower === mail.split('@')[0]))
    return 'A password may not be the account’s email address; choose another.';
  return undefined;
}

/** Throws `auth/weak-password` when the password will not do. */
export function requireGoodPassword(password: string, email?: string): void {
  const refusal = passwordRefusal(password, email);
  if (refusal) throw new DomainError('auth/weak-password', refusal);
}
