//! The "next, register it" advice after `create`: each line a command that runs as printed.

use crate::cli::RegisterArgs;
use crate::keep_token::Kept;

/// The register flags to repeat in a printed `register` command: the executor given to
/// `create` (else `shell`, the one that needs nothing more) and the flags that executor
/// requires, so that the command runs as printed without a terminal.
pub(super) fn register_flags(entry: &RegisterArgs) -> String {
    let executor = entry.executor.map_or("shell", |executor| executor.name());
    let mut flags = format!("--executor {executor}");
    for (flag, value) in [
        ("--docker-image", &entry.docker_image),
        ("--autoscaler-plugin", &entry.autoscaler_plugin),
        ("--kubernetes-namespace", &entry.kubernetes_namespace),
        ("--kubernetes-image", &entry.kubernetes_image),
    ] {
        if let Some(value) = value {
            flags.push_str(&format!(" {flag} {}", shell_word(value)));
        }
    }
    flags
}

/// `value` as one shell word: bare when it holds only safe characters, else single-quoted.
fn shell_word(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@+=,".contains(c));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// The "next, register it" lines after `create`, each a command that runs as printed.
pub(super) fn next_steps(id: u64, kept: &Kept, flags: &str) -> Vec<String> {
    let mut lines = match kept {
        Kept::Store { .. } => vec![
            format!("  on this machine:    sudo runnerctl register --runner {id} {flags}"),
            format!(
                "  on another host:    runnerctl token show {id} | ssh HOST sudo runnerctl register --token-stdin {flags}"
            ),
        ],
        Kept::TokenFile { path } => vec![
            format!(
                "  on this machine:    sudo runnerctl register --token-stdin {flags} < {}",
                path.display()
            ),
            format!(
                "  on another host:    ssh HOST sudo runnerctl register --token-stdin {flags} < {}",
                path.display()
            ),
        ],
        Kept::HandOver => vec![format!(
            "  anywhere:           echo TOKEN | sudo runnerctl register --token-stdin {flags}"
        )],
    };
    if flags.starts_with("--executor shell") {
        lines.push(
            "Other executors need more flags, such as --executor docker --docker-image IMAGE: \
             see `runnerctl register --help`."
                .to_string(),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item: the printed next step must run as printed without a terminal.
    #[test]
    fn every_next_step_parses_and_names_an_executor() {
        let mut commands = Vec::new();
        for kept in [
            Kept::Store {
                label: "the secret store".to_string(),
                is_file_store: true,
            },
            Kept::TokenFile {
                path: "/tmp/runnerctl-runner-42.token".into(),
            },
            Kept::HandOver,
        ] {
            for entry in [
                RegisterArgs::default(),
                RegisterArgs {
                    executor: Some(crate::runner_config::Executor::Docker),
                    docker_image: Some("alpine:3".to_string()),
                    ..RegisterArgs::default()
                },
            ] {
                for line in next_steps(42, &kept, &register_flags(&entry)) {
                    commands.extend(crate::printed_commands::commands_in(&line));
                }
            }
        }
        let registers: Vec<&String> = commands
            .iter()
            .filter(|command| !command.ends_with("--help"))
            .collect();
        assert_eq!(registers.len(), 10, "{commands:?}");
        for command in registers {
            assert!(command.contains("--executor "), "{command}");
        }
        let failed = crate::printed_commands::failures(&commands);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn odd_values_are_quoted_once() {
        assert_eq!(shell_word("alpine:3"), "alpine:3");
        assert_eq!(shell_word("my image"), "'my image'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
