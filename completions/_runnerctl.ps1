
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'runnerctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'runnerctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'runnerctl' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in to a GitLab instance, show who you are, or forget the saved token')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a runner in GitLab and keep its token safe')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a runner on this machine: verify its token, write its config.toml entry')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List runners from GitLab, and whether each is registered in the local config.toml')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show this machine''s config.toml entries, the service state and each runner''s contact state')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a runner: it finishes the jobs it runs and takes no new ones')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused runner: it takes jobs again')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a runner''s settings in GitLab: description, tags, timeout, protection')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Reset a runner''s token and write the new one to config.toml and the secret store')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Remove config.toml entries and this machine''s runner managers in GitLab')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete runners that never came up or died, with their config.toml entries and tokens')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain never-contacted runners and stuck pending jobs')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the gitlab-runner service (needs root)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the gitlab-runner service (needs root)')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart the gitlab-runner service (needs root)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Work with stored runner tokens')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;auth' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Check an API token and save it for this URL, with the forge it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the user, scopes and expiry of the token in use')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the token saved for this GitLab URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;auth;login' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, at most 16 KiB (else GITLAB_TOKEN, else a prompt on a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;auth;status' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every saved login instead: each GitLab URL with the user, scopes and expiry of the token saved for it (each token is sent only to its own URL)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;auth;logout' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Check an API token and save it for this URL, with the forge it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the user, scopes and expiry of the token in use')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the token saved for this GitLab URL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;auth;help;login' {
            break
        }
        'runnerctl;auth;help;status' {
            break
        }
        'runnerctl;auth;help;logout' {
            break
        }
        'runnerctl;auth;help;help' {
            break
        }
        'runnerctl;create' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'A group runner: the group''s full path (`team/sub`) or numeric id')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'A group runner: the group''s full path (`team/sub`) or numeric id')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A project runner: the project''s full path (`team/app`) or numeric id')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'A project runner: the project''s full path (`team/app`) or numeric id')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown in GitLab')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag; repeat for several')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags as one comma-separated list')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: a label, NAME[:SCHEME[:ARG]] (ubuntu-latest:docker://node:20); repeat for several. Only NAME is matched against a job''s runs-on. --tag is the same')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: labels as one comma-separated list (--tags is the same)')
            [CompletionResult]::new('--max-parallel-tasks', '--max-parallel-tasks', [CompletionResultType]::ParameterName, 'Semaphore: the most tasks the runner runs at once (0: no limit)')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Semaphore: a URL the server calls when it gives the runner a task (to start a one-off runner); `update --webhook ''''` removes it')
            [CompletionResult]::new('--access-level', '--access-level', [CompletionResultType]::ParameterName, 'Which refs'' jobs the runner takes')
            [CompletionResult]::new('--maximum-timeout', '--maximum-timeout', [CompletionResultType]::ParameterName, 'The longest a job may run on this runner, in seconds (at least 600)')
            [CompletionResult]::new('--maintenance-note', '--maintenance-note', [CompletionResultType]::ParameterName, 'A note for other administrators')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Where to write the token if the secret store fails [default: ./runnerctl-runner-<id>.token]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The entry''s name [default: this machine''s hostname; never overwrites an existing name]')
            [CompletionResult]::new('--executor', '--executor', [CompletionResultType]::ParameterName, 'The executor (an existing entry keeps its own when omitted)')
            [CompletionResult]::new('--docker-image', '--docker-image', [CompletionResultType]::ParameterName, 'The job image; required for docker, docker-autoscaler and docker+machine')
            [CompletionResult]::new('--kubernetes-namespace', '--kubernetes-namespace', [CompletionResultType]::ParameterName, 'The namespace the kubernetes executor runs jobs in')
            [CompletionResult]::new('--kubernetes-image', '--kubernetes-image', [CompletionResultType]::ParameterName, 'The kubernetes executor''s default job image')
            [CompletionResult]::new('--autoscaler-plugin', '--autoscaler-plugin', [CompletionResultType]::ParameterName, 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest')
            [CompletionResult]::new('--autoscaler-capacity-per-instance', '--autoscaler-capacity-per-instance', [CompletionResultType]::ParameterName, 'Jobs one instance runs at once [default for a new table: 1]')
            [CompletionResult]::new('--autoscaler-max-instances', '--autoscaler-max-instances', [CompletionResultType]::ParameterName, 'The most instances at once [default for a new table: 10]')
            [CompletionResult]::new('--autoscaler-max-use-count', '--autoscaler-max-use-count', [CompletionResultType]::ParameterName, 'Jobs an instance runs before it is removed [default for a new table: 1]')
            [CompletionResult]::new('--autoscaler-idle-count', '--autoscaler-idle-count', [CompletionResultType]::ParameterName, 'Idle instances kept warm [default for a new policy: 0]')
            [CompletionResult]::new('--autoscaler-idle-time', '--autoscaler-idle-time', [CompletionResultType]::ParameterName, 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]')
            [CompletionResult]::new('--template-config', '--template-config', [CompletionResultType]::ParameterName, 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'An instance runner (administrators only)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: a runner of the API token''s own user')
            [CompletionResult]::new('--ephemeral', '--ephemeral', [CompletionResultType]::ParameterName, 'Gitea: a runner that takes one job, after which the server deletes it')
            [CompletionResult]::new('--run-untagged', '--run-untagged', [CompletionResultType]::ParameterName, 'Take jobs without tags (GitLab''s default)')
            [CompletionResult]::new('--no-run-untagged', '--no-run-untagged', [CompletionResultType]::ParameterName, 'Take only jobs whose tags it has (needs at least one tag)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Lock the runner to its current projects')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Create the runner paused: it takes no new jobs (Semaphore: created inactive)')
            [CompletionResult]::new('--register', '--register', [CompletionResultType]::ParameterName, 'Also register the new runner on this machine, taking every `register` flag')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;register' {
            [CompletionResult]::new('--runner', '--runner', [CompletionResultType]::ParameterName, 'The runner whose token the secret store holds (kept there by `runnerctl create`)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Gitea/Forgejo with --token-stdin: a label of the runner registered, NAME[:SCHEME[:ARG]]; repeat for several (--tag is the same)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Gitea/Forgejo with --token-stdin: a label of the runner registered, NAME[:SCHEME[:ARG]]; repeat for several (--tag is the same)')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Gitea/Forgejo with --token-stdin: labels as one comma-separated list (--tags is the same)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Gitea/Forgejo with --token-stdin: labels as one comma-separated list (--tags is the same)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The entry''s name [default: this machine''s hostname; never overwrites an existing name]')
            [CompletionResult]::new('--executor', '--executor', [CompletionResultType]::ParameterName, 'The executor (an existing entry keeps its own when omitted)')
            [CompletionResult]::new('--docker-image', '--docker-image', [CompletionResultType]::ParameterName, 'The job image; required for docker, docker-autoscaler and docker+machine')
            [CompletionResult]::new('--kubernetes-namespace', '--kubernetes-namespace', [CompletionResultType]::ParameterName, 'The namespace the kubernetes executor runs jobs in')
            [CompletionResult]::new('--kubernetes-image', '--kubernetes-image', [CompletionResultType]::ParameterName, 'The kubernetes executor''s default job image')
            [CompletionResult]::new('--autoscaler-plugin', '--autoscaler-plugin', [CompletionResultType]::ParameterName, 'The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest')
            [CompletionResult]::new('--autoscaler-capacity-per-instance', '--autoscaler-capacity-per-instance', [CompletionResultType]::ParameterName, 'Jobs one instance runs at once [default for a new table: 1]')
            [CompletionResult]::new('--autoscaler-max-instances', '--autoscaler-max-instances', [CompletionResultType]::ParameterName, 'The most instances at once [default for a new table: 10]')
            [CompletionResult]::new('--autoscaler-max-use-count', '--autoscaler-max-use-count', [CompletionResultType]::ParameterName, 'Jobs an instance runs before it is removed [default for a new table: 1]')
            [CompletionResult]::new('--autoscaler-idle-count', '--autoscaler-idle-count', [CompletionResultType]::ParameterName, 'Idle instances kept warm [default for a new policy: 0]')
            [CompletionResult]::new('--autoscaler-idle-time', '--autoscaler-idle-time', [CompletionResultType]::ParameterName, 'How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]')
            [CompletionResult]::new('--template-config', '--template-config', [CompletionResultType]::ParameterName, 'A config.toml with one [[runners]] entry whose keys fill what the flags leave empty')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the runner token from standard input, at most 16 KiB (as `runnerctl token show ID` prints it). Gitea/Forgejo: a registration token, and register registers the runner')
            [CompletionResult]::new('--credentials-stdin', '--credentials-stdin', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: read the runner''s credentials from standard input, as `runnerctl token show ID --format json` prints them on another host')
            [CompletionResult]::new('--ephemeral', '--ephemeral', [CompletionResultType]::ParameterName, 'Gitea with --token-stdin: register an ephemeral runner (one job, then the server deletes it)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: check the credentials with the runner''s Declare call, sending the labels the server lists for the runner. This records a contact, and the server shows runnerctl''s version for the runner until the runner restarts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the diff of config.toml the run would write (tokens by their prefix only) and write nothing; the token is not verified, since verifying records a contact in GitLab')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not call POST /runners/verify (the entry then gets no id and no token expiry)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;list' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'The runners of the group, its subgroups and their projects (full path)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The runners of the group, its subgroups and their projects (full path)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The runners available to the project: its own, its groups'', instance runners it may use')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The runners available to the project: its own, its groups'', instance runners it may use')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only runners in this contact state')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only runners that have this tag; repeat to require several')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N runners, the most recently created first as GitLab lists them (shown in id order); reading stops there, so a big fleet costs fewer requests')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'The table''s columns, in this order, comma-separated (human output; JSON has every field; on a terminal the last column is cut to fit). Default: id,type,status,paused,here,tags,contacted,description')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every runner of the instance (administrators only)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runners of the API token''s own user (the default there)')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Only paused runners')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Only runners that are not paused')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'runnerctl;status' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;pause' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The runner of the config.toml entry with this name (its `id` and `url`)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: use the instance''s (administrator) route')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to the API token''s own user')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;resume' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The runner of the config.toml entry with this name (its `id` and `url`)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: use the instance''s (administrator) route')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to the API token''s own user')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The runner of the config.toml entry with this name (its `id` and `url`)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description shown in GitLab')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag; repeat for several')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags as one comma-separated list')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: a label, NAME[:SCHEME[:ARG]] (ubuntu-latest:docker://node:20); repeat for several. Only NAME is matched against a job''s runs-on. --tag is the same')
            [CompletionResult]::new('--labels', '--labels', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: labels as one comma-separated list (--tags is the same)')
            [CompletionResult]::new('--max-parallel-tasks', '--max-parallel-tasks', [CompletionResultType]::ParameterName, 'Semaphore: the most tasks the runner runs at once (0: no limit)')
            [CompletionResult]::new('--webhook', '--webhook', [CompletionResultType]::ParameterName, 'Semaphore: a URL the server calls when it gives the runner a task (to start a one-off runner); `update --webhook ''''` removes it')
            [CompletionResult]::new('--access-level', '--access-level', [CompletionResultType]::ParameterName, 'Which refs'' jobs the runner takes')
            [CompletionResult]::new('--maximum-timeout', '--maximum-timeout', [CompletionResultType]::ParameterName, 'The longest a job may run on this runner, in seconds (at least 600)')
            [CompletionResult]::new('--maintenance-note', '--maintenance-note', [CompletionResultType]::ParameterName, 'A note for other administrators')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (Gitea/Forgejo: a label) and keep the others; repeat for several')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (Gitea/Forgejo: a label) and keep the others; repeat for several')
            [CompletionResult]::new('--rename', '--rename', [CompletionResultType]::ParameterName, 'Semaphore: the runner''s new name (a self-registered runner has none until given one)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--ephemeral', '--ephemeral', [CompletionResultType]::ParameterName, 'Gitea: a runner that takes one job, after which the server deletes it')
            [CompletionResult]::new('--run-untagged', '--run-untagged', [CompletionResultType]::ParameterName, 'Take jobs without tags (GitLab''s default)')
            [CompletionResult]::new('--no-run-untagged', '--no-run-untagged', [CompletionResultType]::ParameterName, 'Take only jobs whose tags it has (needs at least one tag)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Read the runner and print which settings would change, from what to what; send no change')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: use the instance''s (administrator) route')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to the API token''s own user')
            [CompletionResult]::new('--paused', '--paused', [CompletionResultType]::ParameterName, 'Pause the runner (as `runnerctl pause ID` does)')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Lock the runner to its current projects')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;rotate' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The runner of the config.toml entry with this name (its `id` and `url`)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Rotate even while other hosts'' managers of this runner are online (they fail until registered again with the new token)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Make the same checks and print the plan; reset nothing and write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;unregister' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The entry with this name (refused when several entries share it: use --runner)')
            [CompletionResult]::new('--runner', '--runner', [CompletionResultType]::ParameterName, 'The entry of this runner id')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this organization')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to this repository (owner/repo)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every entry in config.toml')
            [CompletionResult]::new('--delete-runner', '--delete-runner', [CompletionResultType]::ParameterName, 'Also delete the runner itself in GitLab and its stored token')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --delete-runner: delete even while another machine''s manager of the runner is online')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show each entry''s plan (the same checks, with --delete-runner the runner''s other managers read); delete nothing in GitLab and leave config.toml as it is')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: use the instance''s (administrator) route')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner belongs to the API token''s own user')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Only runners whose last contact, or creation when they never made contact, is older than this: 90m, 12h, 30d, 2w')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'The group''s runners and those of its subgroups and their projects')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group''s runners and those of its subgroups and their projects')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project''s own runners (never instance or group runners it merely uses)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project''s own runners (never instance or group runners it merely uses)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--never-contacted', '--never-contacted', [CompletionResultType]::ParameterName, 'Runners whose GitLab status is never_contacted, or stale with no contact ever, whatever their age (a runner that called within 2 hours is never deleted)')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Runners in GitLab''s stale state (no contact for 7 days, or never contacted and created over 7 days ago)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: runners the server reports offline. Gitea''s offline means not seen for one minute (its API keeps no last-seen time), so a runner restarting is offline too: read the plan, which prune always shows')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every runner of the instance (administrators only)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runners of the API token''s own user')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (needed without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (needed without a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;doctor' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Check the runners and pending jobs of this group and its subgroups (full path); repeatable')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Check the runners and pending jobs of this group and its subgroups (full path); repeatable')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Check the runners and pending jobs of this project (full path); repeatable')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Check the runners and pending jobs of this project (full path); repeatable')
            [CompletionResult]::new('--runner', '--runner', [CompletionResultType]::ParameterName, 'Also check this runner, whatever its type; repeatable')
            [CompletionResult]::new('--service-unit', '--service-unit', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s systemd unit [default: the first of gitea-runner, act_runner, forgejo-runner that is installed]')
            [CompletionResult]::new('--runner-log', '--runner-log', [CompletionResultType]::ParameterName, 'Read this log instead of the runner service''s journal: a file, or `docker:NAME` for `docker logs NAME` of a runner container. Its last 24 hours (5000 lines at most) are read within 5 seconds')
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Show only findings of this severity or above (error > warning > info). The exit code and JSON''s `checked` counts stay the same; human output says how many were left out')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('--instance', '--instance', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: check the instance''s runners and waiting jobs (administrators)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: check the API token''s own user''s runners and waiting jobs')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Only the local checks: config.toml, the service and the secret store; no API request')
            [CompletionResult]::new('--verify-tokens', '--verify-tokens', [CompletionResultType]::ParameterName, 'Also check each config.toml token with POST /runners/verify, sending this machine''s system id. This is not read-only: GitLab records a contact (a never-contacted runner then looks contacted) and creates a runner manager for this machine')
            [CompletionResult]::new('--ungrouped', '--ungrouped', [CompletionResultType]::ParameterName, 'Human output: list every pending job on its own, instead of one entry for the jobs of one cause (JSON always has one finding per job)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;start' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;stop' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;restart' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;token' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a stored runner token (the only command that prints one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the runners whose tokens the secret store holds (never a token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;token;show' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;token;list' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;token;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a stored runner token (the only command that prints one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the runners whose tokens the secret store holds (never a token)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;token;help;show' {
            break
        }
        'runnerctl;token;help;list' {
            break
        }
        'runnerctl;token;help;help' {
            break
        }
        'runnerctl;completions' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The forge''s URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL, SEMAPHORE_URL for those forges), then the URL saved by `auth login`]')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human text, or exactly one JSON document on stdout (errors too)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, or never')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'gitlab-runner''s config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml for root, ~/.gitlab-runner/config.toml otherwise]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout in seconds (the connect timeout is 10 s)')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates to trust for the GitLab URL (a self-signed server certificate listed in it is trusted as itself, as gitlab-runner and curl do) [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'The most API requests in flight at once')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock on config.toml, in seconds')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE] [default: the forge of the URL''s variable (GITLAB_URL, GITEA_URL, FORGEJO_URL, SEMAPHORE_URL) or of the saved login, else asked of the server once]')
            [CompletionResult]::new('--runner-file', '--runner-file', [CompletionResultType]::ParameterName, 'Gitea/Forgejo: the runner''s `.runner` file [default: ./.runner if it exists, else the `.runner` in the WorkingDirectory= of the runner''s systemd unit]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each local action (file locked or written, service command run); never a token. Also RUNNERCTL_LOG=debug')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors on stderr (and the warning that a token was printed); stdout is unchanged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing value is a usage error naming its flag')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations')
            [CompletionResult]::new('--allow-other-owner', '--allow-other-owner', [CompletionResultType]::ParameterName, 'Edit a host file (config.toml) even when it, its symlink target or its directory is owned or writable by another user; new files beside it take config.toml''s owner')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'runnerctl;help' {
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Log in to a GitLab instance, show who you are, or forget the saved token')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a runner in GitLab and keep its token safe')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register a runner on this machine: verify its token, write its config.toml entry')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List runners from GitLab, and whether each is registered in the local config.toml')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show this machine''s config.toml entries, the service state and each runner''s contact state')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a runner: it finishes the jobs it runs and takes no new ones')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused runner: it takes jobs again')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a runner''s settings in GitLab: description, tags, timeout, protection')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Reset a runner''s token and write the new one to config.toml and the secret store')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Remove config.toml entries and this machine''s runner managers in GitLab')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete runners that never came up or died, with their config.toml entries and tokens')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Explain never-contacted runners and stuck pending jobs')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start the gitlab-runner service (needs root)')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop the gitlab-runner service (needs root)')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart the gitlab-runner service (needs root)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Work with stored runner tokens')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'runnerctl;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Check an API token and save it for this URL, with the forge it is')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the user, scopes and expiry of the token in use')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the token saved for this GitLab URL')
            break
        }
        'runnerctl;help;auth;login' {
            break
        }
        'runnerctl;help;auth;status' {
            break
        }
        'runnerctl;help;auth;logout' {
            break
        }
        'runnerctl;help;create' {
            break
        }
        'runnerctl;help;register' {
            break
        }
        'runnerctl;help;list' {
            break
        }
        'runnerctl;help;status' {
            break
        }
        'runnerctl;help;pause' {
            break
        }
        'runnerctl;help;resume' {
            break
        }
        'runnerctl;help;update' {
            break
        }
        'runnerctl;help;rotate' {
            break
        }
        'runnerctl;help;unregister' {
            break
        }
        'runnerctl;help;prune' {
            break
        }
        'runnerctl;help;doctor' {
            break
        }
        'runnerctl;help;start' {
            break
        }
        'runnerctl;help;stop' {
            break
        }
        'runnerctl;help;restart' {
            break
        }
        'runnerctl;help;token' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a stored runner token (the only command that prints one)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the runners whose tokens the secret store holds (never a token)')
            break
        }
        'runnerctl;help;token;show' {
            break
        }
        'runnerctl;help;token;list' {
            break
        }
        'runnerctl;help;completions' {
            break
        }
        'runnerctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
