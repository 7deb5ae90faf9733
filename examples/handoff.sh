#!/bin/sh
# Create a runner from an admin workstation and register it on a build host over ssh.
#
# The runner token travels only through pipes: `runnerctl token show` writes it to a pipe,
# ssh carries it encrypted, and `runnerctl register --token-stdin` reads it on the host. It is
# never a command-line argument (any user of either machine can read those in `ps` or
# /proc/*/cmdline) and never a file on the build host except gitlab-runner's config.toml.
#
# Usage:
#   examples/handoff.sh HOST GROUP EXECUTOR [register flags...]
#
# Examples:
#   examples/handoff.sh build-01.example.com team/backend shell
#   examples/handoff.sh build-02.example.com 1234 docker --docker-image alpine:3.20
#
# Needs: runnerctl on both machines; on this one a GitLab URL and API token (`runnerctl auth
# login`, or GITLAB_URL and GITLAB_TOKEN); ssh to HOST with password-less sudo (sudo -n: a
# sudo password prompt would otherwise read the token from stdin).
# Extra runner settings (tags, description) go in RUNNERCTL_CREATE_FLAGS, for example
#   RUNNERCTL_CREATE_FLAGS="--tag docker --tag linux --no-run-untagged"
set -eu

if [ $# -lt 3 ]; then
    echo "usage: $0 HOST GROUP EXECUTOR [register flags...]" >&2
    exit 2
fi
host=$1
group=$2
executor=$3
shift 3

# Quotes one word for the remote shell, which re-parses the command ssh sends.
quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The URL the runner must talk to: the one runnerctl uses here.
url=$(runnerctl auth status --format json | sed -n 's/^ *"url": *"\([^"]*\)".*/\1/p' | head -n 1)
if [ -z "$url" ]; then
    echo "cannot tell which GitLab runnerctl uses: run \`runnerctl auth login\` first" >&2
    exit 1
fi

# shellcheck disable=SC2086 # RUNNERCTL_CREATE_FLAGS is a list of flags on purpose
created=$(runnerctl create -g "$group" --description "$host" ${RUNNERCTL_CREATE_FLAGS:-} --format json)
id=$(printf '%s\n' "$created" | sed -n 's/^ *"id": *\([0-9][0-9]*\).*/\1/p' | head -n 1)
stored=$(printf '%s\n' "$created" | sed -n 's/^ *"token_stored": *"\([a-z_]*\)".*/\1/p' | head -n 1)
echo "created runner $id in $group (token kept in: $stored)" >&2

remote="sudo -n runnerctl register --token-stdin --url $(quote "$url") --name $(quote "$host") --executor $(quote "$executor")"
for flag in "$@"; do
    remote="$remote $(quote "$flag")"
done

case $stored in
    keyring | file)
        runnerctl token show "$id" | ssh "$host" "$remote"
        ;;
    token_file)
        file=$(printf '%s\n' "$created" | sed -n 's/^ *"token_file": *"\([^"]*\)".*/\1/p' | head -n 1)
        ssh "$host" "$remote" < "$file"
        echo "registered; remove $file once you no longer need it" >&2
        ;;
    *)
        echo "runner $id's token could not be stored here; register it by hand" >&2
        exit 1
        ;;
esac
echo "runner $id is registered on $host; check with: ssh $host sudo runnerctl status" >&2
