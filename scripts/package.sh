#!/usr/bin/env bash
# Builds the release artifacts of VERSION into OUTDIR (default dist/):
#   dms-VERSION-linux-x64.tar.gz     the four executables and the systemd unit
#   dms_VERSION_amd64.deb, dms-emulator_VERSION_amd64.deb
#   dms-RPMVERSION-1.x86_64.rpm, dms-emulator-RPMVERSION-1.x86_64.rpm  (RPM versions have no '-': it becomes '~')
# The executables are self-contained single files for linux-x64 (no .NET on the target host).
# rpmbuild comes from Debian's rpm package, installed when missing and root (like the tools of
# install-test-tools.sh); without it the RPMs are left out and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/package.sh VERSION [OUTDIR]" >&2
  exit 2
fi
version=$1
out=$(mkdir -p "${2:-dist}" && cd "${2:-dist}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Executables, by project: AssemblyName in each csproj names the file.
declare -A projects=([dms]=src/Dms.Service [dmscli]=src/Dms.Cli [lbemu]=src/Lightbits.Emulator [lbcli]=src/Lightbits.Cli)
for name in dms dmscli lbemu lbcli; do
  echo "package: publishing $name" >&2
  # Native libraries (SQLite, compression) go inside the file too and are extracted on first
  # start; DOTNET_BUNDLE_EXTRACT_BASE_DIR moves that (the unit points it at its private /tmp).
  dotnet publish "${projects[$name]}" --nologo -v quiet -c Release -r linux-x64 --self-contained \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none -p:InformationalVersion="$version" \
    -o "$work/publish/$name" >&2
  install -D -m 0755 "$work/publish/$name/$name" "$work/bin/$name"
done

# The deb trees; the RPMs are built from the same trees.
lay_out() {
  local tree=$work/stage/$1; shift
  install -d "$tree/DEBIAN" "$tree/usr/bin"
  sed "s/@VERSION@/$version/" "packaging/deb/$(basename "$tree").control" > "$tree/DEBIAN/control"
  for name in "$@"; do
    install -m 0755 "$work/bin/$name" "$tree/usr/bin/$name"
  done
}
lay_out dms dms dmscli
install -D -m 0644 packaging/dms.service "$work/stage/dms/usr/lib/systemd/system/dms.service"
install -d "$work/stage/dms/etc/dms" "$work/stage/dms/var/lib/dms"
install -m 0755 packaging/postinst.sh "$work/stage/dms/DEBIAN/postinst"
install -m 0755 packaging/prerm.sh "$work/stage/dms/DEBIAN/prerm"
lay_out dms-emulator lbemu lbcli

tarball=dms-$version-linux-x64
install -d "$work/$tarball"
cp "$work/bin/"* packaging/dms.service "$work/$tarball/"
tar -C "$work" -czf "$out/$tarball.tar.gz" "$tarball"
echo "$out/$tarball.tar.gz"

for package in dms dms-emulator; do
  # gzip: xz over ~100 MiB of executables costs minutes on a small CI machine.
  dpkg-deb --root-owner-group -Zgzip --build "$work/stage/$package" "$out/${package}_${version}_amd64.deb" >/dev/null
  echo "$out/${package}_${version}_amd64.deb"
done

if ! command -v rpmbuild >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "package: installing rpm (for rpmbuild)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends rpm >/dev/null || true
  fi
  if ! command -v rpmbuild >/dev/null 2>&1; then
    echo "package: rpmbuild is missing (apt-get install rpm as root); no RPMs built" >&2
    exit 0
  fi
fi
rpm_version=${version//-/\~}
awk -v postinst=packaging/postinst.sh -v prerm=packaging/prerm.sh '
  $0 == "@POSTINST@" { while ((getline line < postinst) > 0) print line; next }
  $0 == "@PRERM@" { while ((getline line < prerm) > 0) print line; next }
  { print }' packaging/dms.spec.in \
  | sed -e "s|@RPM_VERSION@|$rpm_version|" -e "s|@STAGE@|$work/stage|g" > "$work/dms.spec"
rpmbuild --quiet -bb --target x86_64 --define "_topdir $work/rpm" --define "_binary_payload w6.gzdio" \
  "$work/dms.spec" >&2
for rpm in "$work/rpm/RPMS/x86_64/"*.rpm; do
  cp "$rpm" "$out/"
  echo "$out/$(basename "$rpm")"
done
