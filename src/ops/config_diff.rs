//! The unified diff of a host file between its text now and the text a change would write,
//! for a dry run. The file holds runner tokens: the diff shows each only by its prefix.

use std::path::Path;

use crate::token::RunnerToken;

/// Lines of unchanged text shown around each change, as `diff -u` shows them.
const CONTEXT_LINES: usize = 3;

/// The unified diff from `before` (None: the file does not exist yet) to `after`, with every
/// quoted occurrence of one of `tokens` replaced by its redacted form. Empty when nothing
/// would change.
pub fn redacted_diff(
    path: &Path,
    before: Option<&str>,
    after: &str,
    tokens: &[RunnerToken],
) -> String {
    let old = before.unwrap_or("");
    if old == after {
        return String::new();
    }
    let shown = path.display().to_string();
    let old_header = if before.is_some() {
        shown.clone()
    } else {
        "/dev/null".to_string()
    };
    let diff = similar::TextDiff::from_lines(old, after)
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .header(&old_header, &shown)
        .to_string();
    redact(diff, tokens)
}

/// Every token as a quoted TOML string (basic or literal) becomes its prefix. Longer tokens
/// go first, so a token that another one starts with cannot leave the other's tail behind.
fn redact(mut text: String, tokens: &[RunnerToken]) -> String {
    let mut tokens: Vec<&RunnerToken> = tokens
        .iter()
        .filter(|token| !token.expose().is_empty())
        .collect();
    tokens.sort_by_key(|token| std::cmp::Reverse(token.expose().len()));
    for token in tokens {
        for quote in ['"', '\''] {
            let secret = format!("{quote}{}{quote}", token.expose());
            if text.contains(&secret) {
                text = text.replace(&secret, &format!("{quote}{}{quote}", token.redacted()));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str =
        "concurrent = 1\n\n[[runners]]\n  name = \"a\"\n  token = \"glrt-oldoldoldold\"\n";

    #[test]
    fn a_changed_token_shows_as_a_changed_line_without_the_secret() {
        let new = OLD.replace("glrt-oldoldoldold", "glrt-newnewnewnew");
        let tokens = [
            RunnerToken::new("glrt-oldoldoldold"),
            RunnerToken::new("glrt-newnewnewnew"),
        ];
        let diff = redacted_diff(Path::new("/c/config.toml"), Some(OLD), &new, &tokens);
        assert!(
            diff.starts_with("--- /c/config.toml\n+++ /c/config.toml\n"),
            "{diff}"
        );
        assert!(
            diff.contains("-  token = \"glrt-…\"\n+  token = \"glrt-…\"\n"),
            "{diff}"
        );
        assert!(
            !diff.contains("oldold") && !diff.contains("newnew"),
            "{diff}"
        );
    }

    #[test]
    fn a_new_file_is_diffed_from_nothing_and_no_change_is_no_diff() {
        let tokens = [RunnerToken::new("secretsecret")];
        let text = "[[runners]]\n  token = 'secretsecret'\n";
        let diff = redacted_diff(Path::new("config.toml"), None, text, &tokens);
        assert!(
            diff.starts_with("--- /dev/null\n+++ config.toml\n"),
            "{diff}"
        );
        assert!(diff.contains("+  token = '…'\n"), "{diff}");
        assert!(!diff.contains("secretsecret"), "{diff}");
        assert_eq!(redacted_diff(Path::new("c"), Some(OLD), OLD, &tokens), "");
    }

    #[test]
    fn a_token_that_starts_another_leaves_no_tail() {
        let tokens = [RunnerToken::new("glrt-ab"), RunnerToken::new("glrt-abcdef")];
        let text = redact("x = \"glrt-abcdef\"\ny = \"glrt-ab\"\n".into(), &tokens);
        assert_eq!(text, "x = \"glrt-…\"\ny = \"glrt-…\"\n");
    }
}
