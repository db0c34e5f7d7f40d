const beijingYearMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric' });

/**
 * The quarters a view may be read for, newest first: the current one in Beijing and the seven
 * before it (`2026-Q4`, `2026-Q3`, … `2025-Q1`). At 00:30 on 1 January in Beijing it is already Q1
 * of the new year, whatever the reader's own time zone.
 */
export function recentQuarters(now: Date, count = 8): string[] {
  const parts = Object.fromEntries(beijingYearMonth.formatToParts(now).map((part) => [part.type, part.value]));
  let year = Number(parts.year);
  let quarter = Math.ceil(Number(parts.month) / 3);
  const list: string[] = [];
  while (list.length < count) {
    list.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      year -= 1;
      quarter = 4;
    }
  }
  return list;
}

/** `?as=unit:finance-department` → the assignee whose report the caller fills in; undefined when absent or malformed. */
export function parseAssigneeParam(value: string | null): { kind: 'unit' | 'area'; id: string } | undefined {
  if (value === null) return undefined;
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if ((kind !== 'unit' && kind !== 'area') || id === '') return undefined;
  return { kind, id };
}
