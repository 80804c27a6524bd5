/**
 * Rebuilds clusters from the de-duplication history: automatic `duplicate`
 * pairs of every run plus remembered manual decisions. A `different` decision is
 * a cannot-link constraint: no cluster ever holds both records, even through a
 * third record. Pure; the engine feeds it stored rows.
 */
export interface HistoryPair {
  a: number;
  b: number;
  score: number;
}

export interface HistoryDecision {
  a: number;
  b: number;
  decision: 'same' | 'different';
}

export interface HistoryCluster {
  /** Member record ids, ascending. */
  members: number[];
  /** Members that joined only through a manual `same` decision (counted as manual removals). */
  manualJoins: number;
}

/** Groups records into clusters honouring cannot-link decisions; only clusters of two or more. */
export function clusterFromHistory(
  pairs: readonly HistoryPair[],
  decisions: readonly HistoryDecision[],
): HistoryCluster[] {
  const latest = new Map<string, 'same' | 'different'>();
  for (const d of decisions) latest.set(key(d.a, d.b), d.decision);
  const cannot = new Map<number, Set<number>>();
  for (const [k, decision] of latest) {
    if (decision !== 'different') continue;
    const [a, b] = k.split('|').map(Number) as [number, number];
    link(cannot, a, b);
    link(cannot, b, a);
  }
  const parent = new Map<number, number>();
  const members = new Map<number, number[]>();
  const find = (x: number): number => {
    let root = parent.get(x) ?? x;
    while (root !== (parent.get(root) ?? root)) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const manual = new Map<number, number>();
  const union = (a: number, b: number, isManual: boolean): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ma = members.get(ra) ?? [ra];
    const mb = members.get(rb) ?? [rb];
    const [small, large] = ma.length <= mb.length ? [ma, mb] : [mb, ma];
    const largeSet = new Set(large);
    for (const m of small) for (const other of cannot.get(m) ?? []) if (largeSet.has(other)) return;
    const [keep, drop] = ma.length >= mb.length ? [ra, rb] : [rb, ra];
    parent.set(drop, keep);
    members.set(keep, [...ma, ...mb]);
    members.delete(drop);
    const joins = (manual.get(ra) ?? 0) + (manual.get(rb) ?? 0) + (isManual ? 1 : 0);
    manual.delete(drop);
    manual.set(keep, joins);
  };
  // Manual "same" decisions first: a reviewer's word outranks a rule.
  for (const [k, decision] of latest) {
    if (decision !== 'same') continue;
    const [a, b] = k.split('|').map(Number) as [number, number];
    union(a, b, true);
  }
  const automatic = pairs
    .filter((p) => latest.get(key(p.a, p.b)) !== 'different')
    .sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  for (const pair of automatic) union(pair.a, pair.b, false);
  const result: HistoryCluster[] = [];
  for (const [root, list] of members) {
    if (list.length < 2) continue;
    result.push({
      members: [...list].sort((x, y) => x - y),
      manualJoins: Math.min(manual.get(root) ?? 0, list.length - 1),
    });
  }
  return result.sort((x, y) => x.members[0]! - y.members[0]!);
}

function key(a: number, b: number): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function link(map: Map<number, Set<number>>, a: number, b: number): void {
  const set = map.get(a);
  if (set) set.add(b);
  else map.set(a, new Set([b]));
}
