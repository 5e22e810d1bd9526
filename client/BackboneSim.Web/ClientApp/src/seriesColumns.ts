// Finding series columns by name and choosing which of many to draw. Pure functions of the series rows
// (`GET /series`: row[0] is the virtual ms, row[i] the value of columns[i]), so any network's columns work.

/** The number of rows with ms <= `ms`: the rows drawn at that instant (rows are in time order). */
export function rowsUpTo(rows: readonly number[][], ms: number): number {
  let lo = 0, hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid][0] <= ms) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Indices of the columns named `<prefix><name>`, in column order. The rest of the name is not parsed: it may hold
 * colons of its own (an IPv6 prefix in `prefix_visibility:2a03:2880::/32`).
 */
export function columnsWithPrefix(columns: readonly string[], prefix: string): number[] {
  const found: number[] = [];
  columns.forEach((c, i) => { if (c.startsWith(prefix)) found.push(i); });
  return found;
}

/**
 * The `n` columns whose value moved furthest from their first row's, over `rows`; ties (e.g. nothing moved yet)
 * go to the earlier column. Returned in column order, so a line keeps its colour while the others come and go.
 */
export function mostChanged(rows: readonly number[][], indices: readonly number[], n: number): number[] {
  if (indices.length <= n) return [...indices];
  const first = rows[0];
  const change = indices.map(i => {
    let most = 0;
    if (first) for (const r of rows) most = Math.max(most, Math.abs(r[i] - first[i]));
    return { i, most };
  });
  change.sort((a, b) => b.most - a.most || a.i - b.i);
  return change.slice(0, n).map(c => c.i).sort((a, b) => a - b);
}
