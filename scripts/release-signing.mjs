#!/usr/bin/env node
// Which signing path a release build takes, from which secrets the workflow was given (.github/workflows/release.yml,
// docs/release.md). Prints `mode=<azure|signtool|notarized|unsigned>` and `why=<one line>` for $GITHUB_OUTPUT. A set
// that is only partly there is an error, not a silent unsigned build: half a signing setup is a mistake to fix.
// Usage: node scripts/release-signing.mjs win|linux|mac
import { pathToFileURL } from 'node:url'

const SETS = {
  azure: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_SIGNING_ENDPOINT', 'AZURE_SIGNING_ACCOUNT', 'AZURE_CERT_PROFILE', 'WIN_PUBLISHER_NAME'],
  signtool: ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'],
  notarized: ['MAC_CSC_LINK', 'MAC_CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
}
const FOR = { win: ['azure', 'signtool'], mac: ['notarized'], linux: [] }

/** @returns {{ mode: string, why: string }} */
export function signingMode(platform, env) {
  const candidates = FOR[platform]
  if (!candidates) throw new Error(`unknown platform "${platform}" (win, linux or mac)`)
  const has = (n) => typeof env[n] === 'string' && env[n] !== ''
  for (const mode of candidates) {
    const names = SETS[mode]
    const present = names.filter(has)
    if (present.length === names.length) return { mode, why: `${mode}: ${names.join(', ')} are set` }
    if (present.length > 0) {
      throw new Error(`${mode} signing is half set up: ${present.join(', ')} set, ${names.filter((n) => !has(n)).join(', ')} missing. Set the rest (docs/release.md) or remove them for an unsigned build.`)
    }
  }
  return { mode: 'unsigned', why: platform === 'linux' ? 'Linux packages are not code-signed; their SHA-256 sums are published' : `no signing secrets for ${platform}: an UNSIGNED build, named so` }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const { mode, why } = signingMode(process.argv[2], process.env)
    process.stdout.write(`mode=${mode}\nwhy=${why}\n`)
    process.stderr.write(`signing: ${why}\n`)
  } catch (e) {
    process.stderr.write(`release-signing: ${e.message}\n`)
    process.exit(2)
  }
}
