# Shared helpers for scripts/run and scripts/test. Source it; do not run it.

SHELF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Packages every build needs (Debian 12 names). libpq-dev: the session writes many new rows through
# COPY on the connection QPSQL opened (model/orm/postgrescopy.h).
SHELF_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools libgl-dev
    libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins libsqlite3-dev libpq-dev libcsv-dev
    fonts-dejavu-core)
# Extra packages the test suite needs: a PostgreSQL server, Xvfb and ImageMagick for screenshots.
SHELF_TEST_PACKAGES=(postgresql-15 postgresql-client-15 xvfb xauth imagemagick)
# The fuzz target (scripts/fuzz): clang, libFuzzer's runtime and llvm-symbolizer for its reports.
SHELF_FUZZ_PACKAGES=(clang libclang-rt-14-dev llvm-14)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs whichever of the given Debian packages are missing; a second run costs one dpkg query.
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "shelf: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# configure_and_build <build dir> <cmake args...>: reuses the folder, so a second run is incremental.
configure_and_build() {
    local dir="$1"
    shift
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$SHELF_ROOT" -B "$dir" -G Ninja "$@"
    fi
    cmake --build "$dir" --parallel "$(nproc)"
}
