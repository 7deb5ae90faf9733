
use builtin;
use str;

set edit:completion:arg-completer[runnerctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'runnerctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'runnerctl'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand auth 'Log in to a GitLab instance, show who you are, or forget the saved token'
            cand create 'Create a runner in GitLab and keep its token safe'
            cand register 'Register a runner on this machine: verify its token, write its config.toml entry'
            cand list 'List runners from GitLab, and whether each is registered in the local config.toml'
            cand status 'Show this machine''s config.toml entries, the service state and each runner''s contact state'
            cand pause 'Pause a runner: it finishes the jobs it runs and takes no new ones'
            cand resume 'Resume a paused runner: it takes jobs again'
            cand update 'Change a runner''s settings in GitLab: description, tags, timeout, protection'
            cand rotate 'Reset a runner''s token and write the new one to config.toml and the secret store'
            cand unregister 'Remove config.toml entries and this machine''s runner managers in GitLab'
            cand prune 'Delete runners that never came up or died, with their config.toml entries and tokens'
            cand doctor 'Explain never-contacted runners and stuck pending jobs'
            cand start 'Start the gitlab-runner service (needs root)'
            cand stop 'Stop the gitlab-runner service (needs root)'
            cand restart 'Restart the gitlab-runner service (needs root)'
            cand token 'Work with stored runner tokens'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;auth'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
            cand login 'Check an API token and save it for this GitLab URL'
            cand status 'Show the user, scopes and expiry of the token in use'
            cand logout 'Forget the token saved for this GitLab URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;auth;login'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --token-stdin 'Read the token from standard input, at most 16 KiB (else GITLAB_TOKEN, else a prompt on a terminal)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;auth;status'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;auth;logout'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;auth;help'= {
            cand login 'Check an API token and save it for this GitLab URL'
            cand status 'Show the user, scopes and expiry of the token in use'
            cand logout 'Forget the token saved for this GitLab URL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;auth;help;login'= {
        }
        &'runnerctl;auth;help;status'= {
        }
        &'runnerctl;auth;help;logout'= {
        }
        &'runnerctl;auth;help;help'= {
        }
        &'runnerctl;create'= {
            cand -g 'A group runner: the group''s full path (`team/sub`) or numeric id'
            cand --group 'A group runner: the group''s full path (`team/sub`) or numeric id'
            cand -p 'A project runner: the project''s full path (`team/app`) or numeric id'
            cand --project 'A project runner: the project''s full path (`team/app`) or numeric id'
            cand --description 'A description shown in GitLab'
            cand --tag 'A tag; repeat for several'
            cand --tags 'Tags as one comma-separated list'
            cand --access-level 'Which refs'' jobs the runner takes'
            cand --maximum-timeout 'The longest a job may run on this runner, in seconds (at least 600)'
            cand --maintenance-note 'A note for other administrators'
            cand --token-file 'Where to write the token if the secret store fails [default: ./runnerctl-runner-<id>.token]'
            cand --name 'The entry''s name [default: this machine''s hostname; never overwrites an existing name]'
            cand --executor 'The executor (an existing entry keeps its own when omitted)'
            cand --docker-image 'The job image; required for docker, docker-autoscaler and docker+machine'
            cand --kubernetes-namespace 'The namespace the kubernetes executor runs jobs in'
            cand --kubernetes-image 'The kubernetes executor''s default job image'
            cand --autoscaler-plugin 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest'
            cand --autoscaler-capacity-per-instance 'Jobs one instance runs at once [default for a new table: 1]'
            cand --autoscaler-max-instances 'The most instances at once [default for a new table: 10]'
            cand --autoscaler-max-use-count 'Jobs an instance runs before it is removed [default for a new table: 1]'
            cand --autoscaler-idle-count 'Idle instances kept warm [default for a new policy: 0]'
            cand --autoscaler-idle-time 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]'
            cand --template-config 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --instance 'An instance runner (administrators only)'
            cand --run-untagged 'Take jobs without tags (GitLab''s default)'
            cand --no-run-untagged 'Take only jobs whose tags it has (needs at least one tag)'
            cand --locked 'Lock the runner to its current projects'
            cand --paused 'Create the runner paused: it takes no new jobs'
            cand --register 'Also register the new runner on this machine, taking every `register` flag'
            cand --no-verify 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;register'= {
            cand --runner 'The runner whose token the secret store holds (kept there by `runnerctl create`)'
            cand --name 'The entry''s name [default: this machine''s hostname; never overwrites an existing name]'
            cand --executor 'The executor (an existing entry keeps its own when omitted)'
            cand --docker-image 'The job image; required for docker, docker-autoscaler and docker+machine'
            cand --kubernetes-namespace 'The namespace the kubernetes executor runs jobs in'
            cand --kubernetes-image 'The kubernetes executor''s default job image'
            cand --autoscaler-plugin 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest'
            cand --autoscaler-capacity-per-instance 'Jobs one instance runs at once [default for a new table: 1]'
            cand --autoscaler-max-instances 'The most instances at once [default for a new table: 10]'
            cand --autoscaler-max-use-count 'Jobs an instance runs before it is removed [default for a new table: 1]'
            cand --autoscaler-idle-count 'Idle instances kept warm [default for a new policy: 0]'
            cand --autoscaler-idle-time 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]'
            cand --template-config 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --token-stdin 'Read the runner token from standard input, at most 16 KiB (as `runnerctl token show ID` prints it)'
            cand --no-verify 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;list'= {
            cand -g 'The runners of the group, its subgroups and their projects (full path)'
            cand --group 'The runners of the group, its subgroups and their projects (full path)'
            cand -p 'The runners available to the project: its own, its groups'', instance runners it may use'
            cand --project 'The runners available to the project: its own, its groups'', instance runners it may use'
            cand --status 'Only runners in this contact state'
            cand --tag 'Only runners that have this tag; repeat to require several'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --all 'Every runner of the instance (administrators only)'
            cand --paused 'Only paused runners'
            cand --active 'Only runners that are not paused'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;status'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;pause'= {
            cand --name 'The runner of the config.toml entry with this name (its `id` and `url`)'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;resume'= {
            cand --name 'The runner of the config.toml entry with this name (its `id` and `url`)'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;update'= {
            cand --name 'The runner of the config.toml entry with this name (its `id` and `url`)'
            cand --description 'A description shown in GitLab'
            cand --tag 'A tag; repeat for several'
            cand --tags 'Tags as one comma-separated list'
            cand --access-level 'Which refs'' jobs the runner takes'
            cand --maximum-timeout 'The longest a job may run on this runner, in seconds (at least 600)'
            cand --maintenance-note 'A note for other administrators'
            cand --add-tag 'Add a tag and keep the others; repeat for several'
            cand --remove-tag 'Remove a tag and keep the others; repeat for several'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --run-untagged 'Take jobs without tags (GitLab''s default)'
            cand --no-run-untagged 'Take only jobs whose tags it has (needs at least one tag)'
            cand --paused 'Pause the runner (as `runnerctl pause ID` does)'
            cand --locked 'Lock the runner to its current projects'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;rotate'= {
            cand --name 'The runner of the config.toml entry with this name (its `id` and `url`)'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --force 'Rotate even while other hosts'' managers of this runner are online (they fail until registered again with the new token)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;unregister'= {
            cand --name 'The entry with this name (refused when several entries share it: use --runner)'
            cand --runner 'The entry of this runner id'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --all 'Every entry in config.toml'
            cand --delete-runner 'Also delete the runner itself in GitLab and its stored token'
            cand --force 'With --delete-runner: delete even while another machine''s manager of the runner is online'
            cand -y 'Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)'
            cand --yes 'Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;prune'= {
            cand --older-than 'Only runners whose last contact, or creation when they never made contact, is older than this: 90m, 12h, 30d, 2w'
            cand -g 'The group''s runners and those of its subgroups and their projects'
            cand --group 'The group''s runners and those of its subgroups and their projects'
            cand -p 'The project''s own runners (never instance or group runners it merely uses)'
            cand --project 'The project''s own runners (never instance or group runners it merely uses)'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --never-contacted 'Runners whose GitLab status is never_contacted, or stale with no contact ever, whatever their age (a runner that called within 2 hours is never deleted)'
            cand --stale 'Runners in GitLab''s stale state (no contact for 7 days, or never contacted and created over 7 days ago)'
            cand --all 'Every runner of the instance (administrators only)'
            cand --dry-run 'Show the plan and change nothing'
            cand -y 'Delete without asking (needed without a terminal)'
            cand --yes 'Delete without asking (needed without a terminal)'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;doctor'= {
            cand -g 'Check the runners and pending jobs of this group and its subgroups (full path); repeatable'
            cand --group 'Check the runners and pending jobs of this group and its subgroups (full path); repeatable'
            cand -p 'Check the runners and pending jobs of this project (full path); repeatable'
            cand --project 'Check the runners and pending jobs of this project (full path); repeatable'
            cand --runner 'Also check this runner, whatever its type; repeatable'
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --offline 'Only the local checks: config.toml, the service and the secret store; no API request'
            cand --verify-tokens 'Also check each config.toml token with POST /runners/verify, sending this machine''s system id. This is not read-only: GitLab records a contact (a never-contacted runner then looks contacted) and creates a runner manager for this machine'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;start'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;stop'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;restart'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;token'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print a stored runner token (the only command that prints one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;token;show'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;token;help'= {
            cand show 'Print a stored runner token (the only command that prints one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;token;help;show'= {
        }
        &'runnerctl;token;help;help'= {
        }
        &'runnerctl;completions'= {
            cand --url 'GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]'
            cand -F 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --format 'Output format: human text, or exactly one JSON document on stdout (errors too)'
            cand --config 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]'
            cand --timeout 'Request timeout in seconds (the connect timeout is 10 s)'
            cand --ca-file 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]'
            cand --concurrency 'The most API requests in flight at once'
            cand --lock-timeout 'How long to wait for another process''s lock on config.toml, in seconds'
            cand --no-input 'Never prompt; a missing value is a usage error naming its flag'
            cand -y 'Answer yes to confirmations'
            cand --yes 'Answer yes to confirmations'
            cand --allow-other-owner 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'runnerctl;help'= {
            cand auth 'Log in to a GitLab instance, show who you are, or forget the saved token'
            cand create 'Create a runner in GitLab and keep its token safe'
            cand register 'Register a runner on this machine: verify its token, write its config.toml entry'
            cand list 'List runners from GitLab, and whether each is registered in the local config.toml'
            cand status 'Show this machine''s config.toml entries, the service state and each runner''s contact state'
            cand pause 'Pause a runner: it finishes the jobs it runs and takes no new ones'
            cand resume 'Resume a paused runner: it takes jobs again'
            cand update 'Change a runner''s settings in GitLab: description, tags, timeout, protection'
            cand rotate 'Reset a runner''s token and write the new one to config.toml and the secret store'
            cand unregister 'Remove config.toml entries and this machine''s runner managers in GitLab'
            cand prune 'Delete runners that never came up or died, with their config.toml entries and tokens'
            cand doctor 'Explain never-contacted runners and stuck pending jobs'
            cand start 'Start the gitlab-runner service (needs root)'
            cand stop 'Stop the gitlab-runner service (needs root)'
            cand restart 'Restart the gitlab-runner service (needs root)'
            cand token 'Work with stored runner tokens'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'runnerctl;help;auth'= {
            cand login 'Check an API token and save it for this GitLab URL'
            cand status 'Show the user, scopes and expiry of the token in use'
            cand logout 'Forget the token saved for this GitLab URL'
        }
        &'runnerctl;help;auth;login'= {
        }
        &'runnerctl;help;auth;status'= {
        }
        &'runnerctl;help;auth;logout'= {
        }
        &'runnerctl;help;create'= {
        }
        &'runnerctl;help;register'= {
        }
        &'runnerctl;help;list'= {
        }
        &'runnerctl;help;status'= {
        }
        &'runnerctl;help;pause'= {
        }
        &'runnerctl;help;resume'= {
        }
        &'runnerctl;help;update'= {
        }
        &'runnerctl;help;rotate'= {
        }
        &'runnerctl;help;unregister'= {
        }
        &'runnerctl;help;prune'= {
        }
        &'runnerctl;help;doctor'= {
        }
        &'runnerctl;help;start'= {
        }
        &'runnerctl;help;stop'= {
        }
        &'runnerctl;help;restart'= {
        }
        &'runnerctl;help;token'= {
            cand show 'Print a stored runner token (the only command that prints one)'
        }
        &'runnerctl;help;token;show'= {
        }
        &'runnerctl;help;completions'= {
        }
        &'runnerctl;help;help'= {
        }
    ]
    $completions[$command]
}
