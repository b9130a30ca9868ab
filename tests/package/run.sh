#!/usr/bin/env bash
# Builds the .deb and the .tar.gz with cpack, checks that each holds exactly what `cmake --install`
# installs (and that this includes the binary, the libraries, the header, the man page, the
# pkg-config file and the license), checks the Debian control fields, then unpacks each package
# into a scratch root and uses it: the binary checks examples/inventory.json and reports what the
# build's binary reports, and examples/embed.c builds against the package's library and runs.
# Usage: run.sh BUILD_DIR SOURCE_DIR TOKPOL_BIN
set -euo pipefail
build=$1
src=$2
tokpol=$3
for tool in cpack dpkg-deb dpkg-shlibdeps file pkg-config cc; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (run scripts/deps --test)"; exit 1; }
done
# shellcheck source=tests/lib/checks.sh
. "$src/tests/lib/checks.sh"

if ! cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1
fi
version=$(sed -n 's/^#define TP_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' "$src/include/tokpol.h" | paste -sd.)
deb=$(find "$work/out" -maxdepth 1 -name "tokpol_${version}-*.deb")
tgz=$(find "$work/out" -maxdepth 1 -name "tokpol-${version}-*.tar.gz")
[ -f "$deb" ] && ok "cpack wrote $(basename "$deb")" || { bad "no .deb for version $version"; exit 1; }
[ -f "$tgz" ] && ok "cpack wrote $(basename "$tgz")" || { bad "no .tar.gz for version $version"; exit 1; }

# What `cmake --install` installs, relative to the prefix: each package must hold exactly that.
cmake --install "$build" --prefix "$work/prefix" >/dev/null
(cd "$work/prefix" && find . ! -type d | sed 's|^\./||' | sort) >"$work/installed"
for f in bin/tokpol lib/libtokpol.so lib/libtokpol.so.0 lib/libtokpol.a include/tokpol.h \
         share/man/man1/tokpol.1 lib/pkgconfig/tokpol.pc share/doc/tokpol/LICENSE \
         share/doc/tokpol/copyright lib/cmake/tokpol/tokpolConfig.cmake \
         share/tokpol/policies/lokalise.tpol; do
  grep -qx "$f" "$work/installed" || bad "cmake --install does not install $f"
done
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./usr/||' | sort >"$work/deb.files"
tar tzf "$tgz" | grep -v '/$' | sed 's|^[^/]*/||' | sort >"$work/tgz.files"
diff -u "$work/installed" "$work/deb.files" && ok ".deb holds what cmake --install installs, under /usr" \
  || bad ".deb contents differ from the install"
diff -u "$work/installed" "$work/tgz.files" && ok ".tar.gz holds what cmake --install installs" \
  || bad ".tar.gz contents differ from the install"
cmp -s "$src/LICENSE" <(dpkg-deb --fsys-tarfile "$deb" | tar xO ./usr/share/doc/tokpol/LICENSE) \
  && ok "the license in the .deb is LICENSE" || bad "license text in the .deb"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = tokpol ] && ok "Package: tokpol" || bad "Package: $(field Package)"
[ "$(field Version)" = "$version-1" ] && ok "Version: $version-1" || bad "Version: $(field Version)"
[[ "$(field Maintainer)" =~ ^.+\ \<.+@.+\>$ ]] && ok "Maintainer: $(field Maintainer)" || bad "Maintainer"
[ -n "$(field Description)" ] && [ "$(field Description | wc -l)" -gt 2 ] \
  && ok "Description with an extended text" || bad "Description"
# Depends comes from dpkg-shlibdeps: whatever the binary and the library link dynamically.
depends=$(field Depends)
for lib in libc6 libcjson1 libpcre2-8-0; do
  [[ "$depends" =~ (^|, )$lib\ \(\>=\ [0-9] ]] && ok "Depends on $lib with a version" || bad "Depends: $depends"
done

# The .deb unpacked into a scratch root: its binary and its library are usable as installed.
root=$work/root
dpkg-deb -x "$deb" "$root"
unresolved=$(ldd "$root/usr/bin/tokpol" | grep 'not found' || true)
[ -z "$unresolved" ] && ok "the packaged binary's libraries resolve" || bad "unresolved: $unresolved"
cd "$src"
now=(--now 2026-11-27T09:00:00Z)
set +e
"$root/usr/bin/tokpol" check "${now[@]}" examples/inventory.json >"$work/deb.txt" 2>&1
code=$?
"$root/usr/bin/tokpol" check "${now[@]}" -o json:"$work/deb.json" examples/inventory.json
"$tokpol" check "${now[@]}" -o json:"$work/build.json" examples/inventory.json
set -e
[ "$code" -eq 1 ] && ok "the .deb's tokpol finds the planted problems (exit 1)" || bad "exit $code"
grep -q '^FAIL: 1 input, 11 rules' "$work/deb.txt" && grep -q 'critical LOK004 lok-1' "$work/deb.txt" \
  && ok "its text report names LOK004 on lok-1" || { cat "$work/deb.txt"; bad "text report"; }
cmp -s "$work/deb.json" "$work/build.json" && ok "its JSON report equals the build's" || bad "JSON reports differ"

libdir=$root/usr/lib
# shellcheck disable=SC2046 # the flags are words
PKG_CONFIG_PATH=$libdir/pkgconfig cc -std=c11 -Wall -Werror -o "$work/embed" examples/embed.c \
  $(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --cflags --libs tokpol libcjson) -Wl,-rpath,"$libdir"
# ldd shows the library came from the package, not from an installed tokpol.
# Whole outputs first: `prog | grep -q` under pipefail fails when grep stops reading early.
if grep -q "libtokpol.so.0 => $libdir/libtokpol.so.0" <<<"$(ldd "$work/embed")" &&
   grep -q '^2 checked, 1 failed$' <<<"$("$work/embed")"; then
  ok "examples/embed.c builds against the .deb's header, pkg-config file and library, and runs"
else
  bad "embed.c against the .deb"
fi

tar xzf "$tgz" -C "$work"
tgzroot=$(find "$work" -maxdepth 1 -type d -name "tokpol-${version}-*")
"$tgzroot/bin/tokpol" rules >"$work/tgz.rules" && grep -q '^LOK010 ' "$work/tgz.rules" \
  && ok "the .tar.gz's tokpol lists the built-in rules" || bad "tokpol rules from the .tar.gz"

summary package
