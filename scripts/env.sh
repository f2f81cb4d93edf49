# Sourced by the project's scripts: puts the project's Node 22 first on PATH and points Yarn at the
# registry and CA of this machine's npm config. Nothing here downloads; scripts/bootstrap.sh does.
INFRA_NODE_VERSION=22.23.3
INFRA_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/infra-inventory"
INFRA_DATA_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/infra-inventory"
INFRA_NODE_DIR="$INFRA_CACHE_DIR/node-$INFRA_NODE_VERSION"
INFRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export INFRA_CACHE_DIR INFRA_DATA_DIR INFRA_ROOT

case ":$PATH:" in
  *":$INFRA_NODE_DIR/bin:"*) ;;
  *) export PATH="$INFRA_NODE_DIR/bin:$PATH" ;;
esac
# native addons (better-sqlite3) build against these headers instead of downloading them
export npm_config_nodedir="$INFRA_NODE_DIR"
export YARN_IGNORE_PATH=0

infra_npm_config() {
  # npm warns on stderr about unknown user keys on some machines; only the value matters here
  local v
  # npm finds its global config next to the node that runs it, so ask the machine's own npm,
  # not one running on our Node 22
  v="$(PATH="${PATH//$INFRA_NODE_DIR\/bin:/}" npm config get "$1" 2>/dev/null)"
  case "$v" in undefined | null) v="" ;; esac
  printf '%s' "$v"
}
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ] && command -v npm >/dev/null 2>&1; then
  YARN_NPM_REGISTRY_SERVER="$(infra_npm_config registry)"
  YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
  export YARN_NPM_REGISTRY_SERVER
  _cafile="$(infra_npm_config cafile)"
  if [ -n "$_cafile" ] && [ -f "$_cafile" ]; then
    export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-$_cafile}"
    export YARN_HTTPS_CA_FILE_PATH="${YARN_HTTPS_CA_FILE_PATH:-$_cafile}"
  fi
  unset _cafile
fi

yarn() { node "$INFRA_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
