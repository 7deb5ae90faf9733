//! The man pages: clap_mangen's name, options, subcommands and version sections, around a
//! synopsis that names each option's value and sections made from the help's after-text:
//! its prose joins DESCRIPTION, its `Examples:` block is EXAMPLES, and the top-level help's
//! `Environment:` block is every page's ENVIRONMENT (the variables apply to every command).

use roff::{Inline, Roff, bold, italic, roman};

/// The page of `command` (built, with its global options propagated; `is_root` for runnerctl
/// itself). `environment` is the top-level help's `Environment:` block.
pub(super) fn page(command: &clap::Command, is_root: bool, environment: &[String]) -> Vec<u8> {
    let man = clap_mangen::Man::new(command.clone());
    let after = AfterHelp::parse(command);
    let mut page = section(|out| man.render_title(out));
    page.push_str(&body(|out| man.render_name_section(out)));

    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    // Ragged right and no hyphenation: a flag broken as `--au-toscaler-idle-time` cannot be
    // typed as read, and a justified line of options is hard to scan.
    roff.control("ad", ["l"]);
    roff.control("nh", []);
    roff.text(synopsis(command, is_root));
    roff.control("hy", []);
    roff.control("ad", []);
    roff.control("SH", ["DESCRIPTION"]);
    let about = command.get_long_about().or_else(|| command.get_about());
    let about = about.map(|text| text.to_string()).unwrap_or_default();
    for (index, paragraph) in std::iter::once(about.as_str())
        .chain(after.prose.iter().map(String::as_str))
        .filter(|paragraph| !paragraph.trim().is_empty())
        .enumerate()
    {
        if index > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(paragraph.replace('\n', " "))]);
    }
    page.push_str(&rendered(&roff));

    if command.get_arguments().any(|arg| !arg.is_hide_set()) {
        page.push_str(&headings_as_spelled(
            command,
            body(|out| man.render_options_section(out)),
        ));
    }
    if command.get_subcommands().any(|sub| !sub.is_hide_set()) {
        page.push_str(&body(|out| man.render_subcommands_section(out)));
    }

    let mut roff = Roff::new();
    if !after.examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        verbatim(&mut roff, &after.examples);
    }
    if !environment.is_empty() {
        roff.control("SH", ["ENVIRONMENT"]);
        variables(&mut roff, environment);
    }
    page.push_str(&rendered(&roff));
    if command.get_version().is_some() {
        page.push_str(&body(|out| man.render_version_section(out)));
    }
    page.into_bytes()
}

/// The top-level help's `Environment:` block, for [`page`].
pub(super) fn environment(root: &clap::Command) -> Vec<String> {
    AfterHelp::parse(root).environment
}

/// A command's after-help text in its parts: blocks separated by a blank line, a block
/// headed `Examples:` or `Environment:` being that list (its lines without their indent).
#[derive(Default)]
struct AfterHelp {
    examples: Vec<String>,
    environment: Vec<String>,
    prose: Vec<String>,
}

impl AfterHelp {
    fn parse(command: &clap::Command) -> AfterHelp {
        let text = command
            .get_after_long_help()
            .or_else(|| command.get_after_help())
            .map(|text| text.to_string())
            .unwrap_or_default();
        let mut parts = AfterHelp::default();
        for block in text.split("\n\n") {
            let mut lines = block.lines();
            let list = match lines.next().map(str::trim) {
                Some("Examples:") => &mut parts.examples,
                Some("Environment:") => &mut parts.environment,
                _ => {
                    parts.prose.push(block.to_string());
                    continue;
                }
            };
            list.extend(lines.map(|line| line.strip_prefix("  ").unwrap_or(line).to_string()));
        }
        parts
    }
}

/// Lines kept as written (examples line up their comments, the variables their meanings).
fn verbatim(roff: &mut Roff, lines: &[String]) {
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line.as_str())]);
    }
    roff.control("fi", []);
}

/// `NAME   meaning` lines as a list of tagged paragraphs (a line without the gap as it is).
fn variables(roff: &mut Roff, lines: &[String]) {
    for line in lines {
        match line.split_once("  ") {
            Some((names, meaning)) => {
                roff.control("TP", []);
                let names: Vec<Inline> = names
                    .split(", ")
                    .enumerate()
                    .flat_map(|(index, name)| {
                        let comma = (index > 0).then(|| roman(", "));
                        comma.into_iter().chain([bold(name)])
                    })
                    .collect();
                roff.text(names);
                roff.text([roman(meaning.trim())]);
            }
            None => {
                roff.text([roman(line.as_str())]);
            }
        }
    }
}

/// `runnerctl create [-g|--group GROUP] … [GLOBAL OPTIONS]`: every option with its value
/// name, the options of a one-of group together (`(ID | --name NAME)` when one is required),
/// and on a subcommand's page the global options as one word, listed under GLOBAL OPTIONS.
fn synopsis(command: &clap::Command, is_root: bool) -> Vec<Inline> {
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    let mut line = vec![bold(name)];
    let visible = |arg: &&clap::Arg| !arg.is_hide_set() && (is_root || !arg.is_global_set());
    let one_of: Vec<(bool, Vec<&clap::Arg>)> = command
        .get_groups()
        .filter(|group| !(*group).clone().is_multiple())
        .map(|group| {
            let args = group
                .get_args()
                .filter_map(|id| command.get_arguments().find(|arg| arg.get_id() == id))
                .filter(visible)
                .collect();
            (group.is_required_set(), args)
        })
        .filter(|(_, args): &(bool, Vec<&clap::Arg>)| args.len() > 1)
        .collect();
    let mut shown: Vec<&clap::Id> = Vec::new();
    for arg in command.get_arguments().filter(visible) {
        if shown.contains(&arg.get_id()) {
            continue;
        }
        line.push(roman(" "));
        if let Some((required, group)) = one_of.iter().find(|(_, args)| args.contains(&arg)) {
            line.push(roman(if *required { "(" } else { "[" }));
            for (index, member) in group.iter().enumerate() {
                if index > 0 {
                    line.push(roman(" | "));
                }
                line.extend(usage(member));
                shown.push(member.get_id());
            }
            line.push(roman(if *required { ")" } else { "]" }));
            continue;
        }
        let required = arg.is_required_set();
        if !required {
            line.push(roman("["));
        }
        line.extend(usage(arg));
        if !required {
            line.push(roman("]"));
        }
        if arg.get_action().takes_values() && matches!(arg.get_action(), clap::ArgAction::Append) {
            line.push(roman("..."));
        }
        shown.push(arg.get_id());
    }
    if !is_root
        && command
            .get_arguments()
            .any(|arg| arg.is_global_set() && !arg.is_hide_set())
    {
        line.push(roman(" ["));
        line.push(italic(super::GLOBAL_OPTIONS.to_uppercase()));
        line.push(roman("]"));
    }
    if command.get_subcommands().any(|sub| !sub.is_hide_set()) {
        line.push(roman(" "));
        line.push(italic("COMMAND"));
    }
    line
}

/// One option as typed: `-g|--group GROUP`, `--all`, or a positional's `ID`.
fn usage(arg: &clap::Arg) -> Vec<Inline> {
    let value = || {
        arg.get_value_names()
            .and_then(|names| names.first())
            .map(|name| name.to_string())
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
    };
    if arg.is_positional() {
        return vec![italic(value())];
    }
    let mut parts = Vec::new();
    if let Some(short) = arg.get_short() {
        parts.push(bold(format!("-{short}")));
        if arg.get_long().is_some() {
            parts.push(roman("|"));
        }
    }
    if let Some(long) = arg.get_long() {
        parts.push(bold(format!("--{long}")));
    }
    if arg.get_action().takes_values() {
        parts.push(roman(" "));
        parts.push(italic(value()));
    }
    parts
}

/// clap_mangen writes each help heading in capitals; a flag in a heading keeps its spelling
/// (`REGISTER OPTIONS (NEED --register)`).
fn headings_as_spelled(command: &clap::Command, mut text: String) -> String {
    let mut headings: Vec<&str> = command
        .get_arguments()
        .filter_map(|arg| arg.get_help_heading())
        .filter(|heading| heading.contains("--"))
        .collect();
    headings.dedup();
    for heading in headings {
        let title: Vec<String> = heading
            .split(' ')
            .map(|word| {
                if word.trim_start_matches('(').starts_with("--") {
                    word.to_string()
                } else {
                    word.to_uppercase()
                }
            })
            .collect();
        let mut from = Roff::new();
        from.control("SH", [heading.to_uppercase().as_str()]);
        // roff leaves a macro's arguments unescaped: a flag's `-` is escaped here, as in text.
        let to = format!(".SH \"{}\"\n", title.join(" ").replace('-', "\\-"));
        text = text.replace(&rendered(&from), &to);
    }
    text
}

/// A section clap_mangen renders, with the escape preamble it writes before every one.
fn section(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut bytes = Vec::new();
    // Rendering into a Vec cannot fail: the only error source is the writer.
    let _ = render(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// [`section`] without the preamble, which the page needs only once, at its top.
fn body(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    without_preamble(section(render))
}

/// Our own sections, written as clap_mangen writes its own (apostrophes as `\*(Aq`).
fn rendered(roff: &Roff) -> String {
    without_preamble(roff.render())
}

fn without_preamble(text: String) -> String {
    let preamble = Roff::new().render();
    text.strip_prefix(&preamble)
        .map(str::to_string)
        .unwrap_or(text)
}
