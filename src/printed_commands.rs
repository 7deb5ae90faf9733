//! Every `runnerctl …` command that runnerctl prints (in `--help`, in a hint or an error, in a
//! doctor fix, in create's next steps) must parse with the real command line (contract row
//! "values"). These helpers find the commands in a text, fill in the upper-case placeholders
//! with sample values and parse each one with `Cli::try_parse_from`.

use clap::{CommandFactory, Parser};

use crate::cli::Cli;

/// Sample values for the placeholders that help and hints write in capitals.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("ID", "42"),
    ("URL", "https://gitlab.example.com"),
    ("GROUP", "team"),
    ("PROJECT", "team/app"),
    ("NAME", "build-01"),
    ("PATH", "/tmp/runnerctl-sample"),
    ("E", "shell"),
    ("IMAGE", "alpine:3"),
    ("NAMESPACE", "ci"),
    ("PLUGIN", "aws:latest"),
    ("STATUS", "online"),
    ("S", "online"),
    ("DURATION", "1d"),
    ("N", "2"),
    ("T", "gpu"),
    ("TAG", "gpu"),
    ("SECONDS", "3600"),
    ("SHELL", "bash"),
    ("TEXT", "note"),
    ("NEW", "https://gitlab.example.com"),
];

/// Sample values for the `{name}` holes of a format string found in the source.
const FORMAT_HOLES: &[(&str, &str)] = &[
    ("{}", "42"),
    ("{id}", "42"),
    ("{runner_id}", "42"),
    ("{url}", "https://gitlab.example.com"),
    (
        "{target}",
        "--url https://gitlab.example.com --config /tmp/config.toml",
    ),
    ("{flags}", "--executor shell"),
    ("{action}", "restart"),
];

/// The `runnerctl …` commands in `text`: each span between backticks that starts with one
/// (after `sudo` or `VAR=value` words), and each indented line that does (help examples,
/// printed next steps). Lines continued with a trailing `\` are joined first.
pub(crate) fn commands_in(text: &str) -> Vec<String> {
    let text = text.replace("\\\n", " ");
    let mut commands = Vec::new();
    for (index, span) in text.split('`').enumerate() {
        if index % 2 == 1 && span.contains("runnerctl ") {
            commands.push(span.to_string());
        }
    }
    for line in text.lines() {
        if !line.starts_with("  ") || line.contains('`') {
            continue;
        }
        // "  on this machine:    sudo runnerctl register …": drop the label.
        let line = match line.split_once(":  ") {
            Some((label, rest)) if !label.contains("runnerctl") => rest,
            _ => line,
        };
        let mut words: Vec<&str> = line.split_whitespace().collect();
        // `ssh HOST sudo runnerctl …` runs runnerctl on HOST.
        if words.first() == Some(&"ssh") && words.len() > 2 {
            words.drain(..2);
        }
        let first_real = words
            .iter()
            .position(|word| *word != "sudo" && !is_assignment(word));
        let piped = line.contains('|') && words.contains(&"runnerctl");
        if piped || first_real.is_some_and(|at| words[at] == "runnerctl") {
            commands.push(line.trim().to_string());
        }
    }
    commands
}

/// The commands in Rust source text: backtick spans, and the lines of string literals that
/// start after a `\n` escape with an indented `runnerctl` (or `sudo runnerctl`), up to the end
/// of the literal or the next `\n`.
fn commands_in_source(code: &str) -> Vec<String> {
    let mut commands: Vec<String> = code
        .split('`')
        .enumerate()
        .filter(|(index, span)| index % 2 == 1 && span.contains("runnerctl "))
        .map(|(_, span)| span.to_string())
        .collect();
    for piece in code.split("\\n").skip(1) {
        if !piece.starts_with("  ") {
            continue;
        }
        let line = piece.split('"').next().unwrap_or_default();
        let trimmed = line.trim_start();
        if (trimmed.starts_with("runnerctl ") || trimmed.starts_with("sudo runnerctl "))
            && !line.contains('`')
        {
            commands.push(trimmed.trim_end().to_string());
        }
    }
    commands
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// Splits a shell line into words, honouring single and double quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The argument lists of the runnerctl invocations in one command line: every part of a
/// pipeline that runs runnerctl (`runnerctl token show 42 | ssh HOST sudo runnerctl register
/// --token-stdin` is two), without `sudo`, `ssh HOST`, `VAR=value`, comments and redirections,
/// with placeholders filled in.
pub(crate) fn invocations(command: &str) -> Vec<Vec<String>> {
    let mut command = command.to_string();
    for (hole, value) in FORMAT_HOLES {
        command = command.replace(hole, value);
    }
    let command = command.split('#').next().unwrap_or_default();
    let mut found = Vec::new();
    // A pipeline's parts, and commands joined by `&&`, `||` or `;`.
    for part in command.split(['|', '&', ';']) {
        let part = part.split(['<', '>']).next().unwrap_or_default();
        let words = shell_words(part);
        let Some(start) = words.iter().position(|word| word == "runnerctl") else {
            continue;
        };
        let args = words[start..]
            .iter()
            .map(|word| fill_placeholders(word))
            .collect();
        found.push(args);
    }
    found
}

fn fill_placeholders(word: &str) -> String {
    let (prefix, value) = match word.split_once('=') {
        Some((flag, value)) if flag.starts_with("--") => (format!("{flag}="), value),
        _ => (String::new(), word),
    };
    let value = PLACEHOLDERS
        .iter()
        .find(|(name, _)| *name == value)
        .map_or(value, |(_, sample)| sample);
    format!("{prefix}{value}")
}

/// Parses each runnerctl invocation of each command; returns the ones that do not parse, with
/// clap's reason. `--help` and `--version` count as parsing.
pub(crate) fn failures(commands: &[String]) -> Vec<String> {
    use clap::error::ErrorKind;
    let mut failed = Vec::new();
    for command in commands {
        for args in invocations(command) {
            if let Err(error) = Cli::try_parse_from(&args)
                && !matches!(
                    error.kind(),
                    ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
                )
            {
                failed.push(format!(
                    "`{command}` ({}): {}",
                    args.join(" "),
                    error
                        .render()
                        .to_string()
                        .lines()
                        .next()
                        .unwrap_or_default()
                ));
            }
        }
    }
    failed
}

/// Every text of the clap tree a user can read: about, long about, after help, and each
/// argument's help.
fn help_texts(command: &clap::Command, texts: &mut Vec<String>) {
    for text in [
        command.get_about(),
        command.get_long_about(),
        command.get_after_help(),
        command.get_after_long_help(),
    ]
    .into_iter()
    .flatten()
    {
        texts.push(text.to_string());
    }
    for arg in command.get_arguments() {
        for text in [arg.get_help(), arg.get_long_help()].into_iter().flatten() {
            texts.push(text.to_string());
        }
    }
    for sub in command.get_subcommands() {
        help_texts(sub, texts);
    }
}

/// The hint and error texts of the source: every `.rs` file under `src/` except the clap
/// definitions (read through clap instead), the doctor catalogue (rendered from samples) and
/// tests. Rust's `\` line continuations and `\n` escapes are undone first.
fn source_texts() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("src entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    let skipped = [
        "cli.rs",
        "doctor/catalogue.rs",
        "doctor/tests.rs",
        "printed_commands.rs",
    ];
    let mut texts = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(&root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        // The doctor's findings are rendered from sample facts and parsed by
        // `every_command_in_a_fix_parses`; their format holes mean nothing here.
        if skipped.contains(&relative.as_str()) || relative.starts_with("doctor/findings/") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("source is readable");
        // Comments and tests hold examples that are never printed.
        let code: String = source
            .lines()
            .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
            .filter(|line| !line.trim_start().starts_with("//"))
            .map(|line| format!("{line}\n"))
            .collect();
        // A `\` at the end of a line inside a string literal drops the newline and the next
        // line's indentation.
        let mut text = String::with_capacity(code.len());
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek() == Some(&'\n') {
                chars.next();
                while chars
                    .peek()
                    .is_some_and(|next| *next == ' ' || *next == '\t')
                {
                    chars.next();
                }
            } else {
                text.push(c);
            }
        }
        texts.push((relative, text));
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_found_in_backticks_and_indented_lines() {
        let text = "Run `runnerctl update ID --tags a,b` now.\nExamples:\n  \
            sudo runnerctl rotate 42    # note\n  \
            on this machine:    runnerctl token show 42 | ssh HOST sudo runnerctl register --token-stdin\n\
            runnerctl keeps tokens";
        let commands = commands_in(text);
        assert_eq!(commands.len(), 3, "{commands:?}");
        let all: Vec<Vec<String>> = commands.iter().flat_map(|c| invocations(c)).collect();
        assert_eq!(all[0], ["runnerctl", "update", "42", "--tags", "a,b"]);
        assert_eq!(all[1], ["runnerctl", "rotate", "42"]);
        assert_eq!(all[2], ["runnerctl", "token", "show", "42"]);
        assert_eq!(all[3], ["runnerctl", "register", "--token-stdin"]);
    }

    #[test]
    fn a_bad_command_is_reported() {
        let failed = failures(&["runnerctl update 42 --access-level sometimes".to_string()]);
        assert_eq!(failed.len(), 1, "{failed:?}");
    }

    /// README's shell blocks: each line that runs runnerctl (after `sudo`, `VAR=value`, or in
    /// a pipeline), continuation lines joined.
    fn readme_commands() -> Vec<String> {
        let readme = include_str!("../README.md").replace("\\\n", " ");
        let mut commands = Vec::new();
        let mut in_shell = false;
        for line in readme.lines() {
            if line.starts_with("```") {
                in_shell = line == "```sh";
                continue;
            }
            if !in_shell {
                continue;
            }
            let line = line.trim();
            let words: Vec<&str> = line.split_whitespace().collect();
            let first_real = words
                .iter()
                .position(|word| *word != "sudo" && !is_assignment(word));
            let runs = first_real.is_some_and(|at| words[at] == "runnerctl")
                || (line.contains('|') && words.contains(&"runnerctl"));
            if runs {
                commands.push(line.to_string());
            }
        }
        commands
    }

    #[test]
    fn every_readme_command_parses() {
        let commands = readme_commands();
        assert!(commands.len() > 30, "found only {commands:?}");
        let failed = failures(&commands);
        assert!(
            failed.is_empty(),
            "README.md shows commands that do not parse:\n{}",
            failed.join("\n")
        );
    }

    #[test]
    fn every_help_example_parses() {
        let mut texts = Vec::new();
        help_texts(&Cli::command(), &mut texts);
        let commands: Vec<String> = texts.iter().flat_map(|text| commands_in(text)).collect();
        assert!(commands.len() > 40, "found only {commands:?}");
        let failed = failures(&commands);
        assert!(
            failed.is_empty(),
            "help shows commands that do not parse:\n{}",
            failed.join("\n")
        );
    }

    #[test]
    fn the_hint_catalogue_is_read_and_parses() {
        let (_, text) = source_texts()
            .into_iter()
            .find(|(file, _)| file == "commands/hints.rs")
            .expect("the hint catalogue is among the source texts");
        let commands = commands_in_source(&text);
        for expected in [
            "runnerctl auth login --url {url}",
            "sudo runnerctl {action}",
        ] {
            assert!(
                commands.iter().any(|command| command == expected),
                "{expected} in {commands:?}"
            );
        }
        let failed = failures(&commands);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn every_hint_in_the_source_parses() {
        let mut commands = Vec::new();
        for (file, text) in source_texts() {
            for command in commands_in_source(&text) {
                commands.push((file.clone(), command));
            }
        }
        assert!(commands.len() > 20, "found only {commands:?}");
        let failed: Vec<String> = commands
            .iter()
            .flat_map(|(file, command)| {
                failures(std::slice::from_ref(command))
                    .into_iter()
                    .map(move |failure| format!("{file}: {failure}"))
            })
            .collect();
        assert!(
            failed.is_empty(),
            "hints show commands that do not parse:\n{}",
            failed.join("\n")
        );
    }
}
