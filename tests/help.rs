//! Help that scans: every command's own flags under their headings and the global options
//! under theirs, `--yes` shown where a command asks, the commands in the order a runner lives,
//! usage lines that do not turn an environment variable into a required flag, and a bare
//! `runnerctl` that shows the help.

mod support;

use support::*;

fn runnerctl() -> (tempfile::TempDir, assert_cmd::Command) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let command = runnerctl_in(dir.path());
    (dir, command)
}

fn help(words: &[&str]) -> String {
    let (_dir, mut command) = runnerctl();
    let output = command.args(words).arg("--help").output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{words:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// The help's sections: each heading (`Options`, `Global Options`, ...) with the flags listed
/// under it (`--url`, `-F`, ...), in order.
fn sections_of(help: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in help.lines() {
        if !line.starts_with(' ') && line.ends_with(':') && !line.contains("  ") {
            sections.push((line.trim_end_matches(':').to_string(), Vec::new()));
        } else if let Some((_, flags)) = sections.last_mut() {
            let item = line.trim_start();
            // A flag's line starts with it (`-g, --group <GROUP>`); its wrapped help does not.
            if line.starts_with("  ") && item.starts_with('-') && line.len() - item.len() <= 6 {
                flags.extend(
                    item.split([',', ' '])
                        .take_while(|word| word.starts_with('-') || word.is_empty())
                        .filter(|word| !word.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    sections
}

fn section_of(sections: &[(String, Vec<String>)], flag: &str) -> Option<String> {
    sections
        .iter()
        .find(|(_, flags)| flags.iter().any(|known| known == flag))
        .map(|(heading, _)| heading.clone())
}

const GLOBAL_FLAGS: [&str; 9] = [
    "--url",
    "--format",
    "--config",
    "--no-input",
    "--timeout",
    "--ca-file",
    "--concurrency",
    "--lock-timeout",
    "--allow-other-owner",
];

#[test]
fn every_command_shows_the_global_options_under_their_own_heading() {
    for words in [
        &["create"][..],
        &["register"],
        &["list"],
        &["status"],
        &["pause"],
        &["update"],
        &["rotate"],
        &["unregister"],
        &["prune"],
        &["doctor"],
        &["start"],
        &["token", "show"],
        &["auth", "login"],
        &["completions"],
    ] {
        let sections = sections_of(&help(words));
        let (last, globals) = sections
            .iter()
            .rfind(|(heading, _)| heading == "Global Options")
            .unwrap_or_else(|| panic!("{words:?}: no Global Options heading: {sections:?}"));
        assert_eq!(last, "Global Options");
        for flag in GLOBAL_FLAGS {
            assert!(
                globals.iter().any(|known| known == flag),
                "{words:?}: {flag} is not under Global Options: {sections:?}"
            );
            assert_eq!(
                section_of(&sections, flag).as_deref(),
                Some("Global Options"),
                "{words:?}: {flag} is listed twice: {sections:?}"
            );
        }
        assert!(globals.iter().any(|flag| flag == "-F"), "{words:?}: -F");
    }
}

#[test]
fn create_groups_its_flags_and_says_which_need_register() {
    let sections = sections_of(&help(&["create"]));
    let headings: Vec<&str> = sections
        .iter()
        .map(|(heading, _)| heading.as_str())
        .collect();
    let wanted = [
        "Scope",
        "Runner Settings",
        "Token",
        "Register Options (need --register)",
        "Global Options",
    ];
    let positions: Vec<usize> = wanted
        .iter()
        .map(|heading| {
            headings
                .iter()
                .position(|known| known == heading)
                .unwrap_or_else(|| panic!("no {heading} heading: {headings:?}"))
        })
        .collect();
    assert!(positions.is_sorted(), "headings out of order: {headings:?}");
    for (flag, heading) in [
        ("--group", "Scope"),
        ("--project", "Scope"),
        ("--instance", "Scope"),
        ("--description", "Runner Settings"),
        ("--tag", "Runner Settings"),
        ("--maximum-timeout", "Runner Settings"),
        ("--token-file", "Token"),
        ("--register", "Register Options (need --register)"),
        ("--executor", "Register Options (need --register)"),
        ("--docker-image", "Register Options (need --register)"),
        ("--no-verify", "Register Options (need --register)"),
    ] {
        assert_eq!(
            section_of(&sections, flag).as_deref(),
            Some(heading),
            "{flag}: {sections:?}"
        );
    }
    // The same entry flags in `register` need no --register.
    let register = sections_of(&help(&["register"]));
    assert_eq!(
        section_of(&register, "--executor").as_deref(),
        Some("Entry Options"),
        "{register:?}"
    );
    assert_eq!(
        section_of(&register, "--runner").as_deref(),
        Some("Token"),
        "{register:?}"
    );
}

#[test]
fn yes_is_shown_only_by_the_commands_that_ask() {
    for words in [&["prune"][..], &["unregister"]] {
        let sections = sections_of(&help(words));
        assert_eq!(
            section_of(&sections, "--yes").as_deref(),
            Some("Options"),
            "{words:?}: {sections:?}"
        );
        assert!(section_of(&sections, "-y").is_some(), "{words:?}");
    }
    for words in [&[][..], &["create"], &["list"], &["rotate"], &["register"]] {
        let text = help(words);
        assert!(!text.contains("--yes"), "{words:?} shows --yes:\n{text}");
    }
    // Shown on prune, and what it answers reaches prune's question, in either place.
    let world = World::new(Fleet::with_standard_users());
    for words in [
        &["prune", "--stale", "--all", "-y"][..],
        &["-y", "prune", "--stale", "--all"],
        &["prune", "--stale", "--all", "--yes"],
    ] {
        let output = world.runnerctl().args(words).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{words:?}: {}",
            stderr(&output)
        );
    }
    let unanswered = world
        .runnerctl()
        .args(["prune", "--stale", "--all"])
        .output()
        .expect("runs");
    assert_eq!(unanswered.status.code(), Some(2), "{}", stderr(&unanswered));
    // Still accepted everywhere, before or after the command.
    for words in [
        &["-y", "completions", "bash"][..],
        &["completions", "bash", "--yes"],
    ] {
        let (_dir, mut command) = runnerctl();
        let output = command.args(words).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{words:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn commands_are_listed_in_the_order_a_runner_lives() {
    let text = help(&[]);
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let lifecycle = [
        "auth",
        "create",
        "register",
        "list",
        "status",
        "pause",
        "resume",
        "update",
        "rotate",
        "unregister",
        "prune",
        "doctor",
        "start",
        "stop",
        "restart",
        "token",
        "probe",
        "completions",
        "help",
    ];
    let known: Vec<&str> = lifecycle
        .iter()
        .copied()
        .filter(|name| commands.contains(name))
        .collect();
    assert_eq!(commands, known, "every command, in lifecycle order");
    assert!(commands.len() >= 17, "{commands:?}");
}

/// `CONFIG_FILE` and `SSL_CERT_FILE` set (as on many hosts) keep `--config` and `--ca-file`
/// optional: clap's `env` would put `--config <PATH>` into every usage line.
#[test]
fn environment_variables_do_not_make_optional_flags_look_required() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let with_env = || {
        let mut command = runnerctl_in(dir.path());
        command
            .env("CONFIG_FILE", dir.path().join("config.toml"))
            .env("SSL_CERT_FILE", dir.path().join("ca.pem"));
        command
    };
    for words in [
        &["unregister"][..],
        &["prune", "--stale", "--bogus"],
        &["auth"],
    ] {
        let output = with_env().args(words).output().expect("runs");
        let text = format!("{}{}", stdout(&output), stderr(&output));
        let usage: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("Usage:"))
            .collect();
        assert!(!usage.is_empty(), "{words:?}: {text}");
        for line in usage {
            assert!(
                !line.contains("--config") && !line.contains("--ca-file"),
                "{words:?}: {line}"
            );
        }
    }
    let output = with_env().arg("--help").output().expect("runs");
    let text = stdout(&output);
    assert!(
        text.contains("Usage: runnerctl [OPTIONS] <COMMAND>"),
        "{text}"
    );
    // The help names the variables, not this machine's values of them.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("[env: CONFIG_FILE]"), "{text}");
    assert!(words.contains("[env: SSL_CERT_FILE]"), "{text}");
    assert!(!text.contains("ca.pem"), "{text}");
}

/// The same for every option to come: none reads its variable through clap's `env` (which
/// fills the value in before the usage line is written); `GlobalArgs` reads them itself.
#[test]
fn no_option_reads_its_variable_through_clap() {
    use clap::CommandFactory;
    fn walk(command: &clap::Command, path: &str, found: &mut Vec<String>) {
        for arg in command.get_arguments() {
            if let Some(variable) = arg.get_env() {
                found.push(format!("{path} --{}: {variable:?}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }
    let mut found = Vec::new();
    walk(&runnerctl::cli::Cli::command(), "runnerctl", &mut found);
    assert!(found.is_empty(), "read through clap's env: {found:?}");
}

/// The variables still count, after the flag: `--config` beats `CONFIG_FILE`, an empty
/// `CONFIG_FILE` is unset.
#[test]
fn config_file_is_read_after_the_flag() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let from_env = dir.path().join("from-env.toml");
    let from_flag = dir.path().join("from-flag.toml");
    let config_of = |env: Option<&std::path::Path>, flag: Option<&std::path::Path>| {
        let mut command = runnerctl_in(dir.path());
        command
            .env("RUNNERCTL_KEYRING", "none")
            .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
            .env("PATH", dir.path());
        match env {
            Some(path) => command.env("CONFIG_FILE", path),
            None => command.env("CONFIG_FILE", ""),
        };
        if let Some(path) = flag {
            command.arg("--config").arg(path);
        }
        let output = command
            .args(["status", "-F", "json"])
            .output()
            .expect("runs");
        json(&output)["config"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        config_of(Some(&from_env), None),
        from_env.display().to_string()
    );
    assert_eq!(
        config_of(Some(&from_env), Some(&from_flag)),
        from_flag.display().to_string()
    );
    let default = config_of(None, None);
    assert!(
        default.ends_with(".gitlab-runner/config.toml")
            || default == "/etc/gitlab-runner/config.toml",
        "an empty CONFIG_FILE is no path: {default}"
    );
}

/// As gh, glab and cargo do: the help on stdout, exit status 0 (clap's default is a usage
/// error on stderr). `SSL_CERT_FILE` set made it "requires a subcommand" before.
#[test]
fn bare_runnerctl_prints_the_help() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for env in [None, Some("/etc/ssl/certs/ca-certificates.crt")] {
        let mut command = runnerctl_in(dir.path());
        if let Some(path) = env {
            command.env("SSL_CERT_FILE", path);
        }
        let output = command.output().expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(output.stderr.is_empty(), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.starts_with("Create, register, operate"), "{text}");
        assert!(
            text.contains("Usage: runnerctl [OPTIONS] <COMMAND>"),
            "{text}"
        );
        assert!(
            text.contains("Commands:") && text.contains("Global Options:"),
            "{text}"
        );
    }
    // A group of commands without one of its own: its help, the same way.
    let output = runnerctl_in(dir.path()).arg("auth").output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("login"), "{}", stdout(&output));
    // Options but no command is still a usage error.
    let output = runnerctl_in(dir.path())
        .args(["-F", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn dash_capital_f_is_format() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let world = World::new(fleet);
    for words in [
        &["list", "-F", "json"][..],
        &["-Fjson", "list"],
        &["list", "-F=json"],
    ] {
        let output = world.runnerctl().args(words).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{words:?}: {}",
            stderr(&output)
        );
        assert!(json(&output)["runners"].is_array(), "{words:?}");
    }
}
