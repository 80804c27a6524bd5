/**
 * A link or unlink between two reports, in the order they were made. De-duplication's
 * "same study, different report" pairs come first as links; a person's later unlink wins.
 */
export interface ReportLink {
  a: number;
  b: number;
  linked: boolean;
}

export interface StudyOfReport {
  /** The study's id: the lowest record id among its reports (stable while they stay linked). */
  studyId: number;
  /** The report that stands for the study (a person's choice, else the lowest record id). */
  primary: number;
  /** Every report of the study, lowest id first. */
  reports: number[];
}

/**
 * Groups reports into studies (PRISMA 2020 counts both): two reports belong to one study when
 * their latest link says so, directly or through other reports. `primaries` are the reports a
 * person chose to stand for their study; a study with none (or several) takes the first.
 */
export function studiesFromLinks(
  recordIds: readonly number[],
  links: readonly ReportLink[],
  primaries: ReadonlySet<number> = new Set(),
): Map<number, StudyOfReport> {
  const latest = new Map<string, ReportLink>();
  for (const link of links) {
    const [a, b] = link.a < link.b ? [link.a, link.b] : [link.b, link.a];
    if (a !== b) latest.set(`${a}|${b}`, { a, b, linked: link.linked });
  }
  const parent = new Map<number, number>(recordIds.map((id) => [id, id]));
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root)! !== root) root = parent.get(root)!;
    while (parent.get(x)! !== root) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  for (const { a, b, linked } of latest.values()) {
    if (!linked || !parent.has(a) || !parent.has(b)) continue;
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, number[]>();
  for (const id of recordIds) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  const out = new Map<number, StudyOfReport>();
  for (const members of groups.values()) {
    const reports = [...members].sort((x, y) => x - y);
    const chosen = reports.filter((id) => primaries.has(id));
    const study: StudyOfReport = {
      studyId: reports[0]!,
      primary: chosen.length === 1 ? chosen[0]! : reports[0]!,
      reports,
    };
    for (const id of reports) out.set(id, study);
  }
  return out;
}
