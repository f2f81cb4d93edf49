#!/usr/bin/env bash
# The whole test suite: formatting, types, lint, the production app build, a benchmark smoke run
# and every jest test (real SQLite, PostgreSQL, Redis, vcsim and Chromium). Exits non-zero if any
# step fails; every step runs so one run shows every problem. Under CI=true a missing service or
# tool fails the run; elsewhere those tests skip with a notice naming what to install.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh || exit 1
source scripts/env.sh

export BACKSTAGE_TEST_DISABLE_DOCKER=1
failed=()
step() {
  local name="$1"
  shift
  local started=$SECONDS
  printf '\n==> %s\n' "$name" >&2
  if "$@"; then
    printf '<== %s ok (%ss)\n' "$name" "$((SECONDS - started))" >&2
  else
    printf '<== %s FAILED (%ss)\n' "$name" "$((SECONDS - started))" >&2
    failed+=("$name")
  fi
}
bin=node_modules/.bin

step prettier node $bin/prettier --check --loglevel warn .
step tsc node $bin/tsc
step lint node $bin/backstage-cli repo lint
step "app build" bash -c "cd packages/app && node ../../$bin/backstage-cli package build >/dev/null"
bench_out="$(mktemp -d)"
step "bench smoke" node --require @backstage/cli/config/nodeTransform.cjs bench/run.ts --smoke --out "$bench_out"
jest_log="$bench_out/jest.log"
step jest bash -c "set -o pipefail; node $bin/backstage-cli repo test --watchAll=false 2>&1 | tee '$jest_log'"
# jest's own summary line, restated in the plain form CI reads: "jest: N passed, N failed, N skipped"
summary="$(grep -E '^Tests: ' "$jest_log" | tail -n 1)"
count() { printf '%s' "$summary" | grep -oE "[0-9]+ $1" | grep -oE '[0-9]+' || echo 0; }
rm -rf "$bench_out"

printf '\njest: %s passed, %s failed, %s skipped\n' "$(count passed)" "$(count failed)" "$(count skipped)"
if [ "${#failed[@]}" -gt 0 ]; then
  printf '\nFAILED steps: %s\n' "${failed[*]}" >&2
  exit 1
fi
printf '\nAll test steps passed.\n' >&2
