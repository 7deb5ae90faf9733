//! The arrows between runnerctl's top-level modules (ARCHITECTURE.md): read from the `crate::`
//! paths in `src/`, test code left out, so that a forbidden import fails here, naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules that speak to one forge's API.
const FORGES: &[&str] = &["gitlab", "gitea", "semaphore"];

/// Types every layer may use: they know no network and no forge.
const LEAVES: &[&str] = &[
    "contact_state",
    // which forge a URL is, and its variables.
    "forge_kind",
    "instance_url",
    "regular_file",
    "locked_file",
    "runner_id",
    // runnerctl's own settings directory and saved URL.
    "settings",
    "token",
];

/// Modules below which nothing may import a forge (they serve every forge alike).
const FORGE_NEUTRAL: &[&str] = &[
    "secrets",
    "runner_config",
    "runner_file",
    "semaphore_file",
    "forge",
    "child",
    "settings",
    "host_file",
    // the runner's own log and its signatures, the same catalogue for every forge's runner.
    "runner_log",
    // this host's facts and the tags they suggest.
    "probe",
    // the HTTP transport every forge client shares (options, TLS, network causes, redirects).
    "transport",
];

/// Macros exported at the crate root, and the module they belong to.
const MACROS: &[(&str, &str)] = &[("out", "output"), ("outln", "output")];

type Edges = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// Every edge `from -> to` between top-level modules, with the files that make it.
fn edges() -> Edges {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: Edges = BTreeMap::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).expect("under src").to_path_buf();
        let Some(from) = top_module(&relative) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read a source file");
        for to in imported_modules(&non_test_code(&text)) {
            if to != from {
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(relative.display().to_string());
            }
        }
    }
    edges
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `commands/create.rs` -> `commands`, `output.rs` -> `output`; the crate roots are no module.
fn top_module(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The file without its test modules (`#[cfg(test)]` and what follows it, to the end of the
/// item), and without comments.
fn non_test_code(text: &str) -> String {
    let mut kept = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            skip_item(&mut lines);
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Skips one item: to the end of its braces, or to its `;` for a one-line item.
fn skip_item<'a>(lines: &mut impl Iterator<Item = &'a str>) {
    let mut depth = 0i32;
    let mut opened = false;
    for line in lines {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if (opened && depth <= 0) || (!opened && line.trim_end().ends_with(';')) {
            return;
        }
    }
}

/// The top-level modules that `crate::…` paths (and `use crate::{a, b::c}` groups) name.
fn imported_modules(code: &str) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            for item in split_top_level(&group[..end]) {
                if let Some(name) = first_identifier(item) {
                    modules.insert(name);
                }
            }
            continue;
        }
        if let Some(name) = first_identifier(rest) {
            let is_macro = rest[name.len()..].starts_with('!');
            if is_macro {
                if let Some((_, module)) = MACROS.iter().find(|(mac, _)| *mac == name) {
                    modules.insert((*module).to_string());
                }
            } else {
                modules.insert(name);
            }
        }
    }
    modules.remove("self");
    modules
}

fn matching_brace(text: &str) -> usize {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

fn first_identifier(text: &str) -> Option<String> {
    let text = text.trim_start();
    let name: String = text
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_uppercase())).then_some(name)
}

fn violations(edges: &Edges, allowed: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (from, targets) in edges {
        for (to, files) in targets {
            if !allowed(from, to) {
                let files: Vec<&str> = files.iter().map(String::as_str).collect();
                found.push(format!("{from} -> {to} ({})", files.join(", ")));
            }
        }
    }
    found
}

#[test]
fn the_reader_sees_the_edges_it_must_see() {
    // A parser that found nothing would pass every rule below.
    let edges = edges();
    let commands = edges.get("commands").expect("commands imports something");
    assert!(commands.contains_key("output"), "{commands:?}");
    assert!(commands.contains_key("cli"), "{commands:?}");
    assert!(commands.contains_key("gitlab"), "{commands:?}");
    assert_eq!(
        imported_modules(
            "use crate::{a::B, b, c::{d, e}};\nlet x = crate::f::g(); crate::outln!();"
        ),
        ["a", "b", "c", "f", "output"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    assert!(
        non_test_code("use crate::a;\n#[cfg(test)]\nmod tests {\n use crate::b;\n}\n")
            .contains("crate::a")
    );
    assert!(!non_test_code("#[cfg(test)]\nmod tests {\n use crate::b;\n}\n").contains("crate::b"));
}

#[test]
fn nothing_imports_the_commands() {
    let found = violations(&edges(), |_, to| to != "commands");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn leaf_types_and_forge_neutral_modules_import_no_forge() {
    let found = violations(&edges(), |from, to| {
        let neutral = LEAVES.contains(&from) || FORGE_NEUTRAL.contains(&from);
        !(neutral && FORGES.contains(&to))
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn leaf_types_import_only_leaf_types() {
    let found = violations(&edges(), |from, to| {
        !LEAVES.contains(&from) || LEAVES.contains(&to)
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_forge_and_no_operation_prints() {
    let found = violations(&edges(), |from, to| {
        let quiet = FORGES.contains(&from) || from == "ops" || from == "doctor";
        !(quiet && matches!(to, "output" | "cli"))
    });
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_cycle_between_top_level_modules() {
    let edges = edges();
    let mut cycles = Vec::new();
    for start in edges.keys() {
        // Depth-first from `start`, reporting each path that comes back to it.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).map(|t| t.keys()).into_iter().flatten() {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.push(next.clone());
                    cycles.push(cycle.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

/// Where runnerctl's own commands and flags may be named: the command layer, the clap
/// definitions, the doctor's findings (each fix is advice, parsed by its own test) and the
/// parse test of printed commands.
const MAY_NAME_COMMANDS: &[&str] = &[
    "commands/",
    "cli.rs",
    "main.rs",
    "doctor/findings/",
    "printed_commands.rs",
];

/// A string literal of a source file: the line it starts on and its text, with escapes and
/// `\` line continuations undone.
#[derive(Debug, PartialEq)]
struct Literal {
    line: usize,
    text: String,
}

/// Every string literal (plain, raw, byte and C strings) of Rust source, outside comments.
fn string_literals(code: &str) -> Vec<Literal> {
    let chars: Vec<char> = code.chars().collect();
    let mut literals = Vec::new();
    let (mut at, mut line) = (0, 1);
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        let previous = at.checked_sub(1).map(|before| chars[before]);
        if c == '\n' {
            line += 1;
            at += 1;
        } else if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while at < chars.len() {
                if chars[at] == '/' && chars.get(at + 1) == Some(&'*') {
                    depth += 1;
                    at += 2;
                } else if chars[at] == '*' && chars.get(at + 1) == Some(&'/') {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[at] == '\n');
                    at += 1;
                }
            }
        } else if c == '\'' {
            // A char literal (`'"'`, `'\''`) or a lifetime (`'a`), which has no closing quote.
            if next == Some('\\') {
                at += 2;
                while at < chars.len() && chars[at] != '\'' {
                    at += 1;
                }
                at += 1;
            } else if chars.get(at + 2) == Some(&'\'') {
                at += 3;
            } else {
                at += 1;
            }
        } else if matches!(c, 'r' | 'b' | 'c') && !previous.is_some_and(is_ident) {
            // `r"…"`, `r#"…"#`, `br"…"`, `b"…"`, `c"…"`, or an identifier.
            let mut start = at + 1;
            if c != 'r' && chars.get(start) == Some(&'r') {
                start += 1;
            }
            let raw = c == 'r' || chars[start - 1] == 'r';
            let mut hashes = 0;
            while raw && chars.get(start + hashes) == Some(&'#') {
                hashes += 1;
            }
            if chars.get(start + hashes) != Some(&'"') {
                while at < chars.len() && is_ident(chars[at]) {
                    at += 1;
                }
                continue;
            }
            if raw {
                let begin = start + hashes + 1;
                let mut end = begin;
                while end < chars.len()
                    && !(chars[end] == '"'
                        && (0..hashes).all(|i| chars.get(end + 1 + i) == Some(&'#')))
                {
                    end += 1;
                }
                let text: String = chars[begin..end.min(chars.len())].iter().collect();
                literals.push(Literal {
                    line,
                    text: text.clone(),
                });
                line += text.matches('\n').count();
                at = end + 1 + hashes;
            } else {
                at = start + hashes;
            }
        } else if c == '"' {
            let start_line = line;
            let mut text = String::new();
            at += 1;
            while at < chars.len() && chars[at] != '"' {
                if chars[at] == '\\' {
                    match chars.get(at + 1) {
                        Some('\n') => {
                            line += 1;
                            at += 2;
                            while at < chars.len() && chars[at].is_whitespace() {
                                line += usize::from(chars[at] == '\n');
                                at += 1;
                            }
                            continue;
                        }
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some(other) => text.push(*other),
                        None => {}
                    }
                    at += 2;
                } else {
                    line += usize::from(chars[at] == '\n');
                    text.push(chars[at]);
                    at += 1;
                }
            }
            at += 1;
            literals.push(Literal {
                line: start_line,
                text,
            });
        } else {
            at += 1;
        }
    }
    literals
}

/// The source with its test items (`#[cfg(test)]` and the item after it) blanked out, line
/// numbers kept; and the names of the test modules declared as files (`mod tests;`).
fn without_test_items(text: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut test_files = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if !line.trim_start().starts_with("#[cfg(test)]") {
            kept.push_str(line);
            kept.push('\n');
            continue;
        }
        kept.push('\n');
        let mut depth = 0i32;
        let mut opened = false;
        for line in lines.by_ref() {
            kept.push('\n');
            let trimmed = line.trim();
            if let Some(name) = trimmed
                .strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
            {
                test_files.push(name.to_string());
            }
            for c in line.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if (opened && depth <= 0) || (!opened && trimmed.ends_with(';')) {
                break;
            }
        }
    }
    (kept, test_files)
}

/// Every `--long` flag runnerctl's command line defines, from clap itself.
fn runnerctl_flags() -> BTreeSet<String> {
    fn walk(command: &clap::Command, flags: &mut BTreeSet<String>) {
        for arg in command.get_arguments() {
            flags.extend(arg.get_long().map(|long| format!("--{long}")));
            for alias in arg.get_all_aliases().unwrap_or_default() {
                flags.insert(format!("--{alias}"));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, flags);
        }
    }
    let mut flags = BTreeSet::new();
    walk(
        &<runnerctl::cli::Cli as clap::CommandFactory>::command(),
        &mut flags,
    );
    flags
}

fn runnerctl_subcommands() -> BTreeSet<String> {
    <runnerctl::cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect()
}

/// What in `text` names a runnerctl command (`runnerctl SUBCOMMAND`, or `runnerctl {…}` with
/// the subcommand filled in) or a runnerctl flag (`--flag`), if anything. A literal that is
/// one flag alone is an argument handed to another program (`systemctl --quiet`), not advice.
fn names_a_command(
    text: &str,
    flags: &BTreeSet<String>,
    subcommands: &BTreeSet<String>,
) -> Option<String> {
    if text.starts_with("--") && !text.contains(char::is_whitespace) {
        return None;
    }
    // A quoted command of another program (`gitlab-runner install --user gitlab-runner`)
    // names that program's flags, not runnerctl's.
    let text: &str = &other_programs_removed(text);
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let program = pair[0].trim_start_matches(|c: char| !c.is_alphanumeric());
        let named = pair[1].trim_end_matches(|c: char| !word_char(c) && c != '}');
        if program == "runnerctl" && (subcommands.contains(named) || named.starts_with('{')) {
            return Some(format!("runnerctl {named}"));
        }
    }
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let before = rest[..at].chars().last();
        let flag: String = rest[at + 2..]
            .chars()
            .take_while(|c| word_char(*c))
            .collect();
        rest = &rest[at + 2..];
        if before.is_some_and(word_char) || flag.is_empty() {
            continue;
        }
        let flag = format!("--{flag}");
        if flags.contains(&flag) {
            return Some(flag);
        }
    }
    None
}

/// `text` without its backtick-quoted commands of programs other than runnerctl.
fn other_programs_removed(text: &str) -> String {
    let mut kept = String::new();
    for (index, part) in text.split('`').enumerate() {
        let quoted = index % 2 == 1;
        let program = part
            .split_whitespace()
            .find(|word| *word != "sudo")
            .unwrap_or("");
        if quoted && !program.is_empty() && program != "runnerctl" && part.contains(' ') {
            kept.push_str("``");
        } else {
            kept.push_str(part);
            if quoted {
                kept.push('`');
            }
        }
    }
    kept
}

#[test]
fn the_literal_reader_finds_what_a_message_names() {
    let code = "// \"runnerctl auth login\"\nlet a = 'x'; let b = '\"'; fn f<'a>() {}\n\
                let m = \"pass \\\n    --yes\";\nlet r = r#\"say \"runnerctl list\"\"#;\n";
    let literals = string_literals(code);
    assert_eq!(
        literals,
        [
            Literal {
                line: 3,
                text: "pass --yes".to_string()
            },
            Literal {
                line: 5,
                text: "say \"runnerctl list\"".to_string()
            }
        ]
    );
    let flags = runnerctl_flags();
    let subcommands = runnerctl_subcommands();
    assert!(flags.contains("--yes") && subcommands.contains("auth"));
    let named = |text: &str| names_a_command(text, &flags, &subcommands);
    assert_eq!(named("pass --yes"), Some("--yes".to_string()));
    assert_eq!(
        named("run `sudo runnerctl {action}`"),
        Some("runnerctl {action}".to_string())
    );
    assert_eq!(
        named("run `runnerctl auth login`"),
        Some("runnerctl auth".to_string())
    );
    assert_eq!(named("--quiet"), None);
    assert_eq!(named("runnerctl did not follow it"), None);
    assert_eq!(named("gitlab-runner --no-such-flag"), None);
    assert_eq!(
        named("run `gitlab-runner install --user gitlab-runner`"),
        None
    );
    assert_eq!(
        named("pass --user, not `gitlab-runner run`"),
        Some("--user".to_string())
    );
    let (code, test_files) = without_test_items(
        "a\n#[cfg(test)]\nmod tests {\n \"--yes\"\n}\n#[cfg(test)]\nmod more;\nb\n",
    );
    assert_eq!(code, "a\n\n\n\n\n\n\nb\n");
    assert_eq!(test_files, ["more"]);
}

/// Below the command layer a message says what failed and carries its values; the advice
/// naming runnerctl's commands and flags is a hint the command layer adds
/// (`commands/hints.rs`), so the domain never depends on the command line's spelling.
#[test]
fn only_the_command_layer_names_runnerctl_commands_and_flags() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let flags = runnerctl_flags();
    let subcommands = runnerctl_subcommands();
    let files = rust_files(&src);
    let mut test_files = BTreeSet::new();
    let mut sources = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let (code, tests) = without_test_items(&std::fs::read_to_string(file).expect("read"));
        // `mod tests;` in `doctor/mod.rs` is `doctor/tests.rs`; in `a.rs` it is `a/tests.rs`.
        let dir = if matches!(relative.as_str(), "lib.rs" | "main.rs") {
            String::new()
        } else if let Some(dir) = relative.strip_suffix("mod.rs") {
            dir.to_string()
        } else {
            format!("{}/", relative.trim_end_matches(".rs"))
        };
        test_files.extend(tests.into_iter().map(|name| format!("{dir}{name}.rs")));
        sources.push((relative, code));
    }
    let mut found = Vec::new();
    for (relative, code) in sources {
        let exempt = MAY_NAME_COMMANDS.iter().any(|allowed| {
            relative == *allowed || (allowed.ends_with('/') && relative.starts_with(allowed))
        });
        if exempt || test_files.contains(&relative) {
            continue;
        }
        for literal in string_literals(&code) {
            if let Some(named) = names_a_command(&literal.text, &flags, &subcommands) {
                found.push(format!("src/{relative}:{}: names {named}", literal.line));
            }
        }
    }
    assert!(
        found.is_empty(),
        "messages below the command layer name runnerctl's commands or flags; make the error \
         carry the values and add the advice in src/commands/hints.rs:\n{}",
        found.join("\n")
    );
}

/// What only the command layer and the output module may do: print, prompt or end the process.
const TALKS_TO_THE_OPERATOR: &[&str] = &[
    "eprintln!",
    "eprint!(",
    "println!",
    "print!(",
    "outln!",
    "out!(",
    "process::exit",
    "dialoguer",
    "indicatif",
];

#[test]
fn nothing_below_the_commands_prints_prompts_or_exits() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&src) {
        let relative = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if relative.starts_with("commands/")
            || matches!(relative.as_str(), "output.rs" | "main.rs" | "lib.rs")
        {
            continue;
        }
        let code = non_test_code(&std::fs::read_to_string(&file).expect("read a source file"));
        for line in code.lines() {
            for word in TALKS_TO_THE_OPERATOR {
                // `eprintln!` holds `println!`: the longer word comes first; one report a line.
                if line.contains(word) {
                    found.push(format!("src/{relative}: `{word}` in: {}", line.trim()));
                    break;
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "only commands/ and output.rs print, prompt or exit; return a value instead:\n{}",
        found.join("\n")
    );
}

/// A command file maps arguments to options, calls an operation and renders its value: about
/// one screen. A longer one holds an operation, a table or a prompt that wants its own file.
const COMMAND_FILE_LINES: usize = 150;

#[test]
fn each_command_file_fits_on_a_screen() {
    let commands = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let long: Vec<String> = rust_files(&commands)
        .into_iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(&file)
                .expect("read")
                .lines()
                .count();
            (lines > COMMAND_FILE_LINES).then(|| {
                let relative = file.strip_prefix(&commands).expect("under src/commands");
                format!("src/commands/{}: {lines} lines", relative.display())
            })
        })
        .collect();
    assert!(
        long.is_empty(),
        "command files longer than {COMMAND_FILE_LINES} lines; move the operation to src/ops/ \
         or the rendering to a file beside it:\n{}",
        long.join("\n")
    );
}
