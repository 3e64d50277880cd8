#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian or Ubuntu machine (Debian packages included)
# and runs every suite: typecheck, lint, build, unit, lab (real sshd/sudo/ufw/OpenClaw in a namespace host),
# browser bridge (the built renderer in Chromium wired to the real services), CLI.
# Run as root (apt-get, network namespaces, mounts): bash scripts/install-and-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS=0
step() { printf '\n\033[1m=== %s (%ss)\033[0m\n' "$*" "$SECONDS"; }

[ "$(id -u)" = 0 ] || { echo "error: run as root (apt-get, network namespaces and mounts need it): sudo bash $0" >&2; exit 2; }

step "Debian packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates g++ make python3 git \
  openssh-client iproute2 util-linux procps e2fsprogs strace shellcheck \
  iptables nftables debootstrap systemd-container \
  chromium fonts-dejavu-core nsis >/dev/null
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("error: Node >= 20.19 is required, found "+process.version); process.exit(2) }'

step "npm ci"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
# Behind a TLS-intercepting proxy the proxy's CA is in the system store, which Node does not read by default.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
npm ci --no-audit --no-fund

step "typecheck"
npm run typecheck
step "lint"
npm run lint
step "Electronegativity over src/ (fails on HIGH findings; docs/electron-security.md has the verdicts)"
npm run check:electron-security
step "build (electron-vite: main, preload, renderer) and CLI"
npx electron-vite build
npm run build:cli
step "packaging layout and Electron fuses (electron-builder around a stand-in binary)"
npm run check:packaging

step "lab root filesystem (cached after the first build)"
bash test/lab/build-rootfs.sh

step "tests: unit, lab, e2e, electron, in two lanes side by side"
mkdir -p test-results
rm -f test-results/vitest-a.json test-results/vitest-b.json test-results/vitest-c.json
# The lab files run one at a time (each boots its own lab); so do the e2e files. One vitest after the other took
# over an hour once the full OpenClaw runs came in, most of it waiting on a single lab. Two lanes of about equal
# length run side by side instead, each line of output marked with its lane: A runs the lab project except the files
# in LANE_B_LAB; B runs unit, e2e and electron, then LANE_B_LAB (the WSL full run, layers 5/6/8 and 10, health). Each
# writes its own JSON report, and each lane prints how long it took, so the split can be kept even.
LANE_B_LAB=(src/cli/full-run-wsl.lab.test.ts src/catalog/sandbox-docker src/catalog/tool-policy src/catalog/channel-allowlist
  src/catalog/skills-pinned src/catalog/health-ping)
vt() { local out=$1; shift; npx vitest run --reporter=default --reporter=json --outputFile.json="test-results/$out" "$@"; }
set +e
(
  set -o pipefail
  t0=$SECONDS
  excl=()
  for f in "${LANE_B_LAB[@]}"; do excl+=(--exclude "$f/**" --exclude "$f"); done
  vt vitest-a.json --project lab "${excl[@]}" 2>&1 | sed -u 's/^/[A] /'
  r=$?
  echo "[A] lane A: $((SECONDS - t0)) s"
  exit "$r"
) &
lane_a=$!
(
  set -o pipefail
  {
    t0=$SECONDS
    vt vitest-b.json --project unit --project e2e --project electron
    r1=$?
    echo "unit, e2e and electron: $((SECONDS - t0)) s"
    vt vitest-c.json --project lab "${LANE_B_LAB[@]}"
    r2=$?
    echo "lane B: $((SECONDS - t0)) s"
    [ "$r1" = 0 ] && [ "$r2" = 0 ]
  } 2>&1 | sed -u 's/^/[B] /'
)
rc_b=$?
wait "$lane_a"
rc_a=$?
rc=$((rc_a || rc_b))
set -e
# shellcheck disable=SC2016 # JavaScript for node: the ${...} are its template literals
node -e '
  const { existsSync } = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of ["vitest-a.json", "vitest-b.json", "vitest-c.json"]) {
    const path = `./test-results/${f}`;
    if (!existsSync(path)) { console.log(`${f}: missing (that lane did not finish)`); failed++; continue; }
    const r = require(path);
    // A file whose setup failed has no failed test of its own: count it as one failure.
    const brokenFiles = r.testResults.filter((t) => t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed")).length;
    passed += r.numPassedTests; failed += r.numFailedTests + brokenFiles; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' || true
step "done"
exit $rc
