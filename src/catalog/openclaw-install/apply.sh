#!/bin/bash
# shellcheck disable=SC2154 # ocss_inst_* values are set by install-lib.sh, which step.ts writes in at "# @include install-lib.sh"
# Install a pinned OpenClaw for the OpenClaw account, in its own home, as that account (root only reads):
# 1. the official Node tarball from NODE_DIST_URL (default https://nodejs.org/dist/), its SHA-256 checked against the
#    pinned table (parameters NODE_SHA256_X64/ARM64 from pins.ts) BEFORE anything is extracted;
# 2. npm install -g --prefix ~/.local openclaw@<pinned> with that Node, from NPM_REGISTRY (default registry.npmjs.org);
# 3. `openclaw --version` as the account must print the pinned version.
# Applying again with the same versions downloads nothing.
set -euo pipefail
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$1" >&2; [ -z "${2:-}" ] || printf '%s\n' "$2" >&2; exit "${3:-1}"; }
# @include openclaw.sh
# @include install-lib.sh

# The pins come from the app (pins.ts), never from a person: a missing or malformed one is the app's fault.
oc_version=${OCSS_OPENCLAW_VERSION:-}
node_version=${OCSS_NODE_VERSION:-}
{ [[ "$oc_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && [[ "$node_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; } ||
  die 'The app did not pass the pinned OpenClaw and Node versions.' 'This app build is broken; install the current version of OpenClaw Secure Setup.' 2
# Inputs: checked again here (the service checked them too).
url_ok() { [[ "$1" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%+/-]*)?$ ]]; }
dist=${OCSS_IN_NODE_DIST_URL:-https://nodejs.org/dist/}
registry=${OCSS_IN_NPM_REGISTRY:-https://registry.npmjs.org/}
url_ok "$dist" || die "The Node download address \"$dist\" is not an http(s) address of a folder." 'Give one like https://nodejs.org/dist/ (the folder that holds v'"$node_version"'/), or leave it empty.' 2
url_ok "$registry" || die "The npm registry \"$registry\" is not an http(s) address." 'Give one like https://registry.npmjs.org/, or leave it empty.' 2
dist=${dist%/}/
registry=${registry%/}/

user=$(ocss_oc_user) || exit 2
home=$(ocss_oc_home) || die "There is no user \"$user\" on this machine." 'Apply "The OpenClaw account" first.' 2
[ "$(ocss_oc_uid)" != 0 ] || die "The OpenClaw account $user is root." 'Apply "The OpenClaw account" with a normal user.' 2
{ [ -d "$home" ] && [ "$(stat -c %U -- "$home")" = "$user" ]; } || die "The home of $user, $home, is missing or not owned by it." 'Apply "The OpenClaw account" first: it checks and fixes that.' 2
arch=$(ocss_inst_arch) || die "This machine is $(uname -m); Node $node_version is pinned for x86_64 and aarch64 only." 'OpenClaw cannot be installed by this app here.' 2
case "$arch" in x64) sha=${OCSS_NODE_SHA256_X64:-} ;; *) sha=${OCSS_NODE_SHA256_ARM64:-} ;; esac
[[ "$sha" =~ ^[0-9a-f]{64}$ ]] || die "The app did not pass the pinned SHA-256 of the Node tarball for $arch." 'This app build is broken; install the current version of OpenClaw Secure Setup.' 2

name=node-v$node_version-linux-$arch
base=$home/.local/share/openclaw-secure-setup/node
dir=$base/$name
cache=$home/.local/share/openclaw-secure-setup/npm-cache
say "Installing OpenClaw $oc_version on Node $node_version ($arch) for $user, in $home"

# Which of the folders are new (undo removes those, when empty), kept from the first apply.
recorded=$(ocss_inst_get user)
if [ -n "$recorded" ] && [ "$recorded" != "$user" ]; then
  die "This step installed OpenClaw for $recorded before." "Undo this step first (it removes that install), then apply again for $user." 2
fi
if [ -z "$recorded" ]; then
  created=
  for d in $ocss_inst_dirs; do [ -e "$home/$d" ] || created=${created:+$created:}$d; done
  ocss_inst_put "$user" "$created"
fi

# 1. Node.
if [ -f "$dir/bin/node" ] && [ "$(cat -- "$dir/.ocss-tarball-sha256" 2>/dev/null)" = "$sha" ]; then
  say "Node $node_version is already in $dir (from the tarball with the pinned SHA-256); nothing to download"
else
  url="${dist}v$node_version/$name.tar.gz"
  part=$base/.$name.tar.gz.part
  ocss_as_oc mkdir -p -- "$base"
  say "Downloading $url"
  if ! ocss_as_oc curl -fL --progress-bar --connect-timeout 20 --max-time 1800 -o "$part" -- "$url"; then
    ocss_as_oc rm -f -- "$part"
    die "Could not download $url." "Check that this machine reaches that address (a proxy or a firewall in the way?), or set \"Node download address\" under Advanced to a mirror that serves v$node_version/$name.tar.gz. Then apply again."
  fi
  { [ -f "$part" ] && [ ! -L "$part" ]; } || die "The download $part is not a regular file." 'Something replaced it while it downloaded. Apply again.'
  say "Checking the SHA-256 of $name.tar.gz against the pinned value"
  got=$(sha256sum <"$part" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    ocss_as_oc rm -f -- "$part"
    die "The SHA-256 of $name.tar.gz is $got, but the pinned value is $sha. Nothing was extracted, and the download was deleted." \
      "The file is not the official Node $node_version (a broken download, a proxy that changes files, or a mirror serving another build). Apply again; if it happens again, compare with https://nodejs.org/dist/v$node_version/SHASUMS256.txt, or point \"Node download address\" at a mirror that serves the official file."
  fi
  say "SHA-256 matches: $got"
  tmp=$(ocss_as_oc mktemp -d "$base/.extract.XXXXXX")
  say "Extracting into $dir"
  if ! ocss_as_oc tar -xzf "$part" -C "$tmp" --no-same-owner --no-same-permissions || [ ! -f "$tmp/$name/bin/node" ]; then
    ocss_as_oc rm -rf -- "$tmp" "$part"
    die "The tarball could not be extracted, or it holds no $name/bin/node." 'Free some disk space if tar said so, then apply again.'
  fi
  ocss_as_oc rm -rf -- "$dir"
  ocss_as_oc mv -- "$tmp/$name" "$dir"
  ocss_as_oc rm -rf -- "$tmp" "$part"
  printf '%s\n' "$sha" | ocss_as_oc tee -- "$dir/.ocss-tarball-sha256" >/dev/null
fi
[ "$(readlink -- "$base/current" 2>/dev/null)" = "$name" ] || ocss_as_oc ln -sfn -- "$name" "$base/current"

# 2. OpenClaw.
pkg=$home/.local/lib/node_modules/openclaw
if [ "$(ocss_inst_version "$pkg/package.json")" = "$oc_version" ] && [ "$(readlink -f -- "$home/.local/bin/openclaw" 2>/dev/null)" = "$pkg/openclaw.mjs" ]; then
  say "openclaw@$oc_version is already installed in $home/.local; nothing to download"
else
  say "npm install -g --prefix ~/.local openclaw@$oc_version from $registry (about 330 packages; a minute or more)"
  if ! ocss_as_oc env PATH="$dir/bin:/usr/bin:/bin" "$dir/bin/npm" install --global --prefix "$home/.local" --registry "$registry" \
      --cache "$cache" --no-audit --no-fund --no-update-notifier "openclaw@$oc_version"; then
    die "npm could not install openclaw@$oc_version from $registry." "Read npm's message above. Check that this machine reaches the registry, or set \"npm registry\" under Advanced to your company's mirror. Then apply again (Node is kept; it is not downloaded again)."
  fi
  ocss_as_oc rm -rf -- "$cache"
fi

# 3. The result, as the account.
say "openclaw --version (as $user)"
printed=$(ocss_as_oc openclaw --version 2>&1) || die "openclaw --version failed as $user: $printed" 'Apply again; if it fails again, undo this step and apply it once more.'
printf '%s\n' "$printed"
case "$printed" in
  *"$oc_version"*) say "OpenClaw $oc_version is installed for $user" ;;
  *) die "openclaw --version printed \"$printed\", not $oc_version." "Another openclaw comes first on $user's PATH ($home/.local/bin is first): remove it, then apply again." ;;
esac
