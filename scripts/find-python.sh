#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 needs >=3.8,<3.11), or fail saying
# where it looked.
set -u
candidates=("${PYTHON:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)'); do
    candidates+=("$(pyenv root)/versions/$version/bin/python")
  done
fi
candidates+=("$HOME"/.pyenv/versions/3.10*/bin/python)
for candidate in "${candidates[@]}"; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$path"; exit 0
  fi
done
echo "No Python 3.10 found. Looked for: \$PYTHON, python3.10 on PATH, /usr/bin/python3.10," >&2
echo "/usr/local/bin/python3.10 and pyenv's 3.10.x versions. Install Python 3.10 (for example" >&2
echo "'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10." >&2
exit 1
