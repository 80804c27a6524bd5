import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { callApi } from '#web/api';
import type { Role } from '#web/api';
import { useReview } from '#web/components/review-context';
import { useAction, useApiQuery } from '#web/components/use-api';
import { Button, ErrorNote, Loading, Panel } from '#web/components/ui';

/** The review team: members and their roles; the lead invites by email. */
export function TeamScreen(): ReactNode {
  const { reviewId, detail } = useReview();
  const members = useApiQuery('members.list', { reviewId });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const invite = useAction();
  const protocol = detail.review.protocol;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const added = await invite.run(() =>
      callApi('members.invite', { reviewId, email: email.trim(), role }),
    );
    if (added) {
      setEmail('');
      await members.reload();
    }
  };

  return (
    <div className="stack two-col">
      <Panel title="Team">
        {members.data ? (
          <table className="table" aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.email}>
                  <td>{m.name ?? <span className="muted">not signed up yet</span>}</td>
                  <td>{m.email}</td>
                  <td>
                    <span className="chip chip-quiet">{m.role}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : members.error ? (
          <ErrorNote error={members.error} />
        ) : (
          <Loading what="members" />
        )}
        {detail.policies.can.invite ? (
          <form
            className="form inline-fields"
            onSubmit={(e) => void submit(e)}
            aria-label="Invite a member"
          >
            <label className="field grow">
              <span>Email</span>
              <input
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
              />
            </label>
            <label className="field">
              <span>Role</span>
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                <option value="reviewer">Reviewer</option>
                <option value="lead">Lead</option>
                <option value="viewer">Viewer</option>
              </select>
            </label>
            <Button type="submit" variant="primary" busy={invite.busy}>
              Invite
            </Button>
          </form>
        ) : null}
        <ErrorNote error={invite.error} />
      </Panel>
      <Panel title="Protocol">
        <dl className="protocol">
          {(
            [
              ['Question', protocol.question],
              ['Population', protocol.population],
              ['Concept', protocol.concept],
              ['Context', protocol.context],
            ] as const
          ).map(([term, value]) =>
            value ? (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ) : null,
          )}
          {protocol.inclusionCriteria?.length ? (
            <div>
              <dt>Inclusion criteria</dt>
              <dd>
                <ul>
                  {protocol.inclusionCriteria.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          {protocol.exclusionCriteria?.length ? (
            <div>
              <dt>Exclusion criteria</dt>
              <dd>
                <ul>
                  {protocol.exclusionCriteria.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
          {protocol.databases?.length ? (
            <div>
              <dt>Databases</dt>
              <dd>{protocol.databases.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      </Panel>
    </div>
  );
}
