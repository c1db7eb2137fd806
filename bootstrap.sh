#!/bin/sh
# policysim set-up on Debian 12, as root (or with sudo available):
#
#   ./bootstrap.sh           install what is missing, build, run the Feidong
#                            baseline and say where its results are
#   ./bootstrap.sh test      install what the tests need, run `make test`
#
# Only Debian's packages are used; nothing is downloaded from elsewhere.
# GPL-3.0-or-later.
set -eu
cd "$(dirname "$0")"

RUN_PKGS="make gcc libc6-dev pkg-config liblua5.4-dev libssl-dev libgsl-dev \
libplplot-dev plplot-driver-cairo fonts-wqy-microhei libxlsxwriter-dev libsqlite3-dev \
zlib1g-dev libzip-dev libexpat1-dev libcairo2-dev"
TEST_PKGS="$RUN_PKGS clang libclang-rt-14-dev libcmocka-dev python3 lua5.4 libopenmpi-dev openmpi-bin poppler-utils"

mode=${1:-baseline}
case "$mode" in
    baseline) want=$RUN_PKGS ;;
    test) want=$TEST_PKGS ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bootstrap.sh: unknown mode '$mode' (baseline or test)" >&2; exit 64 ;;
esac

missing=""
for p in $want; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "bootstrap.sh: installing Debian packages:$missing"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

case "$mode" in
    baseline)
        make -s
        ./bin/policysim run scenarios/feidong_baseline.lua
        ;;
    test)
        make test
        ;;
esac
