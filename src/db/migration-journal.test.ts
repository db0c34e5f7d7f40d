import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const folder = new URL('./migrations/', import.meta.url);
const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', folder), 'utf8')) as { entries: JournalEntry[] };

describe('the migration journal', () => {
  // The migrator applies a migration only when its `when` is newer than the last one applied, and
  // start-up skips the migrator when the newest `when` is already applied: a merge that gives a new
  // migration an older `when` would leave it unapplied on every upgraded database.
  it('numbers migrations in order, each newer than the one before, one entry per SQL file', () => {
    expect(journal.entries.map((entry) => entry.idx)).toEqual(journal.entries.map((_, index) => index));
    for (const [index, entry] of journal.entries.entries()) {
      expect(entry.tag.startsWith(String(index).padStart(4, '0'))).toBe(true);
      if (index > 0) expect(entry.when).toBeGreaterThan(journal.entries[index - 1]!.when);
    }
    const files = readdirSync(folder).filter((name) => name.endsWith('.sql')).map((name) => name.replace(/\.sql$/, '')).sort();
    expect(files).toEqual(journal.entries.map((entry) => entry.tag));
  });
});
