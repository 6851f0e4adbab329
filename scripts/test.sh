#!/usr/bin/env bash
# The test suite: installs what optional tests need (idempotently), runs every test project,
# and ends with one plain summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
if [ -z "${DMS_TEST_POSTGRES:-}" ]; then
  DMS_TEST_POSTGRES=$(bash scripts/start-test-postgres.sh || true)
  export DMS_TEST_POSTGRES
fi

results=$(mktemp -d)
# Tests that save artifacts (the dashboard's screenshots) put them here, beside the .trx files.
export DMS_TEST_RESULTS="$results"
status=0
dotnet test Dms.sln --nologo --logger "trx" --results-directory "$results" -v minimal 2>&1 | tee "$results/output.txt" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
# Skipped tests name why in the output above; list them again where they are easy to find.
grep -h "\[SKIP\]" "$results/output.txt" 2>/dev/null | sed 's/^/skipped: /' || true
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
