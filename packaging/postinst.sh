#!/bin/sh
# After the dms package is installed or upgraded (Debian postinst, RPM %post; arguments ignored):
# the dms system user, its directories, and on first install the config dir from `dms init`.
# `dms init` creates only what is missing, and it runs only while /etc/dms has no dms.yaml, so
# keys, certificate and .htpasswd an operator has are never replaced.
set -e

if ! getent passwd dms >/dev/null; then
  useradd --system --user-group --home-dir /var/lib/dms --no-create-home \
    --shell /usr/sbin/nologin --comment "DMS Data Management Service" dms
fi
install -d -o dms -g dms -m 0750 /var/lib/dms
install -d -o dms -g dms -m 0750 /etc/dms

if [ ! -e /etc/dms/dms.yaml ]; then
  password_file=/etc/dms/initial-password
  ( umask 077 && head -c 18 /dev/urandom | base64 > "$password_file" )
  chown dms:dms "$password_file"
  # The single-file executable unpacks its native libraries (SQLite) first; as dms, somewhere dms may write.
  extract=$(mktemp -d)
  chown dms "$extract"
  DOTNET_BUNDLE_EXTRACT_BASE_DIR=$extract \
    runuser -u dms -- /usr/bin/dms init --config-dir /etc/dms --user admin --password-stdin < "$password_file" >/dev/null
  rm -rf "$extract"
  echo "dms: created /etc/dms; the first user is admin with the password in $password_file"
  echo "dms: change it (sudo -u dms dms passwd admin), delete that file, then: systemctl enable --now dms"
fi

if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
