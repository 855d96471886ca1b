#!/bin/sh
# Regenerates the golden files of testdata/script after an intended change:
# testscript rewrites only `cmp` results, so cmpenv is switched to cmp for the
# run and the temporary work dir folded back into $WORK and $HOME; a "$@"
# in JSON (the setup-token chain's script) becomes "$$@", cmpenv's literal $@.
set -e
cd "$(dirname "$0")/.."
sed -i 's/^cmpenv /cmp /' testdata/script/*.txtar
UPDATE_GOLDEN=1 go test -count=1 -run TestScripts . >/dev/null 2>&1 || true
sed -i -E 's#/tmp/go-test-script[0-9]+/script-[a-z_]+/home#$HOME#g; s#/tmp/go-test-script[0-9]+/script-[a-z_]+#$WORK#g; s/^cmp (stdout|out\.txt) (table|status|two-dirs|work|want)/cmpenv \1 \2/; s/\\"\$@\\"/\\"$$@\\"/g' testdata/script/*.txtar
go test -count=1 -run TestScripts .
