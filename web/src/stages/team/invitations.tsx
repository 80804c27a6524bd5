import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { callApi } from '#web/api';
import type { Invitation, NewInvitation, Role } from '#web/api';
import { formatDate } from '#web/components/format';
import { describeRole, ROLES } from '#web/components/roles';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote } from '#web/components/ui';

const STATUS_LABEL: Record<Invitation['status'], string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
};

/**
 * A new invitation: a role, optionally the one email that may use it, how many days it
 * lasts. The link is shown once, here; the lead sends it however they like.
 */
export function InviteForm({
  reviewId,
  onInvited,
}: {
  reviewId: number;
  onInvited: () => Promise<void>;
}): ReactNode {
  const [role, setRole] = useState<Role>('reviewer');
  const [email, setEmail] = useState('');
  const [days, setDays] = useState(7);
  const [made, setMade] = useState<NewInvitation>();
  const [copied, setCopied] = useState(false);
  const [send, setSend] = useState(true);
  const invite = useAction();
  const info = useApiQuery('server.info', {});
  const canMail = info.data?.mail === true;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = email.trim();
    const invitation = await invite.run(() =>
      callApi('members.invite', {
        reviewId,
        role,
        days,
        ...(trimmed ? { email: trimmed } : {}),
        ...(trimmed && canMail && send ? { send: true } : {}),
      }),
    );
    if (invitation) {
      setMade(invitation);
      setCopied(false);
      setEmail('');
      await onInvited();
    }
  };

  const copy = async (link: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): the link stays selected in its field to copy by hand.
      setCopied(false);
    }
  };

  return (
    <div className="stack-sm">
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Invite a member">
        <div className="inline-fields">
          <label className="field">
            <span>Role</span>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field grow">
            <span>Email (optional)</span>
            <input
              type="email"
              value={email}
              placeholder="anyone with the link"
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Valid for (days)</span>
            <input
              type="number"
              min={1}
              max={90}
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              required
            />
          </label>
        </div>
        {canMail && email.trim() ? (
          <label className="field-check">
            <input type="checkbox" checked={send} onChange={(e) => setSend(e.target.checked)} />{' '}
            Send the link by email
          </label>
        ) : null}
        <p className="muted">
          A {describeRole(role).label.toLowerCase()} {describeRole(role).does}. With an email, only
          an account with that address can use the link.
        </p>
        <Button type="submit" variant="primary" busy={invite.busy}>
          Create invitation link
        </Button>
      </form>
      <ErrorNote error={invite.error} onDismiss={invite.clearError} />
      {made ? (
        <div className="invite-made" role="status">
          <label className="field">
            <span>Invitation link</span>
            <input
              readOnly
              value={made.link}
              className="mono"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          {made.mailed === false ? (
            <p className="note note-warn" role="alert">
              <span>{made.mailError}</span>
            </p>
          ) : null}
          <div className="form-actions">
            <Button onClick={() => void copy(made.link)}>{copied ? 'Copied' : 'Copy link'}</Button>
            <span className="muted">
              {made.mailed
                ? `Sent to ${made.email}. `
                : `Send it to ${made.email ?? 'the person you invite'}. `}
              It is shown only now, works once and expires on {formatDate(made.expiresAt)}.
            </span>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The review's invitations, newest first, with their state; a pending one can be revoked. */
export function InvitationsTable({
  reviewId,
  invitations,
  onChanged,
}: {
  reviewId: number;
  invitations: readonly Invitation[];
  onChanged: () => Promise<void>;
}): ReactNode {
  const revoke = useAction();
  if (invitations.length === 0) return <p className="muted">No invitations yet.</p>;

  const onRevoke = async (invitation: Invitation): Promise<void> => {
    const done = await revoke.run(() =>
      callApi('members.revokeInvitation', { reviewId, invitationId: invitation.id }),
    );
    if (done) await onChanged();
  };

  return (
    <>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Invitations">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">For</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...invitations]
              .sort((a, b) => b.id - a.id)
              .map((invitation) => (
                <tr key={invitation.id} data-status={invitation.status}>
                  <td>{describeRole(invitation.role).label}</td>
                  <td>{invitation.email ?? <span className="muted">anyone with the link</span>}</td>
                  <td title={invitation.createdBy}>{formatDate(invitation.createdAt)}</td>
                  <td>{formatDate(invitation.expiresAt)}</td>
                  <td>
                    <span
                      className={`chip ${invitation.status === 'pending' ? 'chip-warn' : 'chip-quiet'}`}
                    >
                      {STATUS_LABEL[invitation.status]}
                    </span>
                  </td>
                  <td>
                    {invitation.status === 'pending' ? (
                      <Button
                        variant="ghost"
                        disabled={revoke.busy}
                        aria-label={`Revoke invitation ${invitation.id}`}
                        onClick={() => void onRevoke(invitation)}
                      >
                        Revoke
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={revoke.error} onDismiss={revoke.clearError} />
    </>
  );
}
