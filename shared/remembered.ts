// A pure function of a string with its answers remembered: for the date arithmetic every row of a
// month repeats (2,500 rows asking for the same few periods and deadlines). At most `max` answers are
// kept; past that the memory simply starts again, so a hostile stream of keys costs no more than
// computing each answer. Only for functions whose answer depends on the key alone.

export function remembered<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as T;
    const answer = compute(key);
    if (known.size >= max) known.clear();
    known.set(key, answer);
    return answer;
  };
}
