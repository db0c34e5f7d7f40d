/**
 * Waits for the event loop's next turn, so that a server answers other requests during long work
 * on its one thread (checking 100,000 imported rows takes about a second). Long loops await it
 * every `everyItems` items: `if (index % 2_000 === 0) await nextTurn();`.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
