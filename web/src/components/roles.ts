import type { Role } from '#web/api';

/** The roles a member may have, in the order forms offer them, with what each may do. */
export const ROLES: readonly { role: Role; label: string; does: string }[] = [
  {
    role: 'reviewer',
    label: 'Reviewer',
    does: 'screens records and decides possible duplicates',
  },
  {
    role: 'lead',
    label: 'Lead',
    does: 'runs the review: imports searches, configures screening, resolves conflicts and manages the team',
  },
  {
    role: 'viewer',
    label: 'Viewer',
    does: 'follows the review and reads its report, without screening',
  },
];

/** The label and description of one role. */
export function describeRole(role: Role): { label: string; does: string } {
  return ROLES.find((r) => r.role === role) ?? { label: role, does: '' };
}
