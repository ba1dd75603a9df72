/**
 * Memoize a pure selector on the identity of its (object) argument: the
 * snapshot, or one of its parts. Unchanged parts keep their identity in the
 * store, so a keypress never recomputes anything.
 */
export function memoOn<K extends object, R>(fn: (key: K) => R): (key: K) => R {
  const cache = new WeakMap<K, R>();
  return (key: K) => {
    if (cache.has(key)) return cache.get(key) as R;
    const r = fn(key);
    cache.set(key, r);
    return r;
  };
}
