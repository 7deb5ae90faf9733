use super::*;
use crate::contact_state::ContactState;
use crate::gitlab::RunnerType;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

fn runner(id: u64, description: &str) -> ListedRunner {
    ListedRunner {
        id,
        description: Some(description.to_string()),
        runner_type: RunnerType::GroupType,
        status: ContactState::Online,
        paused: false,
        tag_list: vec!["gpu".into()],
        run_untagged: true,
        contacted_at: Some("2026-11-23T11:55:00Z".into()),
        registered_here: true,
    }
}

#[test]
fn table_lines_fit_the_terminal() {
    let runners = [runner(1, &"long description ".repeat(10))];
    let table = render_table(&runners, DEFAULT_COLUMNS, Some(60), now());
    for line in table.lines() {
        assert!(line.chars().count() <= 60, "{line}");
    }
    assert!(table.contains("group"));
}

#[test]
fn without_a_terminal_nothing_is_cut() {
    let description = "d".repeat(300);
    let table = render_table(&[runner(1, &description)], DEFAULT_COLUMNS, None, now());
    assert!(table.contains(&description));
}

#[test]
fn chosen_columns_come_in_the_order_given() {
    let columns = [ListColumn::Contacted, ListColumn::Id];
    let table = render_table(&[runner(7, "x")], &columns, None, now());
    assert_eq!(table, "CONTACTED  ID\n5m ago     7\n");
}

#[test]
fn contact_times_read_as_a_time_ago() {
    let ago = |at: &str| contacted(Some(at), now());
    assert_eq!(contacted(None, now()), "never");
    assert_eq!(ago("2026-11-23T11:59:20Z"), "40s ago");
    assert_eq!(ago("2026-11-23T11:00:00Z"), "1h ago");
    assert_eq!(ago("2026-11-11T12:00:00Z"), "12d ago");
    // A clock a little ahead of ours is "0s ago", not a negative time.
    assert_eq!(ago("2026-11-23T12:00:05Z"), "0s ago");
    assert_eq!(ago("yesterday"), "yesterday");
}
