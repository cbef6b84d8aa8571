#!/usr/bin/env bash
# Generates the aaren(1) man page from the command line's own --help texts with help2man:
# the top-level help gives NAME/SYNOPSIS/DESCRIPTION, and every command's `aaren CMD --help`
# becomes a subsection of COMMANDS. Usage: make-manpage.sh AAREN_BINARY OUT.1
set -euo pipefail
bin=$1
out=$2
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
  echo "[COMMANDS]"
  # Command names: the indented lines under "Commands:" in `aaren --help`.
  "$bin" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}' |
    while read -r cmd; do
      echo ".SS \"aaren $cmd\""
      echo ".nf"
      "$bin" "$cmd" --help | sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
      echo ".fi"
    done
  echo "[FILES]"
  echo ".TP"
  echo ".I ~/.local/share/aaren-studio/workspace.sqlite"
  echo "The workspace database (\$XDG_DATA_HOME/aaren-studio/ when XDG_DATA_HOME is set)."
  echo ".TP"
  echo ".I /usr/share/aaren-studio/data"
  echo "Sample datasets shipped with the application."
  echo "[SEE ALSO]"
  echo ".BR aaren-studio (1)"
} > "$include"
tmp="$out.tmp.$$"
help2man --no-info --section=1 --source="Aaren Studio" --manual="Aaren Studio" \
  --name="train, evaluate and run Aaren time-series models from the command line" \
  --include="$include" "$bin" > "$tmp"
mv "$tmp" "$out"
