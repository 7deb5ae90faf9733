//! Which runners `prune` deletes: pure selection over what GitLab reported, so every rule is
//! a unit test. Fetching and deleting live in the operation, confirming in the command.

use chrono::{DateTime, Duration, Utc};

use crate::contact_state::ContactState;

/// GitLab's `ONLINE_CONTACT_TIMEOUT` (app/models/ci/runner.rb).
const ONLINE_WINDOW_HOURS: i64 = 2;

/// GitLab's `STALE_TIMEOUT` (app/models/ci/runner.rb).
const STALE_DAYS: i64 = 7;

/// GitLab calls it online, or it made contact within GitLab's online window.
fn reads_online(candidate: &Candidate, now: DateTime<Utc>) -> bool {
    candidate.status == ContactState::Online
        || candidate
            .contacted_at
            .is_some_and(|at| now - at < Duration::hours(ONLINE_WINDOW_HOURS))
}

/// When an online runner with no runner manager left stops reading online, so that it can
/// be pruned: GitLab's online window after its last contact (`None`: its contact time is not
/// known, so in one window from now).
pub(super) fn online_until(candidate: &Candidate) -> Option<DateTime<Utc>> {
    candidate
        .contacted_at
        .map(|at| at + Duration::hours(ONLINE_WINDOW_HOURS))
}

/// One runner as prune sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: u64,
    pub description: String,
    pub status: ContactState,
    pub contacted_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
}

/// The operator's selection: at least one selector; selectors add up, `older_than` narrows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    pub never_contacted: bool,
    pub stale: bool,
    pub older_than: Option<Duration>,
}

impl Selection {
    pub fn has_selector(&self) -> bool {
        self.never_contacted || self.stale
    }

    /// Whether `candidate` is to be deleted. An online runner never is, whatever was asked:
    /// neither one GitLab calls online nor one that made contact within GitLab's online window
    /// (2 h; a runner that was only verified reads `never_contacted` on GitLab 18.x although
    /// its host just called).
    ///
    /// `--never-contacted` is the contract's wording: GitLab's status is `never_contacted`, or
    /// `stale` with `contacted_at` null (a never-contacted runner turns stale after 7 days).
    pub fn selects(&self, candidate: &Candidate, now: DateTime<Utc>) -> bool {
        if reads_online(candidate, now) {
            return false;
        }
        let never_contacted = candidate.status == ContactState::NeverContacted
            || (candidate.status == ContactState::Stale && candidate.contacted_at.is_none());
        let by_selector = (self.never_contacted && never_contacted)
            || (self.stale && candidate.status == ContactState::Stale);
        if !by_selector {
            return false;
        }
        match self.older_than {
            None => true,
            // Last contact, or creation for a runner that never made contact. A runner whose
            // age GitLab did not tell is not old enough to delete.
            Some(age) => candidate
                .contacted_at
                .or(candidate.created_at)
                .is_some_and(|since| now - since > age),
        }
    }

    /// Whether `candidate` is kept only because it reads online, and could otherwise match:
    /// its creation does not rule it out (a last contact is never older than the creation).
    /// These are the runners whose managers prune reads, since GitLab 16.0–17.x counts the
    /// last host's `DELETE /runners/managers` as a contact: one with no manager left reads
    /// online for 2 hours although no host runs it, and its skip reason says so.
    pub fn held_online(&self, candidate: &Candidate, now: DateTime<Utc>) -> bool {
        if !reads_online(candidate, now) {
            return false;
        }
        let created_before = |age: Duration| {
            candidate
                .created_at
                .is_some_and(|created| now - created > age)
        };
        let by_selector =
            self.never_contacted || (self.stale && created_before(Duration::days(STALE_DAYS)));
        by_selector && self.older_than.is_none_or(created_before)
    }

    /// The plan: the selected candidates in id order.
    pub fn plan<'a>(&self, candidates: &'a [Candidate], now: DateTime<Utc>) -> Vec<&'a Candidate> {
        let mut plan: Vec<&Candidate> =
            candidates.iter().filter(|c| self.selects(c, now)).collect();
        plan.sort_by_key(|c| c.id);
        plan.dedup_by_key(|c| c.id);
        plan
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "not a duration: use a number and a unit, m (minutes), h, d or w (weeks), like 90m, 12h, 30d or 2w"
)]
pub struct BadDuration(pub String);

/// `--older-than`: a whole number and a unit, `m`, `h`, `d` or `w`. clap calls it while parsing,
/// so its error names the flag and quotes the value. A general duration crate is not used on
/// purpose: the contract's grammar refuses seconds, fractions and spaces that they accept.
pub fn parse_age(text: &str) -> Result<Duration, BadDuration> {
    let text = text.trim();
    let bad = || BadDuration(text.to_string());
    let unit = text.chars().last().ok_or_else(bad)?;
    let number: i64 = text[..text.len() - unit.len_utf8()]
        .parse()
        .map_err(|_| bad())?;
    if number <= 0 {
        return Err(bad());
    }
    let minutes = match unit {
        'm' => 1,
        'h' => 60,
        'd' => 60 * 24,
        'w' => 60 * 24 * 7,
        _ => return Err(bad()),
    };
    number
        .checked_mul(minutes)
        .and_then(Duration::try_minutes)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn runner(
        id: u64,
        status: ContactState,
        contacted_days: Option<i64>,
        created_days: i64,
    ) -> Candidate {
        Candidate {
            id,
            description: String::new(),
            status,
            contacted_at: contacted_days.map(|d| now() - Duration::days(d)),
            created_at: Some(now() - Duration::days(created_days)),
        }
    }

    #[test]
    fn parses_the_contract_grammar() {
        assert_eq!(parse_age("90m"), Ok(Duration::minutes(90)));
        assert_eq!(parse_age("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_age("30d"), Ok(Duration::days(30)));
        assert_eq!(parse_age("2w"), Ok(Duration::days(14)));
        for bad in [
            "",
            "d",
            "10",
            "10s",
            "-1d",
            "0h",
            "1.5d",
            "1 d",
            "99999999999999999w",
        ] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn never_contacted_means_no_contact_whatever_the_age() {
        let selection = Selection {
            never_contacted: true,
            ..Default::default()
        };
        let fresh = runner(1, ContactState::NeverContacted, None, 0);
        let old = runner(2, ContactState::Stale, None, 100);
        let contacted = runner(3, ContactState::Offline, Some(3), 10);
        let stale_contacted = runner(4, ContactState::Stale, Some(10), 30);
        // Verified only (GitLab 18.x): contacted, yet GitLab's status is never_contacted.
        let verified_only = runner(5, ContactState::NeverContacted, Some(1), 2);
        assert!(selection.selects(&fresh, now()));
        assert!(selection.selects(&old, now()));
        assert!(selection.selects(&verified_only, now()));
        assert!(!selection.selects(&contacted, now()));
        assert!(!selection.selects(&stale_contacted, now()));
    }

    #[test]
    fn a_runner_that_called_within_two_hours_is_never_selected() {
        let selection = Selection {
            never_contacted: true,
            stale: true,
            older_than: None,
        };
        let verified_now = Candidate {
            contacted_at: Some(now() - Duration::minutes(5)),
            ..runner(1, ContactState::NeverContacted, None, 2)
        };
        assert!(!selection.selects(&verified_now, now()));
    }

    #[test]
    fn stale_is_gitlabs_stale_state() {
        let selection = Selection {
            stale: true,
            ..Default::default()
        };
        assert!(selection.selects(&runner(1, ContactState::Stale, Some(30), 60), now()));
        assert!(!selection.selects(&runner(2, ContactState::Offline, Some(30), 60), now()));
        assert!(!selection.selects(&runner(3, ContactState::NeverContacted, None, 1), now()));
    }

    #[test]
    fn older_than_uses_last_contact_else_creation() {
        let selection = Selection {
            never_contacted: true,
            stale: true,
            older_than: Some(Duration::days(1)),
        };
        assert!(!selection.selects(&runner(1, ContactState::NeverContacted, None, 0), now()));
        assert!(selection.selects(&runner(2, ContactState::NeverContacted, None, 2), now()));
        assert!(selection.selects(&runner(3, ContactState::Stale, Some(8), 30), now()));
        let mut unknown_age = runner(4, ContactState::NeverContacted, None, 5);
        unknown_age.created_at = None;
        assert!(!selection.selects(&unknown_age, now()));
    }

    #[test]
    fn an_online_runner_is_never_selected() {
        let selection = Selection {
            never_contacted: true,
            stale: true,
            older_than: None,
        };
        // GitLab's own state wins even if contacted_at was not reported.
        let online = Candidate {
            contacted_at: None,
            ..runner(1, ContactState::Online, None, 30)
        };
        assert!(!selection.selects(&online, now()));
    }

    #[test]
    fn only_online_runners_the_selection_could_match_are_held_online() {
        let online = |id, created_days| Candidate {
            contacted_at: Some(now() - Duration::minutes(10)),
            ..runner(id, ContactState::Online, None, created_days)
        };
        let stale = Selection {
            stale: true,
            ..Default::default()
        };
        assert!(stale.held_online(&online(1, 30), now()));
        // Created 3 days ago: it cannot be stale, whatever its last host did.
        assert!(!stale.held_online(&online(2, 3), now()));
        // Not online: the selection judges it as usual.
        assert!(!stale.held_online(&runner(3, ContactState::Stale, Some(10), 30), now()));
        let older = Selection {
            stale: true,
            older_than: Some(Duration::days(60)),
            ..Default::default()
        };
        assert!(!older.held_online(&online(4, 30), now()));
        assert!(older.held_online(&online(5, 90), now()));
        let never = Selection {
            never_contacted: true,
            ..Default::default()
        };
        assert!(never.held_online(&online(6, 1), now()));
        assert!(!never.selects(&online(6, 1), now()));

        assert_eq!(
            online_until(&online(1, 30)),
            Some(now() + Duration::minutes(110))
        );
    }

    #[test]
    fn plan_is_in_id_order_without_duplicates() {
        let selection = Selection {
            never_contacted: true,
            ..Default::default()
        };
        let candidates = vec![
            runner(9, ContactState::NeverContacted, None, 1),
            runner(3, ContactState::NeverContacted, None, 1),
            runner(9, ContactState::NeverContacted, None, 1),
            runner(5, ContactState::Online, Some(0), 1),
        ];
        let ids: Vec<u64> = selection
            .plan(&candidates, now())
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, vec![3, 9]);
    }
}
