/** Where a text changed: [start, end) of the text before, which the text after replaces, `delta` characters longer. */
export interface Change {
  start: number;
  end: number;
  delta: number;
}

/** Compared a block at a time: equal blocks compare as memory, and most of a saved file is equal. */
const BLOCK = 4096;

/**
 * The smallest span that an edit changed: the text before and after share everything before
 * `start` and everything after `end` (in the text before). Undefined when nothing changed.
 */
export function changeBetween(before: string, after: string): Change | undefined {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start + BLOCK <= shorter && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start === before.length && start === after.length) return undefined;
  // The shared end, not reaching back over the shared start.
  const room = shorter - start;
  let tail = 0;
  while (tail + BLOCK <= room && before.slice(before.length - tail - BLOCK, before.length - tail) === after.slice(after.length - tail - BLOCK, after.length - tail)) tail += BLOCK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, delta: after.length - before.length };
}
