#!/usr/bin/env bash
# Checks the .deb that `make package` built: the desktop entry and AppStream metadata
# validate, the package holds what it must, and once installed on this machine
# (apt-get install ./aaren-studio_*.deb, as root) `aaren --help` works, the man page opens
# and `aaren-studio` starts under Xvfb and shows the bundled data.
# Usage: scripts/package-check.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
deb=$(ls -t "$build"/aaren-studio_*.deb 2>/dev/null | head -n1 || true)
[[ -n "$deb" ]] || { echo "package-check: no aaren-studio_*.deb in $build (run make package)" >&2; exit 1; }
app_id=org.aarenstudio.AarenStudio
fail() { echo "package-check: FAIL: $*" >&2; exit 1; }
echo "package-check: $deb"

desktop-file-validate "$root/packaging/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$build/packaging/$app_id.metainfo.xml" || fail "appstreamcli validate"

# The file list must hold the binaries, data, desktop integration and docs.
list=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
for f in /usr/bin/aaren /usr/bin/aaren-studio \
         /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/$app_id.svg \
         /usr/share/icons/hicolor/48x48/apps/$app_id.png /usr/share/icons/hicolor/256x256/apps/$app_id.png \
         /usr/share/man/man1/aaren.1.gz /usr/share/doc/aaren-studio/copyright \
         /usr/share/aaren-studio/data/SOURCES.md /usr/share/aaren-studio/data/forecasting/ETTh1.csv \
         /usr/share/aaren-studio/data/classification/BasicMotions/BasicMotions_TRAIN.ts; do
  grep -qxF "$f" <<<"$list" || fail "$f is not in the package"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "package-check: Depends: $depends"
for d in libqt6widgets6 libtorch1.13 libsqlite3-0 libqt6svg6; do
  grep -q "$d" <<<"$depends" || fail "Depends lacks $d"
done

if [[ $(id -u) -ne 0 ]]; then
  echo "package-check: not root, skipping the install test (run as root to install the .deb)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --reinstall "$(realpath "$deb")" >/dev/null || fail "apt-get install $deb"
/usr/bin/aaren --help | grep -q "Usage: aaren <command>" || fail "aaren --help"
/usr/bin/aaren inspect /usr/share/aaren-studio/data/forecasting/ETTh1.csv | grep -q "Rows: *17420" || fail "aaren inspect on the installed data"
man -w aaren >/dev/null 2>&1 || zcat /usr/share/man/man1/aaren.1.gz | grep -q "^.SH COMMANDS" || fail "man page"
shot=$(mktemp --suffix=.png)
trap 'rm -f "$shot"' EXIT
# Opens the bundled ETTh1 from /usr/share (the installed data dir) and saves a screenshot.
(cd / && timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" /usr/bin/aaren-studio --screenshot "$shot") ||
  fail "aaren-studio did not start under Xvfb"
[[ -s "$shot" ]] || fail "aaren-studio wrote no screenshot"
echo "package-check: installed and started; screenshot $(stat -c %s "$shot") bytes"
echo "package-check: OK"
