import { describe, expect, it } from 'vitest'
import { withIncludes } from './catalog-step'

describe('withIncludes', () => {
  it('writes each named helper in place of its include line, keeping $ patterns as they are', () => {
    const script = "#!/bin/bash\n# @include a.sh\necho middle\n# @include b.sh\necho end\n"
    const out = withIncludes(script, { 'a.sh': "a() { echo \"$'x' $& $1\"; }\n", 'b.sh': 'b() { :; }\n' })
    expect(out).toBe("#!/bin/bash\na() { echo \"$'x' $& $1\"; }\necho middle\nb() { :; }\necho end\n")
  })

  it('refuses an include line naming a helper that was not given', () => {
    expect(() => withIncludes('# @include missing.sh\n', { 'a.sh': '' })).toThrow(/includes "missing\.sh"/)
  })
})
