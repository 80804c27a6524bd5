import type { ReactNode } from 'react';
import { useReview } from '#web/components/review-context';
import { useApiQuery } from '#web/components/use-api';
import { ErrorNote, Loading, Panel } from '#web/components/ui';
import { InvitationsTable, InviteForm } from './invitations';
import { MembersTable } from './members-table';

/** The review team: members and their roles, and the lead's invitations. */
export function TeamScreen(): ReactNode {
  const { reviewId, detail } = useReview();
  const members = useApiQuery('members.list', { reviewId });
  const can = detail.policies.can;
  const invitations = useApiQuery('members.invitations', can.invite ? { reviewId } : undefined);
  const protocol = detail.review.protocol;

  return (
    <div className="stack two-col">
      <div className="stack">
        <Panel title="Team">
          {members.data ? (
            <MembersTable
              reviewId={reviewId}
              members={members.data}
              manage={can.manageTeam}
              onChanged={members.reload}
            />
          ) : members.error ? (
            <ErrorNote error={members.error} />
          ) : (
            <Loading what="members" />
          )}
        </Panel>
        {can.invite ? (
          <Panel title="Invitations">
            <InviteForm reviewId={reviewId} onInvited={invitations.reload} />
            {invitations.data ? (
              <InvitationsTable
                reviewId={reviewId}
                invitations={invitations.data}
                onChanged={invitations.reload}
              />
            ) : invitations.error ? (
              <ErrorNote error={invitations.error} />
            ) : (
              <Loading what="invitations" />
            )}
          </Panel>
        ) : null}
      </div>
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
