/**
 * A value remembered on an object itself, like a WeakMap entry keyed by it but without an
 * ephemeron: V8's scavenger treats every WeakMap value as a root, so a value that references its
 * key (an object core holding its document's tree) keeps the key and all it reaches alive until
 * the next full garbage collection. An index build of 10,000 files promoted every syntax tree it
 * parsed to the old generation that way; a property dies with its object at the first scavenge.
 */
export interface Memo<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
}

/** A memo stored under a private symbol; `description` names it in heap snapshots. */
export function memo<K extends object, V>(description: string): Memo<K, V> {
  const slot = Symbol(description);
  return {
    get: (key) => (key as Record<symbol, V | undefined>)[slot],
    set: (key, value) => {
      // Not enumerable: invisible to Object.keys, spreads and JSON of the objects it is put on.
      Object.defineProperty(key, slot, { value, writable: true, configurable: true, enumerable: false });
    },
  };
}
