# shellcheck shell=bash
# Shared by scripts/serve, scripts/test and scripts/bench: install what is missing, skip what is already
# there at the right version, and say which. Sourced, not run.
#
# Pinned versions live here and nowhere else (Trunk.toml names the same ones).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132
WASM_TARGET=wasm32-unknown-unknown
APT_PACKAGES=(chromium chromium-driver tshark)

# cargo-installed tools live here; a fresh shell may not have it on PATH yet.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The repo's npm tools (wasm-opt from binaryen) come first, so trunk finds version 132.
export PATH="$ROOT/e2e/node_modules/.bin:$PATH"

if [[ -t 1 ]]; then
    _bold=$'\e[1m' _green=$'\e[32m' _red=$'\e[31m' _dim=$'\e[2m' _reset=$'\e[0m'
else
    _bold='' _green='' _red='' _dim='' _reset=''
fi

# A stage banner: what runs next, in bold.
banner() { printf '\n%s==> %s%s\n' "$_bold" "$*" "$_reset"; }
# A line saying what was found or done.
note() { printf '    %s\n' "$*"; }
skip() { printf '    %s%s (already there)%s\n' "$_dim" "$*" "$_reset"; }
ok() { printf '%s    ok: %s%s\n' "$_green" "$*" "$_reset"; }
die() {
    printf '\n%serror: %s%s\n' "$_red$_bold" "$*" "$_reset" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found: $2"
}

# The first line of `tool --version`, or nothing when the tool is missing or broken.
version_of() { "$@" --version 2>/dev/null | head -n 1 || true; }

# `cargo install` of a build tool without its own release profile's fat LTO and single
# codegen unit (trunk has both): the same program, minus the slowest steps of its build.
cargo_install() {
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

ensure_rust_toolchain() {
    need cargo "install Rust with rustup (https://rustup.rs) first"
    need rustup "install Rust with rustup (https://rustup.rs) first"
    if rustup target list --installed | grep -qx "$WASM_TARGET"; then
        skip "rust target $WASM_TARGET"
    else
        note "adding rust target $WASM_TARGET"
        rustup target add "$WASM_TARGET"
    fi
}

# rustfmt and clippy: only the test script needs them; minimal rustup profiles lack them.
ensure_rust_components() {
    local component
    for component in rustfmt clippy; do
        if rustup component list --installed | grep -q "^$component"; then
            skip "rust component $component"
        else
            note "adding rust component $component"
            rustup component add "$component"
        fi
    done
}

ensure_trunk() {
    if [[ "$(version_of trunk)" == "trunk $TRUNK_VERSION" ]]; then
        skip "trunk $TRUNK_VERSION"
        return
    fi
    note "installing trunk $TRUNK_VERSION (cargo install: 10 to 25 minutes on two cores)"
    cargo_install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
    [[ "$(version_of trunk)" == "trunk $TRUNK_VERSION" ]] ||
        die "trunk on PATH is '$(version_of trunk)', expected $TRUNK_VERSION ($(command -v trunk))"
}

# wasm-bindgen must match the wasm-bindgen crate (=0.2.130 in Cargo.toml) exactly; the same
# install brings wasm-bindgen-test-runner, the runner of `cargo test --target wasm32-...`.
ensure_wasm_bindgen() {
    if [[ "$(version_of wasm-bindgen)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] &&
        command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
        skip "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
        return
    fi
    note "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install: 5 to 15 minutes on two cores)"
    cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    [[ "$(version_of wasm-bindgen)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] ||
        die "wasm-bindgen on PATH is '$(version_of wasm-bindgen)', expected $WASM_BINDGEN_VERSION"
}

# e2e/node_modules holds binaryen (wasm-opt, used by trunk for release builds) and
# playwright-core (the browser tests). `npm ci` runs only when package-lock.json changed.
ensure_node_modules() {
    need node "install Node.js 20 or later"
    need npm "install npm"
    local dir="$ROOT/e2e" stamp want
    stamp="$dir/node_modules/.installed-from-lock"
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        skip "npm packages of e2e/ (binaryen $BINARYEN_VERSION, playwright-core)"
    else
        note "npm ci in e2e/ (binaryen $BINARYEN_VERSION, playwright-core; no browser download)"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        printf '%s\n' "$want" >"$stamp"
    fi
    local found
    found="$(version_of wasm-opt)"
    [[ "$found" == "wasm-opt version $BINARYEN_VERSION "* ]] ||
        die "wasm-opt on PATH is '$found', expected version $BINARYEN_VERSION ($(command -v wasm-opt))"
}

# bench/node_modules holds what only ./scripts/bench needs (Mermaid); it reuses e2e's
# playwright-core. Kept apart so that the tests' `npm ci` in e2e/ never downloads it.
ensure_bench_node_modules() {
    local dir="$ROOT/bench" stamp want
    stamp="$dir/node_modules/.installed-from-lock"
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        skip "npm packages of bench/ (mermaid)"
    else
        note "npm ci in bench/ (mermaid)"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        printf '%s\n' "$want" >"$stamp"
    fi
}

# Trunk.toml says offline = true, so every crate must be downloaded before trunk runs.
ensure_crates() {
    note "cargo fetch"
    (cd "$ROOT" && cargo fetch --quiet)
}

# Everything ./scripts/serve needs.
setup_build_tools() {
    banner "Setup: Rust target, trunk, wasm-bindgen, wasm-opt, crates"
    ensure_rust_toolchain
    ensure_trunk
    ensure_wasm_bindgen
    ensure_node_modules
    ensure_crates
}

# Debian packages for the tests: Chromium and its driver (browser tests), tshark (the pcap
# output is checked against Wireshark's reading). Installed only when one is missing.
ensure_apt_packages() {
    local missing=() pkg
    for pkg in "${APT_PACKAGES[@]}"; do
        if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            skip "debian package $pkg"
        else
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return
    need apt-get "the test dependencies (${missing[*]}) come from Debian's packages"
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        need sudo "run as root or install sudo to install ${missing[*]}"
        sudo=(sudo)
    fi
    note "apt-get install ${missing[*]}"
    # tshark asks whether non-root users may capture; answer no instead of prompting.
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        "${sudo[@]}" debconf-set-selections
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# A release build of the page into dist/ (relative URLs: works from any subfolder).
build_dist() {
    # index.html picks the cargo profile for release builds (web-release: size over speed).
    (cd "$ROOT" && trunk build --release --dist dist)
    # Every scenario's default figure, drawn by the release CLI, shown before the wasm loads.
    (cd "$ROOT" && cargo build --release -p wiretrace-cli --quiet)
    node "$ROOT/scripts/lib/figures.mjs" "${CARGO_TARGET_DIR:-$ROOT/target}/release/wiretrace" "$ROOT/dist"
}

# Raw and gzipped sizes of the wasm, JavaScript, CSS and HTML in dist/. Files that
# index.html names (and index.html itself) are the first load, marked with *; the rest
# (a worker, say) load later, on demand.
size_report() {
    local dist="${1:-$ROOT/dist}" f name raw gz mark
    local total_raw=0 total_gz=0 first_raw=0 first_gz=0 params_raw=0 params_gz=0 zh_raw=0 zh_gz=0
    [[ -f "$dist/index.html" ]] || die "no $dist/index.html to measure"
    # A link with parameters' first figure: index.html and what it names, then the figure
    # worker (its starter, glue and wasm), before the player; in Chinese, the Chinese worker.
    local named
    named="$(grep -Eo '(src|href)="?\./[^" >]+' "$dist/index.html" || true)"
    # What the first load asks for: the files index.html names in src/href attributes, and
    # those its loader (wiretrace-boot-*.js, written by post-build.mjs) imports. Not the
    # names in its text (it mentions wiretrace.html, the single-file build).
    local first
    first="$(mktemp)"
    grep -Eo '(src|href)="?\./[^" >]+' "$dist/index.html" >"$first" || true
    cat "$dist"/wiretrace-boot-*.js >>"$first" 2>/dev/null || true
    printf '    %-48s %10s %10s\n' "file (* = loaded before the player works)" "raw" "gzip -9"
    while IFS= read -r f; do
        name="${f#"$dist"/}"
        raw=$(wc -c <"$f")
        gz=$(gzip -9 -c "$f" | wc -c)
        total_raw=$((total_raw + raw))
        total_gz=$((total_gz + gz))
        if [[ "$name" == index.html || "$name" == figure-worker.js ]] || grep -qF "$name" <<<"$named"; then
            params_raw=$((params_raw + raw))
            params_gz=$((params_gz + gz))
            zh_raw=$((zh_raw + raw))
            zh_gz=$((zh_gz + gz))
        elif [[ "$name" == wiretrace-figure.js || "$name" == wiretrace-figure_bg.wasm ]]; then
            params_raw=$((params_raw + raw))
            params_gz=$((params_gz + gz))
        elif [[ "$name" == wiretrace-figure-zh.js || "$name" == wiretrace-figure-zh_bg.wasm ]]; then
            zh_raw=$((zh_raw + raw))
            zh_gz=$((zh_gz + gz))
        fi
        mark=" "
        # The boot script names the figure worker, which only a link with parameters starts.
        if [[ "$name" == index.html ]] || { [[ "$name" != figure-worker.js ]] && grep -qF "$name" "$first"; }; then
            mark="*"
            first_raw=$((first_raw + raw))
            first_gz=$((first_gz + gz))
        fi
        printf '    %s %-46s %10d %10d\n' "$mark" "$name" "$raw" "$gz"
    done < <(find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) | sort)
    rm -f "$first"
    if [[ -d "$dist/figures" ]]; then
        # Pre-rendered figures: one of them is part of a first load (see README).
        local n fig_raw=0 fig_gz=0 fig_max=0
        n=$(find "$dist/figures" -name '*.svg' | wc -l)
        while IFS= read -r f; do
            raw=$(wc -c <"$f")
            gz=$(gzip -9 -c "$f" | wc -c)
            fig_raw=$((fig_raw + raw))
            fig_gz=$((fig_gz + gz))
            if ((gz > fig_max)); then fig_max=$gz; fi
        done < <(find "$dist/figures" -name '*.svg')
        printf '    %-48s %10d %10d   (largest %d gzipped)\n' "figures/*.svg ($n pre-rendered)" \
            "$fig_raw" "$fig_gz" "$fig_max"
    fi
    printf '    %-48s %10d %10d   (%d KiB gzipped)\n' "until the player works (*)" \
        "$first_raw" "$first_gz" $(((first_gz + 1023) / 1024))
    printf '    %-48s %10d %10d   (%d KiB gzipped)\n' "a link with parameters' first figure" \
        "$params_raw" "$params_gz" $(((params_gz + 1023) / 1024))
    printf '    %-48s %10d %10d   (%d KiB gzipped)\n' "the same in Chinese" \
        "$zh_raw" "$zh_gz" $(((zh_gz + 1023) / 1024))
    printf '    %-48s %10d %10d   (%d KiB gzipped)\n' "all wasm+js+css+html" \
        "$total_raw" "$total_gz" $(((total_gz + 1023) / 1024))
}
