//! The arrows between runnerctl's top-level modules (ARCHITECTURE.md): read from the `crate::`
//! paths in `src/`, test code left out, so that a forbidden import fails here, naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules that speak to one forge's API.
const FORGES: &[&str] = &["gitlab", "gitea", "semaphore"];

/// Types every layer may use: they know no network and no forge.
const LEAVES: &[&str] = &[
    "contact_state",
    "instance_url",
    "regular_file",
    "locked_file",
    "runner_id",
    "settings_dir",
    "token",
];

/// Modules below which nothing may import a forge (they serve every forge alike).
const FORGE_NEUTRAL: &[&str] = &[
    "secrets",
    "runner_config",
    "forge",
    "child",
    "settings",
    "host_file",
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
