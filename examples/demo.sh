#!/usr/bin/env bash
# The runnerctl demo: a fake GitLab with a sample fleet (examples/fleet.json), then the
# lifecycle an operator walks through, printed as they would see it. Nothing outside a
# temporary directory is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

# A command as the reader would type it: each word quoted for the shell where it needs it.
quote() {
  local word out=()
  for word in "$@"; do
    if [[ -n $word && $word =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      out+=("$word")
    else
      out+=("'${word//\'/\'\\\'\'}'")
    fi
  done
  printf '%s\n' "${out[*]}"
}

echo "Building runnerctl and the fake GitLab (a release build: a few minutes the first time, seconds after):"
started=$SECONDS
# One build each: runnerctl's alone is the build `cargo deb` makes, which then has nothing to do.
for package in runnerctl fake-gitlab; do
  build=(cargo build --quiet --release --locked -p "$package")
  printf '$ %s\n' "$(quote "${build[@]}")"
  "${build[@]}"
done
echo "built in $((SECONDS - started)) s."
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target="$PWD/$target" ;; esac
bin="$target/release"
fleet="$PWD/examples/fleet.json"

demo=$(mktemp -d)
cleanup() {
  if [ -n "${fake_pid:-}" ]; then kill "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$demo"
}
trap cleanup EXIT

"$bin/fake-gitlab" --fleet "$fleet" --ignore-stdin >"$demo/fake.out" 2>"$demo/fake.err" &
fake_pid=$!
for _ in $(seq 100); do
  [ -s "$demo/fake.out" ] && break
  sleep 0.1
done
url=$(head -n 1 "$demo/fake.out")
[ -n "$url" ] || { cat "$demo/fake.err" >&2; exit 1; }

export HOME="$demo/home" GITLAB_URL="$url" RUNNERCTL_KEYRING="file:$demo/home/secrets"
export CONFIG_FILE="$demo/config.toml" NO_COLOR=1
unset GITLAB_TOKEN GITLAB_HOST
mkdir -p "$HOME"
cd "$HOME"
runnerctl() { "$bin/runnerctl" "$@"; }

say() { printf '\n# %s\n' "$*"; }
show() {
  printf '$ %s\n' "$(quote runnerctl "$@")"
  runnerctl "$@" 2>&1 || true
}

echo "A fake GitLab runs at $url with the fleet of examples/fleet.json."

say "Log in once. The API token is kept in the secret store, bound to this URL."
printf '$ runnerctl auth login --token-stdin < token.txt\n'
printf 'glpat-admin-token' | runnerctl auth login --token-stdin 2>&1
show auth status

say "Create a group runner for the docker jobs of acme/web. GitLab shows its token once;"
say "runnerctl keeps it in the secret store and never prints it."
show create -g acme/web --tag docker --tag linux --description "web docker runner"

say "Scripts read JSON. The token stays out of it too."
create=(create -p acme/ml/training --tags gpu --no-run-untagged --format json)
json=$(runnerctl "${create[@]}")
printf '$ %s\n%s\n' "$(quote runnerctl "${create[@]}")" "$json"
id=$(printf '%s' "$json" | sed -n 's/^ *"id": *\([0-9]*\),*$/\1/p' | head -n 1)

say "Register it on this machine: verify the token, write one [[runners]] entry into config.toml."
show register --runner "$id" --executor docker --docker-image alpine:3 --name gpu-01
say "Running it again changes nothing (and does not rewrite the file)."
show register --runner "$id" --executor docker --docker-image alpine:3 --name gpu-01 --format json
printf '$ %s   # the token line is masked here\n' "$(quote cat "$CONFIG_FILE")"
sed 's/^\( *token = "glrt-\).*"/\1…"/' "$CONFIG_FILE"

say "Another host gets the token through a pipe, never through argv:"
printf '$ runnerctl token show %s | ssh gpu-02 sudo runnerctl register --token-stdin --executor shell\n' "$id"

say "The fleet as GitLab sees it, and which runners are registered here:"
show list -g acme

say "Something is stuck? One run explains the runners and every pending job."
show doctor -g acme

say "Cleaning up: runners that never came up, planned first."
show prune --never-contacted --all --dry-run

say "Mistakes are caught before anything is created:"
show create -g acme/web --no-run-untagged
show create -g acme/web --maximum-timeout 60
printf '$ echo glrt-... | runnerctl register --token-stdin --executor docker\n'
echo glrt-not-a-real-token | runnerctl register --token-stdin --executor docker 2>&1 || true
