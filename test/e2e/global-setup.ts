import { buildE2eRenderer } from './bridge'

/** Once per e2e run: a fresh renderer build with the test hooks (out-e2e/renderer), so no stale bundle is tested. */
export default function setup(): void {
  buildE2eRenderer()
}
