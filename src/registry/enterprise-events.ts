import type { EnterpriseEvent, EnterpriseEventInput } from './registry-contract.ts';
import { yuanText } from './registry-money.ts';
import { enterpriseEventLabels, enterpriseEventTypes, type EnterpriseEventType } from './registry-vocabulary.ts';

/**
 * Registry events (事件) as the `events` json column of an enterprise keeps them: one per type and year,
 * sorted by year then type; `amount` (yuan, an exact decimal string with two decimals) only for a
 * type that carries one and only when known.
 */
export interface StoredEnterpriseEvent {
  type: EnterpriseEventType;
  year: number;
  amount?: string;
}

const typeOrder = new Map<string, number>(enterpriseEventTypes.map((type, index) => [type, index]));

/** The key that makes an event unique within its enterprise. */
export function eventKey(event: { type: string; year: number }): string {
  return `${event.type}|${event.year}`;
}

/** An entered event as stored: the amount with two decimals, left out when the type has none or it is unknown. */
export function storedEnterpriseEvent(input: EnterpriseEventInput | StoredEnterpriseEvent): StoredEnterpriseEvent {
  const amount = input.amount;
  return { type: input.type, year: input.year, ...(enterpriseEventLabels[input.type].amount && amount !== undefined && amount !== null ? { amount: yuanText(amount) } : {}) };
}

/** Events in their stored order (year, then the vocabulary's order of types). */
export function sortedEvents(events: readonly StoredEnterpriseEvent[]): StoredEnterpriseEvent[] {
  return [...events].map(storedEnterpriseEvent).sort((a, b) => a.year - b.year || (typeOrder.get(a.type) ?? 99) - (typeOrder.get(b.type) ?? 99));
}

/** The same events, whatever their order or stored form. */
export function sameEvents(a: readonly StoredEnterpriseEvent[] | undefined, b: readonly StoredEnterpriseEvent[] | undefined): boolean {
  return JSON.stringify(sortedEvents(a ?? [])) === JSON.stringify(sortedEvents(b ?? []));
}

/** The events of a list given twice (same type and year), as problems naming the list's index. */
export function duplicateEvents(events: readonly { type: string; year: number }[]): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  events.forEach((event, index) => {
    const key = eventKey(event);
    if (seen.has(key)) duplicates.push(index);
    seen.add(key);
  });
  return duplicates;
}

/** Stored events as the enterprise's detail shows them, labelled in Chinese. */
export function presentEvents(events: readonly StoredEnterpriseEvent[] | null | undefined): EnterpriseEvent[] {
  return sortedEvents((events ?? []).filter((event) => typeOrder.has(event.type))).map((event) => ({ ...event, label: enterpriseEventLabels[event.type].zh }));
}
