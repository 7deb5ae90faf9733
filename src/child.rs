//! Every process runnerctl starts (`systemctl`, `gitlab-runner`, …) is built here, so none of
//! them inherits a secret from runnerctl's environment: an operator's `GITLAB_TOKEN` has no
//! business in a service manager's environment, from where a unit or a hook could log it.

use std::ffi::OsStr;
use std::process::Command;

/// Words that mark a variable as secret, matched anywhere in the name and in any case
/// (`GITLAB_TOKEN`, `CI_JOB_TOKEN`, `FOO_SECRET`, `my_password`, `X_PRIVATE_KEY`).
const SECRET_WORDS: [&str; 4] = ["TOKEN", "SECRET", "PASSWORD", "PRIVATE_KEY"];

/// Whether a variable of this name may hold a secret.
pub fn is_secret_variable(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_uppercase();
    SECRET_WORDS.iter().any(|word| name.contains(word))
}

/// `program` with runnerctl's environment minus every secret variable.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if is_secret_variable(&name) {
            command.env_remove(&name);
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_words_match_anywhere_in_any_case() {
        for name in [
            "GITLAB_TOKEN",
            "token",
            "CI_JOB_TOKEN",
            "FOO_SECRET",
            "my_password",
            "X_PRIVATE_KEY",
            "private_key_file",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            assert!(is_secret_variable(OsStr::new(name)), "{name}");
        }
        for name in ["PATH", "HOME", "GITLAB_URL", "PRIVATE", "KEY", "LANG"] {
            assert!(!is_secret_variable(OsStr::new(name)), "{name}");
        }
    }
}
