/** Ranks within each set of rows (a year): 1 = the highest score; ties share the better rank (1, 2, 2, 4); NaN → null. */
export function rankScores(scores: ArrayLike<number>, rowSets: readonly ArrayLike<number>[]): (number | null)[] {
  const ranks: (number | null)[] = Array.from({ length: scores.length }, () => null);
  for (const rows of rowSets) {
    const present: number[] = [];
    for (let i = 0; i < rows.length; i += 1) {
      const row = rows[i] as number;
      if (!Number.isNaN(scores[row] as number)) present.push(row);
    }
    present.sort((a, b) => (scores[b] as number) - (scores[a] as number));
    present.forEach((row, position) => {
      const previous = present[position - 1];
      ranks[row] = position > 0 && previous !== undefined && scores[previous] === scores[row] ? (ranks[previous] ?? position + 1) : position + 1;
    });
  }
  return ranks;
}
