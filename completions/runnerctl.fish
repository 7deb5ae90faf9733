# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_runnerctl_global_optspecs
    string join \n url= F/format= v/verbose q/quiet color= config= no-input y/yes timeout= ca-file= concurrency= lock-timeout= allow-other-owner forge= runner-file= h/help V/version
end

function __fish_runnerctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_runnerctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_runnerctl_using_subcommand
    set -l cmd (__fish_runnerctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c runnerctl -n "__fish_runnerctl_needs_command" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -s V -l version -d 'Print version'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "auth" -d 'Log in to a GitLab instance, show who you are, or forget the saved token'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "create" -d 'Create a runner in GitLab and keep its token safe'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "register" -d 'Register a runner on this machine: verify its token, write its config.toml entry'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "list" -d 'List runners from GitLab, and whether each is registered in the local config.toml'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "status" -d 'Show this machine\'s config.toml entries, the service state and each runner\'s contact state'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "pause" -d 'Pause a runner: it finishes the jobs it runs and takes no new ones'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "resume" -d 'Resume a paused runner: it takes jobs again'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "update" -d 'Change a runner\'s settings in GitLab: description, tags, timeout, protection'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "rotate" -d 'Reset a runner\'s token and write the new one to config.toml and the secret store'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "unregister" -d 'Remove config.toml entries and this machine\'s runner managers in GitLab'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "prune" -d 'Delete runners that never came up or died, with their config.toml entries and tokens'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "doctor" -d 'Explain never-contacted runners and stuck pending jobs'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "start" -d 'Start the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "stop" -d 'Stop the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "restart" -d 'Restart the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "token" -d 'Work with stored runner tokens'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c runnerctl -n "__fish_runnerctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "login" -d 'Check an API token and save it for this URL, with the forge it is'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "status" -d 'Show the user, scopes and expiry of the token in use'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "logout" -d 'Forget the token saved for this GitLab URL'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and not __fish_seen_subcommand_from login status logout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l token-stdin -d 'Read the token from standard input, at most 16 KiB (else GITLAB_TOKEN, else a prompt on a terminal)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l all -d 'Every saved login instead: each GitLab URL with the user, scopes and expiry of the token saved for it (each token is sent only to its own URL)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Check an API token and save it for this URL, with the forge it is'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the user, scopes and expiry of the token in use'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Forget the token saved for this GitLab URL'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s g -l group -d 'A group runner: the group\'s full path (`team/sub`) or numeric id' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s p -l project -d 'A project runner: the project\'s full path (`team/app`) or numeric id' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l description -d 'A description shown in GitLab' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l tag -d 'A tag; repeat for several' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l tags -d 'Tags as one comma-separated list' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l label -d 'Gitea/Forgejo: a label, NAME[:SCHEME[:ARG]] (ubuntu-latest:docker://node:20); repeat for several. Only NAME is matched against a job\'s runs-on. --tag is the same' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l labels -d 'Gitea/Forgejo: labels as one comma-separated list (--tags is the same)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l max-parallel-tasks -d 'Semaphore: the most tasks the runner runs at once (0: no limit)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l webhook -d 'Semaphore: a URL the server calls when it gives the runner a task (to start a one-off runner); `update --webhook \'\'` removes it' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l access-level -d 'Which refs\' jobs the runner takes' -r -f -a "not_protected\t''
ref_protected\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l maximum-timeout -d 'The longest a job may run on this runner, in seconds (at least 600)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l maintenance-note -d 'A note for other administrators' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l token-file -d 'Where to write the token if the secret store fails [default: ./runnerctl-runner-<id>.token]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l name -d 'The entry\'s name [default: this machine\'s hostname; never overwrites an existing name]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l executor -d 'The executor (an existing entry keeps its own when omitted)' -r -f -a "shell\t''
docker\t''
docker-autoscaler\t''
docker+machine\t''
kubernetes\t''
custom\t''
ssh\t''
parallels\t''
virtualbox\t''
instance\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l docker-image -d 'The job image; required for docker, docker-autoscaler and docker+machine' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l kubernetes-namespace -d 'The namespace the kubernetes executor runs jobs in' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l kubernetes-image -d 'The kubernetes executor\'s default job image' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-plugin -d 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-capacity-per-instance -d 'Jobs one instance runs at once [default for a new table: 1]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-max-instances -d 'The most instances at once [default for a new table: 10]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-max-use-count -d 'Jobs an instance runs before it is removed [default for a new table: 1]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-idle-count -d 'Idle instances kept warm [default for a new policy: 0]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l autoscaler-idle-time -d 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l template-config -d 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l instance -d 'An instance runner (administrators only)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l user -d 'Gitea/Forgejo: a runner of the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l ephemeral -d 'Gitea: a runner that takes one job, after which the server deletes it'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l run-untagged -d 'Take jobs without tags (GitLab\'s default)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l no-run-untagged -d 'Take only jobs whose tags it has (needs at least one tag)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l locked -d 'Lock the runner to its current projects'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l paused -d 'Create the runner paused: it takes no new jobs (Semaphore: created inactive)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l register -d 'Also register the new runner on this machine, taking every `register` flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l no-verify -d 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand create" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l runner -d 'The runner whose token the secret store holds (kept there by `runnerctl create`)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l label -l tag -d 'Gitea/Forgejo with --token-stdin: a label of the runner registered, NAME[:SCHEME[:ARG]]; repeat for several (--tag is the same)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l labels -l tags -d 'Gitea/Forgejo with --token-stdin: labels as one comma-separated list (--tags is the same)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l name -d 'The entry\'s name [default: this machine\'s hostname; never overwrites an existing name]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l executor -d 'The executor (an existing entry keeps its own when omitted)' -r -f -a "shell\t''
docker\t''
docker-autoscaler\t''
docker+machine\t''
kubernetes\t''
custom\t''
ssh\t''
parallels\t''
virtualbox\t''
instance\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l docker-image -d 'The job image; required for docker, docker-autoscaler and docker+machine' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l kubernetes-namespace -d 'The namespace the kubernetes executor runs jobs in' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l kubernetes-image -d 'The kubernetes executor\'s default job image' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-plugin -d 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-capacity-per-instance -d 'Jobs one instance runs at once [default for a new table: 1]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-max-instances -d 'The most instances at once [default for a new table: 10]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-max-use-count -d 'Jobs an instance runs before it is removed [default for a new table: 1]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-idle-count -d 'Idle instances kept warm [default for a new policy: 0]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l autoscaler-idle-time -d 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l template-config -d 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l token-stdin -d 'Read the runner token from standard input, at most 16 KiB (as `runnerctl token show ID` prints it). Gitea/Forgejo: a registration token, and register registers the runner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l credentials-stdin -d 'Gitea/Forgejo: read the runner\'s credentials from standard input, as `runnerctl token show ID --format json` prints them on another host'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l ephemeral -d 'Gitea with --token-stdin: register an ephemeral runner (one job, then the server deletes it)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l verify -d 'Gitea/Forgejo: check the credentials with the runner\'s Declare call, sending the labels the server lists for the runner. This records a contact, and the server shows runnerctl\'s version for the runner until the runner restarts'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l dry-run -d 'Print the diff of config.toml the run would write (tokens by their prefix only) and write nothing; the token is not verified, since verifying records a contact in GitLab'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l no-verify -d 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand register" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s g -l group -d 'The runners of the group, its subgroups and their projects (full path)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s p -l project -d 'The runners available to the project: its own, its groups\', instance runners it may use' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l status -d 'Only runners in this contact state' -r -f -a "online\t''
offline\t''
stale\t''
never_contacted\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l tag -d 'Only runners that have this tag; repeat to require several' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l limit -d 'Show at most N runners, the most recently created first as GitLab lists them (shown in id order); reading stops there, so a big fleet costs fewer requests' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l columns -d 'The table\'s columns, in this order, comma-separated (human output; JSON has every field; on a terminal the last column is cut to fit). Default: id,type,status,paused,here,tags,contacted,description' -r -f -a "id\t'The runner\'s id'
type\t'instance, group or project'
status\t'The contact state: online, offline, stale, never_contacted'
paused\t'yes or no'
here\t'Registered in this machine\'s config.toml: yes or no'
tags\t'The runner\'s tags'
contacted\t'The last contact, as a time ago ("5m ago") or "never"'
description\t'The runner\'s description'"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l all -d 'Every runner of the instance (administrators only)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l user -d 'Gitea/Forgejo: the runners of the API token\'s own user (the default there)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l paused -d 'Only paused runners'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l active -d 'Only runners that are not paused'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand status" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l name -d 'The runner of the config.toml entry with this name (its `id` and `url`)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s g -l group -d 'Gitea/Forgejo: the runner belongs to this organization' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s p -l project -d 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l instance -d 'Gitea/Forgejo: use the instance\'s (administrator) route'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l user -d 'Gitea/Forgejo: the runner belongs to the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand pause" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l name -d 'The runner of the config.toml entry with this name (its `id` and `url`)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s g -l group -d 'Gitea/Forgejo: the runner belongs to this organization' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s p -l project -d 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l instance -d 'Gitea/Forgejo: use the instance\'s (administrator) route'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l user -d 'Gitea/Forgejo: the runner belongs to the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand resume" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l name -d 'The runner of the config.toml entry with this name (its `id` and `url`)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l description -d 'A description shown in GitLab' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l tag -d 'A tag; repeat for several' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l tags -d 'Tags as one comma-separated list' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l label -d 'Gitea/Forgejo: a label, NAME[:SCHEME[:ARG]] (ubuntu-latest:docker://node:20); repeat for several. Only NAME is matched against a job\'s runs-on. --tag is the same' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l labels -d 'Gitea/Forgejo: labels as one comma-separated list (--tags is the same)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l max-parallel-tasks -d 'Semaphore: the most tasks the runner runs at once (0: no limit)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l webhook -d 'Semaphore: a URL the server calls when it gives the runner a task (to start a one-off runner); `update --webhook \'\'` removes it' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l access-level -d 'Which refs\' jobs the runner takes' -r -f -a "not_protected\t''
ref_protected\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l maximum-timeout -d 'The longest a job may run on this runner, in seconds (at least 600)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l maintenance-note -d 'A note for other administrators' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l add-tag -d 'Add a tag (Gitea/Forgejo: a label) and keep the others; repeat for several' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l remove-tag -d 'Remove a tag (Gitea/Forgejo: a label) and keep the others; repeat for several' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l rename -d 'Semaphore: the runner\'s new name (a self-registered runner has none until given one)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s g -l group -d 'Gitea/Forgejo: the runner belongs to this organization' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s p -l project -d 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l ephemeral -d 'Gitea: a runner that takes one job, after which the server deletes it'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l run-untagged -d 'Take jobs without tags (GitLab\'s default)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l no-run-untagged -d 'Take only jobs whose tags it has (needs at least one tag)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l dry-run -d 'Read the runner and print which settings would change, from what to what; send no change'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l instance -d 'Gitea/Forgejo: use the instance\'s (administrator) route'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l user -d 'Gitea/Forgejo: the runner belongs to the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l paused -d 'Pause the runner (as `runnerctl pause ID` does)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l locked -d 'Lock the runner to its current projects'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand update" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l name -d 'The runner of the config.toml entry with this name (its `id` and `url`)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l force -d 'Rotate even while other hosts\' managers of this runner are online (they fail until registered again with the new token)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l dry-run -d 'Make the same checks and print the plan; reset nothing and write nothing'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l name -d 'The entry with this name (refused when several entries share it: use --runner)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l runner -d 'The entry of this runner id' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s g -l group -d 'Gitea/Forgejo: the runner belongs to this organization' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s p -l project -d 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l all -d 'Every entry in config.toml'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l delete-runner -d 'Also delete the runner itself in GitLab and its stored token'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l force -d 'With --delete-runner: delete even while another machine\'s manager of the runner is online'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l dry-run -d 'Show each entry\'s plan (the same checks, with --delete-runner the runner\'s other managers read); delete nothing in GitLab and leave config.toml as it is'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l instance -d 'Gitea/Forgejo: use the instance\'s (administrator) route'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l user -d 'Gitea/Forgejo: the runner belongs to the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s y -l yes -d 'Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand unregister" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l older-than -d 'Only runners whose last contact, or creation when they never made contact, is older than this: 90m, 12h, 30d, 2w' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s g -l group -d 'The group\'s runners and those of its subgroups and their projects' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s p -l project -d 'The project\'s own runners (never instance or group runners it merely uses)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l never-contacted -d 'Runners whose GitLab status is never_contacted, or stale with no contact ever, whatever their age (a runner that called within 2 hours is never deleted)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l stale -d 'Runners in GitLab\'s stale state (no contact for 7 days, or never contacted and created over 7 days ago)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l offline -d 'Gitea/Forgejo: runners the server reports offline. Gitea\'s offline means not seen for one minute (its API keeps no last-seen time), so a runner restarting is offline too: read the plan, which prune always shows'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l all -d 'Every runner of the instance (administrators only)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l user -d 'Gitea/Forgejo: the runners of the API token\'s own user'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l dry-run -d 'Show the plan and change nothing'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s y -l yes -d 'Delete without asking (needed without a terminal)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand prune" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s g -l group -d 'Check the runners and pending jobs of this group and its subgroups (full path); repeatable' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s p -l project -d 'Check the runners and pending jobs of this project (full path); repeatable' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l runner -d 'Also check this runner, whatever its type; repeatable' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l service-unit -d 'Gitea/Forgejo: the runner\'s systemd unit [default: the first of gitea-runner, act_runner, forgejo-runner that is installed]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l runner-log -d 'Read this log instead of the runner service\'s journal: a file, or `docker:NAME` for `docker logs NAME` of a runner container. Its last 24 hours (5000 lines at most) are read within 5 seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l severity -d 'Show only findings of this severity or above (error > warning > info). The exit code and JSON\'s `checked` counts stay the same; human output says how many were left out' -r -f -a "error\t''
warning\t''
info\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l instance -d 'Gitea/Forgejo: check the instance\'s runners and waiting jobs (administrators)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l user -d 'Gitea/Forgejo: check the API token\'s own user\'s runners and waiting jobs'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l offline -d 'Only the local checks: config.toml, the service and the secret store; no API request'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l verify-tokens -d 'Also check each config.toml token with POST /runners/verify, sending this machine\'s system id. This is not read-only: GitLab records a contact (a never-contacted runner then looks contacted) and creates a runner manager for this machine'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l ungrouped -d 'Human output: list every pending job on its own, instead of one entry for the jobs of one cause (JSON always has one finding per job)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand start" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand stop" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand restart" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -f -a "show" -d 'Print a stored runner token (the only command that prints one)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -f -a "list" -d 'List the runners whose tokens the secret store holds (never a token)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and not __fish_seen_subcommand_from show list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a stored runner token (the only command that prints one)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the runners whose tokens the secret store holds (never a token)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l url -d 'The forge\'s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -s F -l format -d 'Output format: human text, or exactly one JSON document on stdout (errors too)' -r -f -a "human\t''
json\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l config -d 'gitlab-runner\'s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l timeout -d 'Request timeout in seconds (the connect timeout is 10 s)' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l ca-file -d 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l concurrency -d 'The most API requests in flight at once' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l lock-timeout -d 'How long to wait for another process\'s lock on config.toml, in seconds' -r
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l forge -d 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL\'s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]' -r -f -a "gitlab\t''
gitea\t''
forgejo\t''
semaphore\t''"
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l runner-file -d 'Gitea/Forgejo: the runner\'s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner\'s systemd unit]' -r -F
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -s v -l verbose -d 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -s q -l quiet -d 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l no-input -d 'Never prompt; a missing value is a usage error naming its flag'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -l allow-other-owner -d 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml\'s owner'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "auth" -d 'Log in to a GitLab instance, show who you are, or forget the saved token'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "create" -d 'Create a runner in GitLab and keep its token safe'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "register" -d 'Register a runner on this machine: verify its token, write its config.toml entry'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "list" -d 'List runners from GitLab, and whether each is registered in the local config.toml'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "status" -d 'Show this machine\'s config.toml entries, the service state and each runner\'s contact state'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "pause" -d 'Pause a runner: it finishes the jobs it runs and takes no new ones'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "resume" -d 'Resume a paused runner: it takes jobs again'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "update" -d 'Change a runner\'s settings in GitLab: description, tags, timeout, protection'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "rotate" -d 'Reset a runner\'s token and write the new one to config.toml and the secret store'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "unregister" -d 'Remove config.toml entries and this machine\'s runner managers in GitLab'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "prune" -d 'Delete runners that never came up or died, with their config.toml entries and tokens'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "doctor" -d 'Explain never-contacted runners and stuck pending jobs'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "start" -d 'Start the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "stop" -d 'Stop the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "restart" -d 'Restart the gitlab-runner service (needs root)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "token" -d 'Work with stored runner tokens'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and not __fish_seen_subcommand_from auth create register list status pause resume update rotate unregister prune doctor start stop restart token completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Check an API token and save it for this URL, with the forge it is'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show the user, scopes and expiry of the token in use'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Forget the token saved for this GitLab URL'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "show" -d 'Print a stored runner token (the only command that prints one)'
complete -c runnerctl -n "__fish_runnerctl_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "list" -d 'List the runners whose tokens the secret store holds (never a token)'
