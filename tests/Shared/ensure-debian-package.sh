#!/usr/bin/env bash
# ensure-debian-package.sh EXECUTABLE PACKAGE WHO
# Run by `dotnet test` before a test project's tests (tests/Shared/DebianPackages.targets): installs the Debian
# package that provides EXECUTABLE when it is missing, and says so in one line, so a newcomer's first `dotnet test`
# is not silent for the half minute apt-get takes. Never fails the build: if the install cannot happen, the tests'
# own check (tests/Shared/DebianPackages.cs) tries again and fails with the reason.
exe="$1" pkg="$2" who="$3"
[ -x "$exe" ] && exit 0
echo "tests: installing Debian package '$pkg' for the $who tests ($exe is missing; apt-get, about 10-30 s)"
if [ "$(id -u)" != 0 ]; then
  echo "tests: not root, so not installing; run 'sudo apt-get install -y $pkg' or the $who tests will fail"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "tests: no apt-get here; install '$pkg' yourself"; exit 0; }
export DEBIAN_FRONTEND=noninteractive
log="${TMPDIR:-/tmp}/backbonesim-apt-$pkg.log"
# Test projects build in parallel: one install at a time (apt's own lock would make the others fail at once).
exec 9>"${TMPDIR:-/tmp}/backbonesim-apt.flock"
flock -w 900 9 || true
[ -x "$exe" ] && exit 0 # another project installed it meanwhile
apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$pkg" >"$log" 2>&1 \
  || { apt-get update -qq >>"$log" 2>&1 && apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends "$pkg" >>"$log" 2>&1; } \
  || { echo "tests: apt-get install $pkg failed (log: $log)"; exit 0; }
echo "tests: installed '$pkg'"
