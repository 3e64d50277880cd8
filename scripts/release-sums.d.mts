/** scripts/release-sums.mjs */
export const PACKAGE: RegExp
export function sumsFor(dir: string): Promise<string>
