//! gitlab-runner's `helpers.ShortenToken`: the form of a token its log lines carry as
//! `runner=`. It changed in 18.2, so a line matches an entry when either form matches.

/// The short forms gitlab-runner has used for `token`: before 18.2 and since (duplicates
/// removed); empty ones left out.
pub fn short_forms(token: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for form in [before_18_2(token), since_18_2(token)]
        .into_iter()
        .flatten()
    {
        if form.is_empty() {
            continue;
        }
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// helpers/shorten_token.go before 18.2 (v15.9 to v18.1): a token under 8 characters whole;
/// the 9 characters after `glrt-`, `glrtr-` or `glcbt-`; the first 17 of a `GR` + 7 hex
/// registration token; else the first 8.
fn before_18_2(token: &str) -> Option<String> {
    let take = |from: usize, count: usize| token.get(from..from + count).map(str::to_string);
    if token.len() < 8 {
        Some(token.to_string())
    } else if token.starts_with("glrt-") {
        take(5, 9)
    } else if token.starts_with("glrtr-") || token.starts_with("glcbt-") {
        take(6, 9)
    } else if is_registration_token(token) && token.len() >= 17 {
        take(0, 17)
    } else {
        take(0, 8)
    }
}

/// helpers/shorten_token.go since 18.2: strip `glrt-` with an optional `t1_`/`t2_`/`t3_`, a
/// bare `t1_`…, or `glrtr-`; then `glcbt-`; then `GR` and 7 hex digits; keep at most 9.
fn since_18_2(token: &str) -> Option<String> {
    let mut rest = token;
    if let Some(after) = rest.strip_prefix("glrt-") {
        rest = strip_partition(after);
    } else if let Some(after) = rest.strip_prefix("glrtr-") {
        rest = after;
    } else {
        rest = strip_partition(rest);
    }
    rest = rest.strip_prefix("glcbt-").unwrap_or(rest);
    if is_registration_token(rest) {
        rest = &rest[9..];
    }
    let end = rest.char_indices().nth(9).map_or(rest.len(), |(at, _)| at);
    Some(rest[..end].to_string())
}

fn strip_partition(token: &str) -> &str {
    ["t1_", "t2_", "t3_"]
        .iter()
        .find_map(|partition| token.strip_prefix(partition))
        .unwrap_or(token)
}

/// `GR` and 7 hex digits: the registration-era token prefix (`GR1348941`).
fn is_registration_token(token: &str) -> bool {
    token.len() >= 9
        && token.starts_with("GR")
        && token.as_bytes()[2..9].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_of_each_kind_of_token() {
        // glrt- tokens: the two versions agree unless a partition prefix follows.
        assert_eq!(short_forms("glrt-abcdefghijklmnop"), ["abcdefghi"]);
        assert_eq!(
            short_forms("glrt-t1_abcdefghijklm"),
            ["t1_abcdef", "abcdefghi"]
        );
        assert_eq!(short_forms("glrtr-abcdefghijklm"), ["abcdefghi"]);
        assert_eq!(
            short_forms("GR1348941abcdefghijklmno"),
            ["GR1348941abcdefgh", "abcdefghi"]
        );
        assert_eq!(short_forms("0123456789abcdef"), ["01234567", "012345678"]);
        // Quoted from helpers/shorten_token_test.go's cases of 18.2.
        assert_eq!(
            short_forms("glrt-t1_AbCdEfGhIjKlMnOp"),
            ["t1_AbCdEf", "AbCdEfGhI"]
        );
        assert_eq!(short_forms("short"), ["short"]);
        assert!(short_forms("").is_empty());
    }
}
