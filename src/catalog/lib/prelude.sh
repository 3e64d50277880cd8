# shellcheck shell=bash
# The start of every step script (written in by step.ts at `# @include prelude.sh`): strict mode, a fixed PATH and
# locale, and `say` for the progress lines the terminal shows. Scripts run as root from the launcher's verified copy.
set -euo pipefail
export LC_ALL=C
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# say TEXT...: one bold "==> TEXT" progress line.
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
