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
rm -rf test-results/lanes && mkdir -p test-results/lanes
# Each lab file boots its own lab and runs alone in its vitest (fileParallelism: false); so do the e2e files. Two lanes
# run side by side on a machine's two cores. A fixed split of the lab files kept the lanes even on one machine and
# left one lane 15 minutes behind the other on CI's. So the lab files are a queue the two lanes share: lane A takes
# from it from the start, lane B after unit, e2e and electron, and each lane takes the next entry when its last one is
# done. The longest files come first (measured in CI: the full runs, hand-hardened, the layer labs), so no long file
# is left for the end; the rest go in groups of five, one vitest each (a vitest start costs about 2 s of CPU). Every
# vitest writes its own JSON report, and the summary below counts a report that is missing as a failure.
LAB_FIRST=(src/cli/full-run.lab.test.ts src/cli/full-run-wsl.lab.test.ts src/cli/hand-hardened.lab.test.ts
  src/catalog/channel-allowlist/channel-allowlist.secret.lab.test.ts src/catalog/sandbox-docker/sandbox-docker.lab.test.ts
  src/catalog/channel-allowlist/channel-allowlist.lab.test.ts src/catalog/tool-policy/tool-policy-presets.lab.test.ts
  src/catalog/gateway-token/gateway-token.lab.test.ts src/catalog/tool-policy/tool-policy.lab.test.ts)
queue=test-results/lanes/lab-queue
{
  printf '%s\n' "${LAB_FIRST[@]}"
  { find test/lab test/wsl-standin -name '*.test.ts' -print; find src -name '*.lab.test.ts' -print; } | LC_ALL=C sort
} | awk '!seen[$0]++' | awk -v first="${#LAB_FIRST[@]}" 'NR <= first { print; next } { g = g (g ? " " : "") $0; if (++n % 5 == 0) { print g; g = "" } } END { if (g) print g }' >"$queue"
for f in "${LAB_FIRST[@]}"; do [ -f "$f" ] || { echo "error: $f in LAB_FIRST does not exist" >&2; exit 2; }; done
# The next entry of the queue, or nothing when it is empty (flock: one lane at a time).
# shellcheck disable=SC2016 # the script's $1 is bash -c's own argument
next_lab() { flock "$queue.lock" bash -c 'head -n1 -- "$1" && sed -i 1d -- "$1"' _ "$queue"; }
vt() { local out=$1; shift; echo "$out" >>test-results/lanes/expected; npx vitest run --reporter=default --reporter=json --outputFile.json="test-results/lanes/$out" "$@"; }
# lab_lane NAME: runs queue entries until the queue is empty; fails when one of them failed.
lab_lane() {
  local lane=$1 n=0 r=0 entry files
  while entry=$(next_lab) && [ -n "$entry" ]; do
    n=$((n + 1))
    read -r -a files <<<"$entry"
    echo "lane $lane takes: ${files[*]}"
    vt "lab-$lane-$n.json" --project lab "${files[@]}" || r=1
  done
  return "$r"
}
set +e
(
  set -o pipefail
  {
    t0=$SECONDS
    lab_lane A
    r=$?
    echo "lane A: $((SECONDS - t0)) s"
    exit "$r"
  } 2>&1 | sed -u 's/^/[A] /'
) &
lane_a=$!
(
  set -o pipefail
  {
    t0=$SECONDS
    vt vitest-b.json --project unit --project e2e --project electron
    r1=$?
    echo "unit, e2e and electron: $((SECONDS - t0)) s"
    lab_lane B
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
  const { existsSync, readFileSync } = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  const expected = readFileSync("./test-results/lanes/expected", "utf8").split("\n").filter(Boolean);
  for (const f of expected) {
    const path = `./test-results/lanes/${f}`;
    if (!existsSync(path)) { console.log(`${f}: missing (that vitest did not finish)`); failed++; continue; }
    const r = require(path);
    // A file whose setup failed has no failed test of its own: count it as one failure.
    const brokenFiles = r.testResults.filter((t) => t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed")).length;
    passed += r.numPassedTests; failed += r.numFailedTests + brokenFiles; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped (${expected.length} vitest runs)`);
' || true
step "done"
exit $rc
