# Shared set-up for scripts/run and scripts/test: venv, install, translations, database.
# Usage: source scripts/_setup.sh EXTRAS   (EXTRAS is "" or "dev")

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.11 or newer is required." >&2
  return 1
}

setup_venv() {
  local extras="$1" spec="." stamp
  [ -n "$extras" ] && spec=".[${extras}]"
  if [ ! -x .venv/bin/python ]; then
    "$(pick_python)" -m venv .venv
  fi
  # Reinstall only when pyproject.toml or the extras changed.
  stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    echo "Installing the registry and its dependencies into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
    rm -f .venv/.installed-* && touch "$stamp"
  fi
  .venv/bin/pybabel compile -d registry/translations >/dev/null
}
