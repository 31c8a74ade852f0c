#!/usr/bin/env bash
# Run a command inside a private D-Bus session with a real, unlocked gnome-keyring (Secret
# Service), so tests use a real OS keyring backend and never see or touch the user's own one.
#
#   bash scripts/with_keyring.sh COMMAND [ARGS...]
#
# The keyring files ($XDG_DATA_HOME/keyrings) and the daemon's control socket ($XDG_RUNTIME_DIR)
# live in a throw-away folder that is removed afterwards. Exits with the command's exit code.
set -euo pipefail

if (($# == 0)); then
    echo "Usage: bash scripts/with_keyring.sh COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
    command -v "$tool" >/dev/null || {
        echo "with_keyring.sh: $tool is missing (packages dbus, dbus-x11, gnome-keyring)" >&2
        exit 2
    }
done

keyring_home="$(mktemp -d "${TMPDIR:-/tmp}/klein-initiatief-keyring.XXXXXX")"
trap 'rm -rf "$keyring_home"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -m 700 "$keyring_home/data" "$keyring_home/runtime"

# Runs inside dbus-run-session (exported so the child bash sees it).
# shellcheck disable=SC2317  # called indirectly, through bash -c
run_with_keyring() {
    # --unlock reads a password from stdin and creates/unlocks the "login" collection, which
    # becomes the default one. An EMPTY stdin does not unlock anything (the daemon then wants a
    # graphical prompt), so feed a throw-away password: the keyring is deleted after the run.
    printf 'klein-initiatief-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    # The daemon forks and claims its bus name a moment later; wait for it, otherwise the first
    # client D-Bus-activates a second daemon without the unlocked collection.
    local tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'; do
        ((++tries < 100)) || { echo "with_keyring.sh: gnome-keyring did not start" >&2; return 1; }
        sleep 0.05
    done
    # The default collection must exist and be unlocked, or keyring calls would wait for a prompt.
    if ! dbus-send --session --print-reply --dest=org.freedesktop.secrets \
        /org/freedesktop/secrets/aliases/default org.freedesktop.DBus.Properties.Get \
        string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null |
        grep -q 'boolean false'; then
        echo "with_keyring.sh: gnome-keyring has no unlocked default collection" >&2
        return 1
    fi
    exec "$@"
}
export -f run_with_keyring

rc=0
# GNOME_KEYRING_CONTROL / SSH_AUTH_SOCK could point at the user's own daemon: drop them.
env -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
    XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/runtime" \
    QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
    dbus-run-session -- bash -c 'run_with_keyring "$@"' _ "$@" || rc=$?
exit "$rc"
