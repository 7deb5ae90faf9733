//! Usage errors from argument parsing, with anything that looks like a token taken out.
//!
//! clap echoes the offending argument back (`unexpected argument 'glpat-…' found`, and again in
//! its `tip:` line), so a token pasted where a flag or an id belongs would land on the
//! terminal, in shell logs and in CI output. Before a parse error is shown, every word of the
//! command line that could be a secret is replaced by `<redacted>` in the rendered message.

use std::ffi::OsString;

/// The prefixes GitLab puts on its tokens (doc/security/tokens/index.md, "Token prefixes";
/// app/models/ci/runner.rb for `glrt-`/`glrtr-`; the legacy registration token prefix
/// `GR1348941` from app/models/concerns/runners_token_prefixable.rb). An instance prefix
/// (`<prefix>glrt-…`, GitLab 18.x) can come before them, so they are searched anywhere in a
/// word.
pub const TOKEN_PREFIXES: &[&str] = &[
    "glpat-",    // personal, impersonation, project and group access tokens
    "glrt-",     // runner authentication tokens (also `<prefix>glrt-`)
    "glrtr-",    // runner tokens of runners registered with a registration token
    "GR1348941", // runner registration tokens
    "gloas-",    // OAuth application secrets
    "gldt-",     // deploy tokens
    "glcbt-",    // CI/CD job tokens
    "glptt-",    // pipeline trigger tokens
    "glft-",     // feed tokens
    "glimt-",    // incoming mail tokens
    "glagent-",  // agent for Kubernetes tokens
    "glsoat-",   // SCIM tokens
    "glffct-",   // feature flags client tokens
    "glwt-",     // workspace tokens
];

/// The shortest run of token characters taken for an unprefixed token (legacy runner tokens
/// are 20 characters).
const LONG_WORD: usize = 20;

pub const REDACTED: &str = "<redacted>";

/// Whether `word` may be a secret: it holds a known token prefix, or it is 20 or more
/// characters of `[A-Za-z0-9_-]` (the alphabet of GitLab's random token part) and does not
/// start with `--` (a long flag, which no token does).
pub fn looks_like_token(word: &str) -> bool {
    if TOKEN_PREFIXES.iter().any(|prefix| word.contains(prefix)) {
        return true;
    }
    !word.starts_with("--")
        && word.len() >= LONG_WORD
        && word
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// The parts of the command line that must not be shown: each word that looks like a token,
/// or, for `--flag=value` and `-xvalue` forms of a flag the CLI knows, the value. A known
/// flag's own name stays visible (`--autoscaler-capacity-per-instance` is long, not secret).
pub fn secret_parts(args: &[OsString], known_flags: &[String]) -> Vec<String> {
    let mut parts = Vec::new();
    for arg in args.iter().skip(1) {
        let word = arg.to_string_lossy();
        let (flag, value) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with('-') => (flag, Some(value)),
            _ => (word.as_ref(), None),
        };
        if flag.starts_with('-') && known_flags.iter().any(|known| known == flag) {
            if let Some(value) = value
                && looks_like_token(value)
            {
                parts.push(value.to_string());
            }
            continue;
        }
        if looks_like_token(&word) {
            parts.push(word.into_owned());
        } else if let Some(value) = value
            && looks_like_token(value)
        {
            parts.push(value.to_string());
        }
    }
    // A message may quote a value rewritten (a URL normalised, a list split): the run of
    // token characters around a known prefix is hidden wherever it appears.
    let runs: Vec<String> = parts
        .iter()
        .flat_map(|part| {
            part.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .filter(|run| TOKEN_PREFIXES.iter().any(|prefix| run.contains(prefix)))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    parts.extend(runs);
    // Longest first, so that a word containing another is replaced whole.
    parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
    parts.dedup();
    parts
}

/// `message` with each secret part replaced by `<redacted>`.
pub fn redact(message: &str, secret_parts: &[String]) -> String {
    let mut message = message.to_string();
    for part in secret_parts {
        if !part.is_empty() {
            message = message.replace(part.as_str(), REDACTED);
        }
    }
    message
}

/// Every `--long` and `-s` flag of the command tree (and clap's own `--help`/`--version`).
pub fn known_flags(command: &clap::Command) -> Vec<String> {
    let mut flags = vec![
        "--help".to_string(),
        "-h".to_string(),
        "--version".to_string(),
        "-V".to_string(),
    ];
    collect_flags(command, &mut flags);
    flags.sort();
    flags.dedup();
    flags
}

fn collect_flags(command: &clap::Command, flags: &mut Vec<String>) {
    for arg in command.get_arguments() {
        if let Some(long) = arg.get_long() {
            flags.push(format!("--{long}"));
        }
        if let Some(short) = arg.get_short() {
            flags.push(format!("-{short}"));
        }
        for alias in arg.get_all_aliases().unwrap_or_default() {
            flags.push(format!("--{alias}"));
        }
    }
    for sub in command.get_subcommands() {
        collect_flags(sub, flags);
    }
}

/// The rendered text of a clap error, with secrets taken out.
pub fn render(error: &clap::Error, args: &[OsString], command: &clap::Command) -> String {
    let parts = secret_parts(args, &known_flags(command));
    redact(&error.render().to_string(), &parts)
}

/// A command's error message with the arguments that may be secrets taken out: those a
/// usage error would hide, for a usage error (a bad value quoted back after parsing); for any
/// other error only those holding a known token prefix, so that a long runner name or path
/// quoted in "no entry named …" stays readable.
pub fn redact_error(message: &str, args: &[OsString], usage: bool) -> String {
    use clap::CommandFactory as _;
    let mut parts = secret_parts(args, &known_flags(&crate::cli::Cli::command()));
    if !usage {
        parts.retain(|part| TOKEN_PREFIXES.iter().any(|prefix| part.contains(prefix)));
    }
    redact(message, &parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        std::iter::once("runnerctl")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn prefixed_and_long_words_are_secret() {
        for word in [
            "glpat-abc",
            "glrt-t1_abcdef",
            "corp-glrt-abcdef",
            "GR1348941xyz",
            "glrtr-abc",
            "gldt-x",
            "abcdefghij0123456789",
        ] {
            assert!(looks_like_token(word), "{word}");
        }
        for word in [
            "42",
            "team/app",
            "never_contacted",
            "abcdefghij012345678",
            "--an-unknown-but-long-flag",
        ] {
            assert!(!looks_like_token(word), "{word}");
        }
    }

    #[test]
    fn a_known_long_flag_stays_visible_but_its_value_does_not() {
        let known = vec!["--autoscaler-capacity-per-instance".to_string()];
        let parts = secret_parts(
            &args(&[
                "--autoscaler-capacity-per-instance",
                "--autoscaler-capacity-per-instance=glpat-secret",
                "--unknown-flag-that-is-long=abcdefghij0123456789xyz",
            ]),
            &known,
        );
        assert_eq!(
            parts,
            vec![
                "abcdefghij0123456789xyz".to_string(),
                "glpat-secret".to_string()
            ]
        );
    }

    #[test]
    fn a_prefixed_token_inside_a_value_is_hidden_even_when_the_value_is_rewritten() {
        let parts = secret_parts(
            &args(&["--url", "https://host/glpat-abc_1/", "--tag=a,glrt-xyz"]),
            &["--url".to_string(), "--tag".to_string()],
        );
        let text = redact(
            "https://host/glpat-abc_1 is not GitLab; tag glrt-xyz",
            &parts,
        );
        assert!(
            !text.contains("glpat-abc_1") && !text.contains("glrt-xyz"),
            "{text}"
        );
    }

    #[test]
    fn every_occurrence_is_replaced() {
        let text = redact(
            "error: unexpected argument 'glpat-x1' found\n  tip: use '-- glpat-x1'",
            &["glpat-x1".to_string()],
        );
        assert!(!text.contains("glpat-x1"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 2);
    }
}
