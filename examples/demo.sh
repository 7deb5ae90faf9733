#!/usr/bin/env bash
# The runnerctl demo: a fake GitLab with a sample fleet (examples/fleet.json), then the
# lifecycle an operator walks through, printed as they would see it; then the same lifecycle
# on a fake Gitea 1.26 and a fake Semaphore UI (their `--demo` fleets). Nothing outside a
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

echo "Building runnerctl and the fake GitLab, Gitea and Semaphore (a release build: a few minutes the first time, seconds after):"
started=$SECONDS
# One build each: runnerctl's alone is the build `cargo deb` makes, which then has nothing to do.
for package in runnerctl fake-gitlab fake-gitea fake-semaphore; do
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
  if [ -n "${gitea_pid:-}" ]; then kill "$gitea_pid" 2>/dev/null || true; fi
  if [ -n "${semaphore_pid:-}" ]; then kill "$semaphore_pid" 2>/dev/null || true; fi
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

# Gitea and Forgejo: the same lifecycle, with a registration token the operator never sees.
"$bin/fake-gitea" --flavour gitea-1.26 --demo --ignore-stdin >"$demo/gitea.out" 2>"$demo/gitea.err" &
gitea_pid=$!
for _ in $(seq 100); do
  [ -s "$demo/gitea.out" ] && break
  sleep 0.1
done
gitea_url=$(head -n 1 "$demo/gitea.out")
[ -n "$gitea_url" ] || { cat "$demo/gitea.err" >&2; exit 1; }
unset GITLAB_URL CONFIG_FILE
runner_file="$demo/gitea-runner/.runner"
mkdir -p "$(dirname "$runner_file")"

printf '\n\nA fake Gitea 1.26 runs at %s: organization team, repository team/app, four runners, two queued jobs.\n' "$gitea_url"

say "Log in with its URL alone: runnerctl asks the server once which forge it is, and saves that."
printf '$ runnerctl auth login --url %s --token-stdin < token.txt\n' "$gitea_url"
printf 'gitea-owner-token' | runnerctl auth login --url "$gitea_url" --token-stdin 2>&1

say "Create an organization runner: runnerctl takes the org's registration token, registers the
# runner itself, and keeps its id, uuid, token and labels in the secret store."
create=(create -g team --name build-01 --label ubuntu-latest:docker://node:20 --format json)
json=$(runnerctl "${create[@]}")
printf '$ %s\n%s\n' "$(quote runnerctl "${create[@]}")" "$json"
gitea_id=$(printf '%s' "$json" | sed -n 's/^ *"id": *\([0-9]*\),*$/\1/p' | head -n 1)

say "On the runner's host, its .runner comes through a pipe (here: this machine):"
printf '$ runnerctl token show %s --format json | ssh build-01 sudo runnerctl register --credentials-stdin\n' "$gitea_id"
runnerctl token show "$gitea_id" --format json \
  | runnerctl register --credentials-stdin --runner-file "$runner_file" 2>&1 || true
printf '$ %s   # the token is masked here; the file is mode %s\n' "$(quote cat .runner)" "$(stat -c %a "$runner_file")"
sed 's/^\( *"token": "\).*"/\1…"/' "$runner_file"

say "The org's runners (Gitea keeps no last-seen time: online means seen in the last minute):"
show list -g team
show pause "$gitea_id"
show resume "$gitea_id"

say "A job waits? doctor names the cause of each: here one no runner has the labels for."
show doctor -g team --runner-file "$runner_file"

say "Offline runners are never cleaned up by Gitea itself; the plan first:"
show prune --offline -g team --dry-run

# Semaphore UI: the same commands; the runner's token and private key never leave the store
# but into the three host files, each 0600 (`semaphore runner setup` writes the token 0644).
"$bin/fake-semaphore" --demo --ignore-stdin >"$demo/semaphore.out" 2>"$demo/semaphore.err" &
semaphore_pid=$!
for _ in $(seq 100); do
  [ -s "$demo/semaphore.out" ] && break
  sleep 0.1
done
semaphore_url=$(head -n 1 "$demo/semaphore.out")
[ -n "$semaphore_url" ] || { cat "$demo/semaphore.err" >&2; exit 1; }
semaphore_file="$demo/semaphore-runner/config.runner.json"
mkdir -p "$(dirname "$semaphore_file")"

printf '\n\nA fake Semaphore UI runs at %s: project infra, three global runners, a task waiting.\n' "$semaphore_url"

say "Log in with its URL alone: /api/ping answers pong, so it is Semaphore."
printf '$ runnerctl auth login --url %s --token-stdin < token.txt\n' "$semaphore_url"
printf 'semaphore-admin-token' | runnerctl auth login --url "$semaphore_url" --token-stdin 2>&1

say "Create a global runner with one tag; its token and private key go to the secret store."
create=(create --instance --name ansible-01 --tag gpu --format json)
json=$(runnerctl "${create[@]}")
printf '$ %s\n%s\n' "$(quote runnerctl "${create[@]}")" "$json"
semaphore_id=$(printf '%s' "$json" | sed -n 's/^ *"id": *\([0-9]*\),*$/\1/p' | head -n 1)

say "On the runner's host: config.runner.json in Semaphore's own layout, runner.token and runner.key beside it."
printf '$ runnerctl token show %s --format json | ssh ansible-01 sudo runnerctl register --credentials-stdin\n' "$semaphore_id"
runnerctl token show "$semaphore_id" --format json \
  | runnerctl register --credentials-stdin --runner-file "$semaphore_file" 2>&1 || true
printf '$ %s   # files are mode %s\n' "$(quote cat config.runner.json)" "$(stat -c %a "$semaphore_file" "$(dirname "$semaphore_file")/runner.token" "$(dirname "$semaphore_file")/runner.key" | tr '\n' ' ')"
sed "s|$demo|<demo>|g" "$semaphore_file"
echo

say "The global runners: Semaphore has no status field, so online means polled in the last 2 minutes."
show list
show pause "$semaphore_id"
show resume "$semaphore_id"
show update "$semaphore_id" --max-parallel-tasks 2

say "doctor explains each waiting task by Semaphore's own rule, and the runners nobody looks after."
show doctor --runner-file "$semaphore_file"

say "Runners that never polled, the plan first:"
show prune --never-contacted --dry-run
show unregister --runner "$semaphore_id" --delete-runner --runner-file "$semaphore_file"
