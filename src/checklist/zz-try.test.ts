import { it } from 'vitest'
import { redact } from './redact'
it('ratios', () => {
  for (const unit of ['a token="', 'tokenx', 'mysql ', '"token":"']) {
    const of = (b: number) => unit.repeat(Math.ceil(b / unit.length)).slice(0, b)
    const ms = (s: string) => { let best = Infinity; for (let r = 0; r < 3; r++) { const t = performance.now(); let n = 0; do { redact(s); n++ } while (performance.now() - t < 40); best = Math.min(best, (performance.now() - t) / n) } return best }
    redact(of(10000)); const a = ms(of(10000)), b = ms(of(100000)), c = ms(of(400000)); console.log('R', JSON.stringify(unit), a.toFixed(3), b.toFixed(3), c.toFixed(3), (b / a).toFixed(1), (c/b).toFixed(1))
  }
}, 120000)
