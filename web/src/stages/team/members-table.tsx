import type { ReactNode } from 'react';
import { callApi } from '#web/api';
import type { Member, Role } from '#web/api';
import { describeRole, ROLES } from '#web/components/roles';
import { useAction } from '#web/components/use-api';
import { Button, ErrorNote } from '#web/components/ui';

/**
 * The members of a review. A lead changes a member's role or removes them (after a
 * confirmation); the server refuses to leave the review without a lead and says so.
 */
export function MembersTable({
  reviewId,
  members,
  manage,
  onChanged,
}: {
  reviewId: number;
  members: readonly Member[];
  manage: boolean;
  onChanged: () => Promise<void>;
}): ReactNode {
  const action = useAction();

  const changeRole = async (member: Member, role: Role): Promise<void> => {
    const done = await action.run(() =>
      callApi('members.changeRole', { reviewId, member: member.email, role }),
    );
    if (done) await onChanged();
  };

  const remove = async (member: Member): Promise<void> => {
    const sure = window.confirm(
      `Remove ${member.email} from this review? They lose access at once; their decisions stay in the review's history.`,
    );
    if (!sure) return;
    const done = await action.run(() =>
      callApi('members.remove', { reviewId, member: member.email }),
    );
    if (done) await onChanged();
  };

  return (
    <>
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            {manage ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.email}>
              <td>{m.name ?? <span className="muted">no account yet</span>}</td>
              <td>{m.email}</td>
              <td>
                {manage ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={action.busy}
                    onChange={(e) => void changeRole(m, e.target.value as Role)}
                  >
                    {ROLES.map((r) => (
                      <option key={r.role} value={r.role}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="chip chip-quiet" title={describeRole(m.role).does}>
                    {describeRole(m.role).label}
                  </span>
                )}
              </td>
              {manage ? (
                <td>
                  <Button
                    variant="ghost"
                    disabled={action.busy}
                    aria-label={`Remove ${m.email}`}
                    onClick={() => void remove(m)}
                  >
                    Remove
                  </Button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={action.error} onDismiss={action.clearError} />
    </>
  );
}
