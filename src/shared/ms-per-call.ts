/**
 * Milliseconds one call of `fn` takes: the best of 3 rounds, each repeating the call for at least 40 ms, so timer
 * noise and GC pauses average out. For ratios measured in one run (tests of linear time, `npm run bench`).
 */
export function msPerCall(fn: () => unknown): number {
  let best = Infinity
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now()
    let n = 0
    do {
      fn()
      n++
    } while (performance.now() - t0 < 40)
    best = Math.min(best, (performance.now() - t0) / n)
  }
  return best
}
