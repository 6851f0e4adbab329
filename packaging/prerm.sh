#!/bin/sh
# Before the dms package is removed (Debian prerm "remove", RPM %preun with 0 left): stop the
# service so running workflows are handed back. An upgrade leaves it running; the operator
# restarts it when convenient (docs/operations.md, Upgrade).
set -e
case "$1" in
  remove|0)
    if [ -d /run/systemd/system ]; then
      systemctl disable --now dms.service >/dev/null 2>&1 || true
    fi
    ;;
esac
