import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords, readIndexCsv } from './read-index-csv.ts';
import { readIndexSpec } from './read-index-spec.ts';
import { runIndex } from './run-index.ts';

/**
 * Issue 15 §6: from the published EIS 2025 indicator scores alone, the pipeline reproduces every
 * published Summary Innovation Index (relative to EU 2018 = 100) to 1e-9 and every 2025 group.
 */
const data = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url));
const readRecords = (file: string) => {
  const [header, ...rows] = parseCsvRecords(readFileSync(file, 'utf8'));
  const names = header?.fields ?? [];
  return rows.map((row) => Object.fromEntries(names.map((name, index) => [name, row.fields[index] ?? ''])));
};

describe('EIS 2025 reproduction', () => {
  const spec = readIndexSpec(data('eis-2025.yaml'));
  const table = readIndexCsv(data('eis2025/eis2025_wide.csv'), spec);
  const result = runIndex(spec, table, { keepStages: true });
  const scoreOf = (unit: string, year: number) => result.scores.find((score) => score.unit === unit && score.year === year);

  it('reads 40 units × 8 years × 32 indicators', () => {
    expect(table.units).toHaveLength(40);
    expect(table.years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(result.indicators).toHaveLength(32);
  });

  it('reproduces every published SII of eis2025_wide.csv (320 unit-years) to 1e-9', () => {
    const published = readRecords(data('eis2025/eis2025_wide.csv'));
    expect(published).toHaveLength(320);
    let worst = 0;
    for (const row of published) {
      const score = scoreOf(row.iso2 ?? '', Number(row.year));
      const relative = score?.relative ?? Number.NaN;
      const difference = Math.abs(relative - Number(row.SII));
      worst = Math.max(worst, difference);
      expect(difference, `${row.iso2} ${row.year}: ${relative} against ${row.SII}`).toBeLessThanOrEqual(1e-9);
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(scoreOf('EU27_2020', 2018)?.relative).toBe(100);
  });

  it('reproduces the published 2025 SII and every 2025 performance group', () => {
    const labels: Record<string, string> = { leader: 'Innovation Leader', strong: 'Strong Innovator', moderate: 'Moderate Innovator', emerging: 'Emerging Innovator' };
    const published = readRecords(data('eis2025/published_sii_2025.csv'));
    expect(published).toHaveLength(40);
    for (const row of published) {
      const score = scoreOf(row.iso2 ?? '', 2025);
      expect(Math.abs((score?.relative ?? Number.NaN) - Number(row.SII_2025_rel_EU2018)), row.iso2).toBeLessThanOrEqual(1e-9);
      expect(score?.group ? labels[score.group] : '', row.iso2).toBe(row.group_2025);
    }
  });
});
