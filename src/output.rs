//! Everything the user sees: JSON documents on stdout, human text, warnings, errors and debug
//! lines on stderr, colour only on a terminal and never with NO_COLOR (unless `--color` says).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use serde::Serialize;

use crate::cli::{ColorChoice, Format};

/// Writes exactly one JSON document, and nothing else, to stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    write_stdout(&text);
    Ok(())
}

/// Set once stdout is about to carry a token handed over as the last resort: losing stdout
/// then loses the token, which must not pass quietly.
static STDOUT_CARRIES_TOKEN: AtomicBool = AtomicBool::new(false);

/// Says that what follows on stdout is a token's last-resort hand-over.
pub fn stdout_carries_token() {
    STDOUT_CARRIES_TOKEN.store(true, Ordering::SeqCst);
}

/// What to do when the handed-over token is lost: the command layer's advice, which names its
/// commands (set once, before anything is printed).
static LOST_TOKEN_HINT: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets the advice printed as a `hint:` line when a token handed over on stdout is lost.
pub fn set_lost_token_hint(hint: &'static str) {
    let _ = LOST_TOKEN_HINT.set(hint);
}

/// Set by a command that has already failed (doctor found an error, a bulk command lost an
/// item) before it prints its report: a reader who leaves early then gets status 1, not a
/// success the command never had.
static FAILED_BEFORE_PRINTING: AtomicBool = AtomicBool::new(false);

/// Says that the command has failed, whatever becomes of stdout.
pub fn failed_before_printing() {
    FAILED_BEFORE_PRINTING.store(true, Ordering::SeqCst);
}

/// Set once anything is written to stdout: from then on stdout carries the command's own
/// document, and a failure is told there by that document, not by an error object.
static STDOUT_WRITTEN: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout (what `out!` and `outln!` do).
///
/// A reader that closed the pipe (`runnerctl list | head -1`) has everything it wanted: the
/// process ends at once with status 0 (1 after [`failed_before_printing`]), printing nothing
/// more, as ripgrep does, instead of panicking in `println!`. If stdout was to carry a handed-over token, that token is lost:
/// then the exit status is 1 with an error on stderr. Any other write error (a full disk) is
/// reported on stderr and ends the process with status 1.
pub fn write_stdout(text: &str) {
    STDOUT_WRITTEN.store(true, Ordering::SeqCst);
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    let Err(error) = result else {
        return;
    };
    let carried_token = STDOUT_CARRIES_TOKEN.load(Ordering::SeqCst);
    if error.kind() == std::io::ErrorKind::BrokenPipe && !carried_token {
        std::process::exit(i32::from(FAILED_BEFORE_PRINTING.load(Ordering::SeqCst)));
    }
    let lost = if carried_token {
        ": the runner's token was to be printed there and is lost"
    } else {
        ""
    };
    eprintln!(
        "{} could not write to standard output ({error}){lost}",
        style_stderr("error:", console::Style::new().red().bold())
    );
    if let Some(hint) = LOST_TOKEN_HINT.get().filter(|_| carried_token) {
        eprintln!(
            "{} {hint}",
            style_stderr("hint:", console::Style::new().cyan().bold())
        );
    }
    std::process::exit(1);
}

/// `print!` for stdout that ends quietly when the reader has gone (see [`write_stdout`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write_stdout(&format!($($arg)*))
    };
}

/// `println!` for stdout that ends quietly when the reader has gone (see [`write_stdout`]).
#[macro_export]
macro_rules! outln {
    () => {
        $crate::output::write_stdout("\n")
    };
    ($($arg:tt)*) => {
        $crate::output::write_stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `--quiet`: only errors on stderr, and the warning that a token was printed.
static QUIET: AtomicBool = AtomicBool::new(false);

/// `--color`: 0 auto, 1 always, 2 never.
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Sets how stderr speaks for the rest of the run (`--quiet`, `--color`) and, with `--verbose`
/// or `RUNNERCTL_LOG=debug`, shows the domain's debug lines there. `--quiet` wins over
/// `RUNNERCTL_LOG`, as a flag wins over the environment.
pub fn configure(global: &crate::cli::GlobalArgs) {
    QUIET.store(global.quiet, Ordering::SeqCst);
    let color = match global.color {
        ColorChoice::Auto => 0,
        ColorChoice::Always => 1,
        ColorChoice::Never => 2,
    };
    COLOR.store(color, Ordering::SeqCst);
    if global.color != ColorChoice::Auto {
        // What dialoguer and indicatif draw goes through console's own switch.
        console::set_colors_enabled(global.color == ColorChoice::Always);
        console::set_colors_enabled_stderr(global.color == ColorChoice::Always);
    }
    let from_env = match std::env::var("RUNNERCTL_LOG") {
        Ok(value) => match value.trim().to_ascii_lowercase().as_str() {
            "debug" | "trace" => true,
            "" | "off" | "error" | "warn" | "info" => false,
            _ => {
                warn(&format!(
                    "RUNNERCTL_LOG={value:?} is not understood: set it to debug to see each request"
                ));
                false
            }
        },
        Err(_) => false,
    };
    if (global.verbose || from_env) && !global.quiet && log::set_logger(&DEBUG_LINES).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
}

/// Shows runnerctl's own debug records as `debug: …` lines on stderr. Records of the crates
/// below (the HTTP and TLS stacks) are left out: they are not written to keep secrets out.
struct DebugLines;

static DEBUG_LINES: DebugLines = DebugLines;

impl log::Log for DebugLines {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Debug
            && (metadata.target() == "runnerctl" || metadata.target().starts_with("runnerctl::"))
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!(
                "{} {}",
                style_stderr("debug:", console::Style::new().dim()),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

fn colored(stream_is_terminal: bool) -> bool {
    match COLOR.load(Ordering::SeqCst) {
        1 => true,
        2 => false,
        _ => std::env::var_os("NO_COLOR").is_none() && stream_is_terminal,
    }
}

pub fn stderr_colored() -> bool {
    colored(std::io::stderr().is_terminal())
}

pub fn stdout_colored() -> bool {
    colored(std::io::stdout().is_terminal())
}

/// Whether a progress bar may be drawn: on a terminal, and not with `--quiet`.
pub fn shows_progress() -> bool {
    std::io::stderr().is_terminal() && !QUIET.load(Ordering::SeqCst)
}

fn style_stderr(text: &str, style: console::Style) -> String {
    if stderr_colored() {
        style.force_styling(true).apply_to(text).to_string()
    } else {
        text.to_string()
    }
}

/// A warning on stderr; `--quiet` hides it.
pub fn warn(message: &str) {
    if !QUIET.load(Ordering::SeqCst) {
        warn_even_if_quiet(message);
    }
}

/// The warning that a token is printed on stdout (the last-resort hand-over): `--quiet` never
/// hides it, since the operator must copy the token now.
pub fn warn_even_if_quiet(message: &str) {
    eprintln!(
        "{} {message}",
        style_stderr("warning:", console::Style::new().yellow().bold())
    );
}

/// A note on stderr; `--quiet` hides it.
pub fn note(message: &str) {
    if QUIET.load(Ordering::SeqCst) {
        return;
    }
    eprintln!(
        "{} {message}",
        style_stderr("note:", console::Style::new().cyan().bold())
    );
}

/// The error and its causes in one line, each cause once (messages often repeat their source).
pub fn error_text(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

/// The error on stderr: `error: …`, a `caused by: …` line per cause, then a `hint: …` line per
/// hint it carries, every line with the command line's secrets taken out. The format does not
/// matter: commands call this for a failed item of a document they print themselves.
pub fn print_error(error: &anyhow::Error, _format: Format) {
    print_report(&ErrorReport::new(error));
}

/// A command's failure, in place of its document: the error on stderr ([`print_error`]) and,
/// with `--format json` and nothing on stdout yet, the contract's error object on stdout. A
/// command that has printed its document already (results with a failed item) gets no second
/// one: the document carries the failure.
pub fn print_failure(error: &anyhow::Error, format: Format) {
    let report = ErrorReport::new(error);
    print_report(&report);
    if format == Format::Json && !STDOUT_WRITTEN.load(Ordering::SeqCst) {
        let _ = print_json(&ErrorDocument { error: report });
    }
}

fn print_report(report: &ErrorReport) {
    let label = |text: &str, style: console::Style| style_stderr(text, style);
    eprintln!(
        "{} {}",
        label("error:", console::Style::new().red().bold()),
        report.message
    );
    for cause in &report.causes {
        eprintln!(
            "{} {cause}",
            label("caused by:", console::Style::new().bold())
        );
    }
    for hint in &report.hints {
        eprintln!(
            "{} {hint}",
            label("hint:", console::Style::new().cyan().bold())
        );
    }
}

/// The error object of the contract's "errors as JSON" row for a usage error from argument
/// parsing (exit 2), already redacted: stdout is still empty then.
pub fn print_usage_error_json(message: String, hints: Vec<String>, exit_code: u8) {
    let _ = print_json(&ErrorDocument {
        error: ErrorReport {
            message,
            causes: Vec::new(),
            hints,
            exit_code,
        },
    });
}

/// `{"error": {...}}`: what a command that failed before printing its document prints instead.
#[derive(Serialize)]
struct ErrorDocument {
    error: ErrorReport,
}

/// An error as the operator reads it: the message, its causes, the hints, the exit status;
/// each text redacted as a usage error's (every token-like argument) or, for other errors,
/// every argument holding a known token prefix.
#[derive(Serialize)]
struct ErrorReport {
    message: String,
    causes: Vec<String>,
    hints: Vec<String>,
    exit_code: u8,
}

impl ErrorReport {
    fn new(error: &anyhow::Error) -> ErrorReport {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let exit_code = crate::error::exit_status(error);
        let usage = exit_code == 2;
        let redact = |text: &String| crate::usage_error::redact_error(text, &args, usage);
        let mut messages = crate::error::messages(error).into_iter();
        let message = messages.next().unwrap_or_else(|| error.to_string());
        let hints = crate::error::hints(error);
        ErrorReport {
            message: redact(&message),
            causes: messages.map(|cause| redact(&cause)).collect(),
            hints: hints.iter().map(redact).collect(),
            exit_code,
        }
    }
}

/// A progress bar on stderr while the doctor gathers; hidden when stderr is not a terminal,
/// so scripts and JSON consumers see nothing of it.
pub struct GatherProgress {
    bar: indicatif::ProgressBar,
}

impl GatherProgress {
    pub fn new() -> GatherProgress {
        let bar = if shows_progress() {
            indicatif::ProgressBar::new_spinner()
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        GatherProgress { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Default for GatherProgress {
    fn default() -> Self {
        GatherProgress::new()
    }
}

impl crate::doctor::Progress for GatherProgress {
    fn stage(&self, message: &str, total: Option<u64>) {
        let template = match total {
            Some(_) => "{spinner} {msg} [{bar:30}] {pos}/{len}",
            None => "{spinner} {msg}",
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(message.to_string());
        self.bar.set_position(0);
        self.bar.set_length(total.unwrap_or(0));
    }

    fn advance(&self) {
        self.bar.inc(1);
    }
}
