/** scripts/release-signing.mjs */
export function signingMode(platform: string, env: Readonly<Record<string, string | undefined>>): { mode: 'azure' | 'signtool' | 'notarized' | 'unsigned'; why: string }
