# Shared by ./doorstep and ./run-tests: find or install uv, then build the locked environment.
# Sourced, not run.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here" || exit 1

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "需要管理员权限安装系统软件包 / root is needed to install system packages: $*" >&2
        return 1
    fi
}

# Debian packages, installed only when one is missing (dpkg-query is fast; apt is not).
ensure_debs() {
    command -v dpkg-query >/dev/null || return 0
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "安装系统软件包 / installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    # Through env: sudo resets the environment, so a prefix assignment would not reach apt-get.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

# What Qt needs to start at all (even offscreen), and a font with Chinese glyphs.
QT_DEBS=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-wqy-microhei)
# Fonts for the printed documents: a serif (宋体-like) face for body text and a face with the
# rare CJK Extension A/B characters of some names (䶮 㵘 𠈌), and Latin faces for English documents
# (Liberation Serif/Sans); all TrueType (reports/fonts.py).
REPORT_FONT_DEBS=(fonts-arphic-uming fonts-hanazono fonts-liberation2)
# What a real window needs on X11.
X11_DEBS=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0
    libxcb-xkb1 libx11-xcb1)

ensure_uv() {
    export PATH="$HOME/.local/bin:$PATH"
    command -v uv >/dev/null && return 0
    echo "安装 uv / installing uv"
    python3 -m pip --version >/dev/null 2>&1 || ensure_debs python3-pip
    python3 -m pip install --user --quiet uv 2>/dev/null \
        || python3 -m pip install --user --quiet --break-system-packages uv
}

ensure_env() {
    ensure_uv || exit 1
    uv sync --locked --quiet || exit 1
    # Quiet: its list of .qm files must not reach ./doorstep's stdout (--json output is read).
    uv run --locked --quiet python scripts/build_translations.py >/dev/null || exit 1
}
