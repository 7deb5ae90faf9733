//! A parsed config.toml and the edits the commands make to it, keeping every byte they do not
//! mean to change.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::error::ConfigError;
use super::schema;
use super::spec::{Executor, RunnerSpec, Setting};
use super::split::Split;
use crate::runner_id::RunnerId;
use crate::token::RunnerToken;

/// gitlab-runner's zero `time.Time`, which it writes for a token that never expires.
pub const NO_EXPIRY: &str = "0001-01-01T00:00:00Z";

/// What a new config.toml holds, as gitlab-runner writes it (indentation included).
pub const NEW_CONFIG: &str =
    "concurrent = 1\ncheck_interval = 0\n\n[session_server]\n  session_timeout = 1800\n";

const INDENT: &str = "  ";

/// One `[[runners]]` entry as the commands see it. Keys are read the way gitlab-runner reads
/// them (case-insensitively); a key of the wrong type cannot be here, since the file validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryView {
    /// 0-based, in file order.
    pub index: usize,
    pub name: Option<String>,
    pub url: Option<String>,
    pub id: Option<i64>,
    pub token: Option<RunnerToken>,
    pub executor: Option<String>,
    pub token_obtained_at: Option<DateTime<Utc>>,
    /// None when absent or gitlab-runner's zero time (no expiry).
    pub token_expires_at: Option<DateTime<Utc>>,
}

impl EntryView {
    /// The runner this entry was registered as, when its `id` can be one.
    pub fn runner_id(&self) -> Option<RunnerId> {
        self.id.and_then(RunnerId::from_config)
    }
}

/// What `register` did to the entry: the host file seam's, shared by every forge's file.
pub use crate::host_file::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    /// The entry's index after the edit.
    pub index: usize,
    pub action: Action,
}

/// A config.toml that parsed and that gitlab-runner would load.
#[derive(Clone)]
pub struct ConfigDocument {
    path: PathBuf,
    body: Body,
    /// Set by every edit that changed the text, so that saving needs no before/after render
    /// of a large file. All mutation goes through this type's methods.
    changed: bool,
    /// How the file wrote its text, which toml_edit does not keep: it is handed the text
    /// without them and [`ConfigDocument::render`] puts them back.
    layout: Layout,
}

/// The parsed text: a large file cut at its entries, or toml_edit's document of it all.
#[derive(Clone)]
enum Body {
    /// A file without entries, or one the split cannot cut exactly (its errors are worded
    /// here too).
    Whole(DocumentMut),
    Split(Split),
}

/// A leading UTF-8 byte order mark and the line ending (Windows editors write both).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Layout {
    bom: bool,
    crlf: bool,
    /// The file mixed both endings; rendering uses the majority's (`crlf`).
    mixed: bool,
}

impl Layout {
    /// The layout of `text`, and the text as toml_edit gets it: no BOM, LF endings.
    fn of(text: &str) -> (Layout, std::borrow::Cow<'_, str>) {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        // Most files have no CR at all: one byte scan instead of a substring search.
        let crlf_lines = if body.as_bytes().contains(&b'\r') {
            body.matches("\r\n").count()
        } else {
            0
        };
        let lf_lines = body.bytes().filter(|byte| *byte == b'\n').count() - crlf_lines;
        let layout = Layout {
            bom,
            // A tie goes to LF, gitlab-runner's own.
            crlf: crlf_lines > lf_lines,
            mixed: crlf_lines > 0 && lf_lines > 0,
        };
        let body = if crlf_lines > 0 {
            std::borrow::Cow::Owned(body.replace("\r\n", "\n"))
        } else {
            std::borrow::Cow::Borrowed(body)
        };
        (layout, body)
    }

    fn apply(self, text: String) -> String {
        let text = if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        };
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

// The document holds runner tokens: never print it.
impl fmt::Debug for ConfigDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigDocument")
            .field("path", &self.path)
            .field("runners", &self.runners().len())
            .finish_non_exhaustive()
    }
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let column = before
        .get(line_start..)
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (line, column)
}

impl ConfigDocument {
    /// Parses and validates `text`; `path` is only for error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let mut scratch = (Duration::ZERO, Duration::ZERO);
        ConfigDocument::parse_timed(text, path, &mut scratch.0, &mut scratch.1)
    }

    /// [`ConfigDocument::parse`], adding the time spent on the syntax to `parse` and on
    /// gitlab-runner's types to `validate`.
    pub(crate) fn parse_timed(
        text: &str,
        path: &Path,
        parse: &mut Duration,
        validate: &mut Duration,
    ) -> Result<Self, ConfigError> {
        let started = Instant::now();
        let mut checked = Duration::ZERO;
        let (layout, body) = Layout::of(text);
        let document = match Split::parse(&body, &mut checked) {
            Some(split) => Ok(ConfigDocument {
                path: path.to_path_buf(),
                body: Body::Split(split),
                changed: false,
                layout,
            }),
            None => ConfigDocument::parse_whole(layout, &body, path),
        };
        *parse += started.elapsed().saturating_sub(checked);
        *validate += checked;
        let document = document?;
        if let Body::Whole(doc) = &document.body {
            let started = Instant::now();
            let valid = schema::validate(doc, path);
            *validate += started.elapsed();
            valid?;
        }
        Ok(document)
    }

    /// [`ConfigDocument::parse`] the whole-document way, to compare the split with.
    #[cfg(test)]
    pub(crate) fn parse_as_whole(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let (layout, body) = Layout::of(text);
        let document = ConfigDocument::parse_whole(layout, &body, path)?;
        if let Body::Whole(doc) = &document.body {
            schema::validate(doc, path)?;
        }
        Ok(document)
    }

    #[cfg(test)]
    pub(crate) fn is_split(&self) -> bool {
        matches!(self.body, Body::Split(_))
    }

    /// toml_edit's document of the whole text (no BOM, LF endings), not yet checked against
    /// gitlab-runner's types.
    fn parse_whole(layout: Layout, text: &str, path: &Path) -> Result<Self, ConfigError> {
        let doc = DocumentMut::from_str(text).map_err(|error| {
            let offset = error.span().map_or(0, |span| span.start);
            let (line, column) = line_column(text, offset);
            ConfigError::Unparseable {
                path: path.to_path_buf(),
                line,
                column,
                // One paragraph: toml_edit puts "expected …" on a line of its own.
                message: error
                    .message()
                    .trim()
                    .lines()
                    .collect::<Vec<_>>()
                    .join("; "),
            }
        })?;
        Ok(ConfigDocument {
            path: path.to_path_buf(),
            body: Body::Whole(doc),
            changed: false,
            layout,
        })
    }

    /// The content of a config.toml that does not exist yet.
    pub fn new_default(path: &Path) -> Self {
        // NEW_CONFIG is a constant checked by a unit test; falling back to an empty document
        // would still be a valid config.
        let doc = DocumentMut::from_str(NEW_CONFIG).unwrap_or_default();
        ConfigDocument {
            path: path.to_path_buf(),
            body: Body::Whole(doc),
            changed: false,
            layout: Layout::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an edit changed the document since it was parsed or saved.
    pub fn is_changed(&self) -> bool {
        self.changed
    }

    pub(crate) fn mark_saved(&mut self) {
        self.changed = false;
        // Written with one kind of line ending now.
        self.layout.mixed = false;
        if let Body::Split(split) = &mut self.body {
            split.mark_saved();
        }
    }

    /// The file's text. It holds tokens: write it to the file, never to a terminal or log.
    pub fn render(&self) -> String {
        let text = match &self.body {
            Body::Whole(doc) => doc.to_string(),
            Body::Split(split) => split.render(),
        };
        self.layout.apply(text)
    }

    /// Some(true) when the file mixed line endings and renders with CRLF, Some(false) with
    /// LF; None when it used one kind throughout.
    pub fn normalised_line_endings(&self) -> Option<bool> {
        self.layout.mixed.then_some(self.layout.crlf)
    }

    fn refused(&self, message: impl Into<String>) -> ConfigError {
        ConfigError::Refused {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// The one walk to the `[[runners]]` entries, whichever way the file writes them: every
    /// lookup by index, id, token or name goes through it, so they all number alike.
    fn entry_items(&self) -> Vec<EntryItem<'_>> {
        let doc = match &self.body {
            Body::Whole(doc) => doc,
            Body::Split(split) => {
                return (0..split.len())
                    .filter_map(|index| split.table(index).map(EntryItem::Table))
                    .collect();
            }
        };
        let Some(item) = get_ci(doc.as_table(), "runners") else {
            return Vec::new();
        };
        match item {
            Item::ArrayOfTables(array) => array.iter().map(EntryItem::Table).collect(),
            Item::Value(Value::Array(array)) => array
                .iter()
                .filter_map(|value| value.as_inline_table().map(EntryItem::Inline))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn entry_tables(&self) -> Vec<&dyn TableLike> {
        self.entry_items()
            .into_iter()
            .map(EntryItem::into_table_like)
            .collect()
    }

    /// Entry `index`'s table, for reads [`EntryView`] does not offer. It holds a token.
    pub fn entry(&self, index: usize) -> Option<&dyn TableLike> {
        match &self.body {
            Body::Whole(_) => self.entry_tables().get(index).copied(),
            Body::Split(split) => split.table(index).map(|table| table as &dyn TableLike),
        }
    }

    /// The value at `path` below entry `index` (`["docker", "image"]`), keys matched
    /// case-insensitively as gitlab-runner's decoder does.
    pub fn value_at(&self, index: usize, path: &[&str]) -> Option<&Item> {
        lookup(self.entry(index)?, path)
    }

    /// A copy of entry `index` as a standard table (an inline one converted).
    pub(crate) fn entry_copy(&self, index: usize) -> Option<Table> {
        if let Body::Split(split) = &self.body {
            return split.table(index).cloned();
        }
        match self.entry_items().get(index)? {
            EntryItem::Table(table) => Some((*table).clone()),
            EntryItem::Inline(table) => Some((*table).clone().into_table()),
        }
    }

    /// Every `[[runners]]` entry, in file order.
    pub fn runners(&self) -> Vec<EntryView> {
        if let Body::Split(split) = &self.body {
            return split.views();
        }
        self.entry_tables()
            .into_iter()
            .enumerate()
            .map(|(index, table)| entry_view(index, table))
            .collect()
    }

    pub fn runner(&self, index: usize) -> Option<EntryView> {
        if let Body::Split(split) = &self.body {
            return split.view(index);
        }
        self.entry_tables()
            .get(index)
            .map(|table| entry_view(index, *table))
    }

    /// Indexes of the entries with this `name` (gitlab-runner allows duplicates).
    pub fn find_by_name(&self, name: &str) -> Vec<usize> {
        if let Body::Split(split) = &self.body {
            return split.find(|view| view.name.as_deref() == Some(name));
        }
        // Only the names: a full [`EntryView`] of every entry parses two times each.
        self.entry_tables()
            .into_iter()
            .enumerate()
            .filter(|(_, table)| get_ci(*table, "name").and_then(Item::as_str) == Some(name))
            .map(|(index, _)| index)
            .collect()
    }

    /// Indexes of the entries with this runner `id`, on this GitLab when `url` is given
    /// (ids are only unique within one GitLab).
    pub fn find_by_id(&self, id: i64, url: Option<&str>) -> Vec<usize> {
        if let Body::Split(split) = &self.body {
            return split.find(|view| {
                view.id == Some(id) && url.is_none_or(|url| same_url(view.url.as_deref(), url))
            });
        }
        self.entry_tables()
            .into_iter()
            .enumerate()
            .filter(|(_, table)| get_ci(*table, "id").and_then(Item::as_integer) == Some(id))
            .filter(|(_, table)| {
                url.is_none_or(|url| same_url(get_ci(*table, "url").and_then(Item::as_str), url))
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// Indexes of the entries of this runner, on this GitLab when `url` is given: config.toml's
    /// integer `id` compared with the forge's id in one place ([`RunnerId::to_config`]).
    pub fn find_runner(&self, id: RunnerId, url: Option<&str>) -> Vec<usize> {
        id.to_config()
            .map(|id| self.find_by_id(id, url))
            .unwrap_or_default()
    }

    /// Indexes of the entries holding this token.
    pub fn find_by_token(&self, token: &RunnerToken) -> Vec<usize> {
        if let Body::Split(split) = &self.body {
            return split
                .find(|view| view.token.as_ref().map(RunnerToken::expose) == Some(token.expose()));
        }
        self.entry_tables()
            .into_iter()
            .enumerate()
            .filter(|(_, table)| {
                get_ci(*table, "token").and_then(Item::as_str) == Some(token.expose())
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// The entry `register` updates: the same runner id on the same GitLab, else an entry
    /// with the same token.
    pub fn find_registration(&self, spec: &RunnerSpec) -> Option<usize> {
        spec.verification
            .as_ref()
            .and_then(|verified| {
                self.find_by_id(verified.runner_id, Some(&spec.url))
                    .first()
                    .copied()
            })
            .or_else(|| self.find_by_token(&spec.token).first().copied())
    }

    /// The whole document's `[[runners]]` array (a split one has no such array: its entries
    /// are edited one by one).
    fn runners_array_mut(&mut self) -> Result<&mut ArrayOfTables, ConfigError> {
        let split = || ConfigError::Refused {
            path: self.path.clone(),
            message: "the file's entries are edited one by one".into(),
        };
        let Body::Whole(doc) = &mut self.body else {
            return Err(split());
        };
        let root = doc.as_table_mut();
        let key = actual_key(root, "runners").unwrap_or_else(|| "runners".to_string());
        let layout_is_inline =
            matches!(root.get(&key), Some(Item::Value(Value::Array(a))) if !a.is_empty());
        if layout_is_inline {
            return Err(self.refused(
                "`runners` is written as an inline array; rewrite it as [[runners]] tables to let runnerctl edit it",
            ));
        }
        let path = self.path.clone();
        let Body::Whole(doc) = &mut self.body else {
            return Err(ConfigError::Refused {
                path,
                message: "the file's entries are edited one by one".into(),
            });
        };
        let root = doc.as_table_mut();
        if !matches!(root.get(&key), Some(Item::ArrayOfTables(_))) {
            root.insert(&key, Item::ArrayOfTables(ArrayOfTables::new()));
        }
        match root.get_mut(&key) {
            Some(Item::ArrayOfTables(array)) => Ok(array),
            // Inserted just above.
            _ => Err(ConfigError::Refused {
                path,
                message: "`runners` could not be made an array of tables".into(),
            }),
        }
    }

    /// Entry `index` to edit; `missing` words its absence.
    fn entry_mut(&mut self, index: usize, missing: String) -> Result<&mut Table, ConfigError> {
        let path = self.path.clone();
        let entry = if matches!(self.body, Body::Whole(_)) {
            self.runners_array_mut()?.get_mut(index)
        } else if let Body::Split(split) = &mut self.body {
            split.table_mut(index)
        } else {
            None
        };
        entry.ok_or(ConfigError::Refused {
            path,
            message: missing,
        })
    }

    /// After an edit of entry `index`: what [`ConfigDocument::runners`] shows of it.
    fn edited(&mut self, index: usize) {
        if let Body::Split(split) = &mut self.body {
            split.refresh(index);
        }
    }

    /// `register`'s edit: updates the matching entry in place by the contract's rules, or
    /// appends a new one. Nothing changed gives [`Action::Unchanged`].
    pub fn add_or_update_runner(&mut self, spec: &RunnerSpec) -> Result<Registered, ConfigError> {
        if let Err(invalid) = spec.check() {
            return Err(self.refused(invalid.to_string()));
        }
        let path = self.path.clone();
        if let Some(index) = self.find_registration(spec) {
            let entry = self.entry_mut(index, format!("entry {index} vanished during the edit"))?;
            let before = render_entry(entry);
            let applied = apply_spec(entry, spec, false).map_err(|refusal| refusal.at(&path));
            let action = match applied {
                Err(error) => Err(error),
                Ok(()) if render_entry(entry) == before => Ok(Action::Unchanged),
                Ok(()) => check_entry(entry, index, &path).map(|()| Action::Updated),
            };
            self.edited(index);
            let action = action?;
            self.changed |= action != Action::Unchanged;
            return Ok(Registered { index, action });
        }

        // A blank line before the header, as gitlab-runner separates its tables.
        let document_is_empty = match &self.body {
            Body::Whole(doc) => {
                doc.as_table().iter().all(|(_, item)| match item {
                    Item::ArrayOfTables(array) => array.is_empty(),
                    _ => false,
                }) && doc
                    .trailing()
                    .as_str()
                    .is_none_or(|trailing| trailing.trim().is_empty())
            }
            // It has entries.
            Body::Split(_) => false,
        };
        let mut entry = Table::new();
        entry.set_implicit(false);
        if !document_is_empty {
            entry.decor_mut().set_prefix("\n");
        }
        apply_spec(&mut entry, spec, true).map_err(|refusal| refusal.at(&path))?;
        let index = match &mut self.body {
            Body::Split(split) => {
                let index = split.len();
                check_entry(&entry, index, &path)?;
                split.push(entry);
                index
            }
            Body::Whole(_) => {
                let array = self.runners_array_mut()?;
                let index = array.len();
                check_entry(&entry, index, &path)?;
                array.push(entry);
                index
            }
        };
        self.changed = true;
        Ok(Registered {
            index,
            action: Action::Added,
        })
    }

    /// Removes entry `index` (its comments and subtables go with it); None if there is none.
    pub fn remove_runner(&mut self, index: usize) -> Result<Option<EntryView>, ConfigError> {
        let Some(view) = self.runner(index) else {
            return Ok(None);
        };
        match &mut self.body {
            Body::Split(split) => split.remove(index),
            Body::Whole(_) => {
                self.runners_array_mut()?.remove(index);
            }
        }
        self.changed = true;
        Ok(Some(view))
    }

    /// `rotate`: the entry's new token, obtained now. False if nothing changed.
    pub fn set_runner_token(
        &mut self,
        index: usize,
        token: &RunnerToken,
        obtained_at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<bool, ConfigError> {
        let entry = self.entry_mut(index, format!("there is no [[runners]] entry {index}"))?;
        let indent = key_indent(entry);
        let mut changed = set_value(entry, "token", Value::from(token.expose()), &indent);
        if changed {
            set_value(
                entry,
                "token_obtained_at",
                datetime(Some(obtained_at)),
                &indent,
            );
        }
        changed |= set_value(entry, "token_expires_at", datetime(expires_at), &indent);
        self.edited(index);
        self.changed |= changed;
        Ok(changed)
    }
}

/// An edited entry must still be one gitlab-runner loads (a template, say, cannot smuggle in
/// a wrong type): checked here so that saving need not validate the whole file again.
fn check_entry(entry: &Table, index: usize, path: &Path) -> Result<(), ConfigError> {
    schema::validate_runner(entry, index, path)
}

/// The entry with its subtables as text (a `Table`'s own Display leaves subtables out).
fn render_entry(entry: &Table) -> String {
    let mut array = ArrayOfTables::new();
    array.push(entry.clone());
    let mut doc = DocumentMut::new();
    doc.insert("runners", Item::ArrayOfTables(array));
    doc.to_string()
}

pub(crate) fn entry_view(index: usize, table: &dyn TableLike) -> EntryView {
    let string = |key: &str| {
        get_ci(table, key)
            .and_then(Item::as_str)
            .map(str::to_string)
    };
    EntryView {
        index,
        name: string("name"),
        url: string("url"),
        id: get_ci(table, "id").and_then(Item::as_integer),
        token: string("token").map(RunnerToken::new),
        executor: string("executor"),
        token_obtained_at: get_ci(table, "token_obtained_at").and_then(read_datetime),
        token_expires_at: get_ci(table, "token_expires_at").and_then(read_datetime),
    }
}

/// A time gitlab-runner would read from this item; its zero time counts as none.
fn read_datetime(item: &Item) -> Option<DateTime<Utc>> {
    let text = match item.as_value()? {
        Value::Datetime(datetime) => datetime.value().to_string(),
        Value::String(text) => text.value().clone(),
        _ => return None,
    };
    parse_time(&text)
}

/// A time as [`read_datetime`] reads it from a datetime's or a string's text.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .ok()
        // A local datetime has no offset; gitlab-runner writes UTC, so read it as UTC.
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|naive| naive.and_utc())
        })?;
    (parsed.year() > 1).then_some(parsed)
}

/// A bare TOML datetime in whole seconds, as gitlab-runner writes it; None is its zero time.
fn datetime(time: Option<DateTime<Utc>>) -> Value {
    let text = time.map_or_else(
        || NO_EXPIRY.to_string(),
        |time| time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    );
    match toml_edit::Datetime::from_str(&text) {
        Ok(datetime) => Value::from(datetime),
        // Both formats above are valid TOML datetimes; a string still decodes in gitlab-runner.
        Err(_) => Value::from(text),
    }
}

/// gitlab-runner (BurntSushi/toml) matches keys case-insensitively after an exact match.
/// One `[[runners]]` entry as the file writes it.
enum EntryItem<'a> {
    Table(&'a Table),
    Inline(&'a toml_edit::InlineTable),
}

impl<'a> EntryItem<'a> {
    fn into_table_like(self) -> &'a dyn TableLike {
        match self {
            EntryItem::Table(table) => table,
            EntryItem::Inline(table) => table,
        }
    }
}

/// A key below `table`, matched case-insensitively as gitlab-runner's decoder does.
pub(crate) fn lookup<'a>(table: &'a dyn TableLike, path: &[&str]) -> Option<&'a Item> {
    let (first, rest) = path.split_first()?;
    let item = get_ci(table, first)?;
    if rest.is_empty() {
        return Some(item);
    }
    lookup(item.as_table_like()?, rest)
}

pub(crate) fn get_ci<'a>(table: &'a dyn TableLike, key: &str) -> Option<&'a Item> {
    table.get(key).or_else(|| {
        table
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|(_, item)| item)
    })
}

fn actual_key(table: &dyn TableLike, key: &str) -> Option<String> {
    if table.contains_key(key) {
        return Some(key.to_string());
    }
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(name, _)| name.to_string())
}

fn same_url(entry: Option<&str>, url: &str) -> bool {
    entry.is_some_and(|entry| entry.trim_end_matches('/') == url.trim_end_matches('/'))
}

/// The indentation of the table's keys, so added keys line up with hand-written ones.
fn key_indent(table: &dyn TableLike) -> String {
    table
        .iter()
        .find_map(|(name, item)| {
            item.is_value().then(|| {
                table
                    .key(name)
                    .and_then(|key| key.leaf_decor().prefix())
                    .and_then(|prefix| prefix.as_str())
                    .filter(|prefix| prefix.chars().all(|c| c == ' ' || c == '\t'))
                    .map(str::to_string)
                    .unwrap_or_default()
            })
        })
        .unwrap_or_default()
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        (Value::Float(a), Value::Float(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| values_equal(a, b))
        }
        _ => false,
    }
}

/// Sets `key` (matched case-insensitively) to `value`, keeping the old value's spacing and
/// comments; a new key gets `indent`. True if the file changes.
fn set_value(table: &mut dyn TableLike, key: &str, mut value: Value, indent: &str) -> bool {
    if let Some(existing) = actual_key(table, key) {
        if let Some(Item::Value(old)) = table.get_mut(&existing) {
            if values_equal(old, &value) {
                return false;
            }
            *value.decor_mut() = old.decor().clone();
            *old = value;
            return true;
        }
        table.insert(&existing, Item::Value(value));
        return true;
    }
    table.insert(key, Item::Value(value));
    if let Some(mut key) = table.key_mut(key) {
        key.leaf_decor_mut().set_prefix(indent);
    }
    true
}

/// Sets `key` only if the entry lacks it: a default never overwrites.
fn fill_value(table: &mut dyn TableLike, key: &str, value: Value, indent: &str) -> bool {
    if actual_key(table, key).is_some() {
        return false;
    }
    set_value(table, key, value, indent)
}

/// The subtable `key` of `parent` (created with header indentation `indent` if missing) and
/// whether it was created.
fn subtable<'a>(
    parent: &'a mut dyn TableLike,
    key: &str,
    indent: &str,
) -> Result<(&'a mut dyn TableLike, bool), String> {
    let existing = actual_key(parent, key);
    let created = existing.is_none();
    let key = existing.unwrap_or_else(|| key.to_string());
    if created {
        let mut table = Table::new();
        table.set_implicit(false);
        table.decor_mut().set_prefix(indent);
        parent.insert(&key, Item::Table(table));
    }
    match parent.get_mut(&key).and_then(Item::as_table_like_mut) {
        Some(table) => Ok((table, created)),
        None => Err(format!("`{key}` is not a table")),
    }
}

/// Writes what `spec` says into `entry`. A new entry gets every key in gitlab-runner's order;
/// an existing one only what the contract's update rules allow.
/// Why [`apply_spec`] could not make the entry.
enum SpecRefusal {
    /// A new entry, and no executor in the spec or the template.
    NoExecutor,
    Other(String),
}

impl From<String> for SpecRefusal {
    fn from(message: String) -> Self {
        SpecRefusal::Other(message)
    }
}

impl SpecRefusal {
    fn at(self, path: &std::path::Path) -> ConfigError {
        match self {
            SpecRefusal::NoExecutor => ConfigError::NoExecutor {
                path: path.to_path_buf(),
            },
            SpecRefusal::Other(message) => ConfigError::Refused {
                path: path.to_path_buf(),
                message,
            },
        }
    }
}

fn apply_spec(entry: &mut Table, spec: &RunnerSpec, is_new: bool) -> Result<(), SpecRefusal> {
    let indent = if is_new {
        INDENT.to_string()
    } else {
        key_indent(entry)
    };
    let table: &mut dyn TableLike = entry;

    match &spec.name {
        Setting::Given(name) => {
            set_value(table, "name", Value::from(name.as_str()), &indent);
        }
        Setting::Default(name) => {
            fill_value(table, "name", Value::from(name.as_str()), &indent);
        }
    }
    let url_differs = !same_url(get_ci(table, "url").and_then(Item::as_str), &spec.url);
    if url_differs {
        set_value(table, "url", Value::from(spec.url.as_str()), &indent);
    }
    if let Some(verified) = &spec.verification {
        set_value(table, "id", Value::from(verified.runner_id), &indent);
    }
    let token_differs = get_ci(table, "token").and_then(Item::as_str) != Some(spec.token.expose());
    if token_differs {
        set_value(table, "token", Value::from(spec.token.expose()), &indent);
        set_value(
            table,
            "token_obtained_at",
            datetime(Some(spec.token_obtained_at)),
            &indent,
        );
    }
    if let Some(verified) = &spec.verification {
        set_value(
            table,
            "token_expires_at",
            datetime(verified.token_expires_at),
            &indent,
        );
    }

    let template = spec.template.as_ref().map(|template| template.entry());
    let executor_name = match spec.executor {
        Some(executor) => {
            set_value(table, "executor", Value::from(executor.name()), &indent);
            Some(executor.name().to_string())
        }
        None => get_ci(table, "executor")
            .or_else(|| template.and_then(|t| get_ci(t, "executor")))
            .and_then(Item::as_str)
            .map(str::to_string),
    };
    let Some(executor_name) = executor_name else {
        return Err(SpecRefusal::NoExecutor);
    };
    // An executor runnerctl does not know (hand-written) gets no executor table.
    let executor = Executor::from_str(&executor_name).ok();

    let table_indent = indent.clone();
    let inner_indent = format!("{indent}{indent}");
    let mut created_tables: Vec<&'static str> = Vec::new();

    if let Some(executor) = executor {
        if executor.needs_docker_image() {
            let (docker, created) = subtable(table, "docker", &table_indent)?;
            let indent = if created {
                inner_indent.clone()
            } else {
                key_indent(docker)
            };
            if let Some(image) = &spec.docker.image {
                set_value(docker, "image", Value::from(image.as_str()), &indent);
            }
            if created {
                created_tables.push("docker");
            }
        }
        if executor == Executor::DockerMachine {
            let (_, created) = subtable(table, "machine", &table_indent)?;
            if created {
                created_tables.push("machine");
            }
        }
        if executor == Executor::Kubernetes {
            let (kubernetes, created) = subtable(table, "kubernetes", &table_indent)?;
            let indent = if created {
                inner_indent.clone()
            } else {
                key_indent(kubernetes)
            };
            if let Some(namespace) = &spec.kubernetes.namespace {
                set_value(
                    kubernetes,
                    "namespace",
                    Value::from(namespace.as_str()),
                    &indent,
                );
            }
            if let Some(image) = &spec.kubernetes.image {
                set_value(kubernetes, "image", Value::from(image.as_str()), &indent);
            }
        }
        if executor.uses_autoscaler() {
            let (autoscaler, created) = subtable(table, "autoscaler", &table_indent)?;
            let key_indent_here = if created {
                inner_indent.clone()
            } else {
                key_indent(autoscaler)
            };
            let flags = &spec.autoscaler;
            if let Some(plugin) = &flags.plugin {
                set_value(
                    autoscaler,
                    "plugin",
                    Value::from(plugin.as_str()),
                    &key_indent_here,
                );
            }
            for (key, value) in [
                ("capacity_per_instance", flags.capacity_per_instance),
                ("max_use_count", flags.max_use_count),
                ("max_instances", flags.max_instances),
            ] {
                if let Some(value) = value {
                    set_value(autoscaler, key, Value::from(value), &key_indent_here);
                }
            }
            if created {
                created_tables.push("autoscaler");
            }
            autoscaler_policy(autoscaler, spec, &key_indent_here)?;
        }
        if matches!(
            executor,
            Executor::Custom | Executor::Ssh | Executor::Parallels | Executor::Virtualbox
        ) {
            // An empty table shows the operator where this executor's settings go.
            subtable(table, executor.name(), &table_indent)?;
        }
    }

    if let Some(template) = template {
        fill_from_template(table, template);
    }

    for name in created_tables {
        let Some(created) = table.get_mut(name).and_then(Item::as_table_like_mut) else {
            continue;
        };
        let indent = key_indent(created);
        let indent = if indent.is_empty() && !inner_indent.is_empty() {
            inner_indent.clone()
        } else {
            indent
        };
        executor_defaults(name, created, &indent);
    }
    Ok(())
}

/// The first `[[runners.autoscaler.policy]]`, created when missing (an autoscaler without a
/// policy never keeps an idle instance), with the flags' idle_count and idle_time.
fn autoscaler_policy(
    autoscaler: &mut dyn TableLike,
    spec: &RunnerSpec,
    indent: &str,
) -> Result<(), String> {
    let key = actual_key(autoscaler, "policy").unwrap_or_else(|| "policy".to_string());
    let created = match autoscaler.get(&key) {
        None => {
            let mut policy = Table::new();
            policy.set_implicit(false);
            // A blank line, then the header at the autoscaler's key indentation.
            policy.decor_mut().set_prefix(format!("\n{indent}"));
            let mut array = ArrayOfTables::new();
            array.push(policy);
            autoscaler.insert(&key, Item::ArrayOfTables(array));
            true
        }
        Some(Item::ArrayOfTables(array)) if array.is_empty() => {
            return Err("`runners.autoscaler.policy` is an empty array".into());
        }
        Some(Item::ArrayOfTables(_)) => false,
        Some(_) => {
            return Err(
                "`runners.autoscaler.policy` is not written as [[runners.autoscaler.policy]]; edit it by hand"
                    .into(),
            );
        }
    };
    let Some(Item::ArrayOfTables(array)) = autoscaler.get_mut(&key) else {
        return Err("`runners.autoscaler.policy` vanished".into());
    };
    let Some(policy) = array.get_mut(0) else {
        return Err("`runners.autoscaler.policy` is empty".into());
    };
    let policy_indent = if created {
        format!("{indent}{INDENT}")
    } else {
        key_indent(policy)
    };
    let flags = &spec.autoscaler;
    if let Some(idle_count) = flags.idle_count {
        set_value(
            policy,
            "idle_count",
            Value::from(idle_count),
            &policy_indent,
        );
    }
    if let Some(idle_time) = &flags.idle_time {
        set_value(
            policy,
            "idle_time",
            Value::from(idle_time.as_str()),
            &policy_indent,
        );
    }
    if created {
        fill_value(policy, "idle_count", Value::from(0), &policy_indent);
        fill_value(policy, "idle_time", Value::from("20m"), &policy_indent);
    }
    Ok(())
}

/// What a freshly created executor table gets besides the flags: gitlab-runner's own register
/// defaults, and for the autoscaler one job per instance, used once (GitLab's documented
/// starting point).
fn executor_defaults(name: &str, table: &mut dyn TableLike, indent: &str) {
    let defaults: Vec<(&str, Value)> = match name {
        "docker" => vec![
            ("privileged", Value::from(false)),
            ("disable_cache", Value::from(false)),
            ("volumes", Value::Array(["/cache"].into_iter().collect())),
            ("shm_size", Value::from(0)),
        ],
        "machine" => vec![
            ("IdleCount", Value::from(0)),
            ("IdleTime", Value::from(0)),
            ("MaxBuilds", Value::from(0)),
            ("MachineDriver", Value::from("")),
            ("MachineName", Value::from("")),
            ("MachineOptions", Value::Array(toml_edit::Array::new())),
        ],
        "autoscaler" => vec![
            ("capacity_per_instance", Value::from(1)),
            ("max_use_count", Value::from(1)),
            ("max_instances", Value::from(10)),
        ],
        _ => Vec::new(),
    };
    for (key, value) in defaults {
        fill_value(table, key, value, indent);
    }
}

/// gitlab-runner merges the template with mergo: what the flags set wins, the template fills
/// what is empty. Missing keys here are what is empty; tables merge key by key.
fn fill_from_template(target: &mut dyn TableLike, template: &dyn TableLike) {
    let indent = key_indent(target);
    for (key, item) in template.iter() {
        match actual_key(target, key) {
            None => {
                let mut item = item.clone();
                clear_positions(&mut item);
                match item {
                    Item::Value(value) => {
                        set_value(target, key, value, &indent);
                    }
                    other => {
                        target.insert(key, other);
                    }
                }
            }
            Some(existing) => {
                if let (Some(target_table), Some(template_table)) = (
                    target.get_mut(&existing).and_then(Item::as_table_like_mut),
                    item.as_table_like(),
                ) {
                    fill_from_template(target_table, template_table);
                }
            }
        }
    }
}

/// Tables copied from another document must not keep that document's positions, or they
/// would be sorted among this file's tables by the other file's line order.
fn clear_positions(item: &mut Item) {
    match item {
        Item::Table(table) => {
            table.set_position(None);
            for (_, child) in table.iter_mut() {
                clear_positions(child);
            }
        }
        Item::ArrayOfTables(array) => {
            for table in array.iter_mut() {
                table.set_position(None);
                for (_, child) in table.iter_mut() {
                    clear_positions(child);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_config_is_what_gitlab_runner_writes() {
        let doc = ConfigDocument::new_default(Path::new("config.toml"));
        assert_eq!(doc.render(), NEW_CONFIG);
        ConfigDocument::parse(NEW_CONFIG, Path::new("config.toml")).expect("valid");
    }

    #[test]
    fn bom_and_line_endings_survive_a_round_trip() {
        for text in [
            "\u{feff}concurrent = 1\n",
            "concurrent = 1\r\n\r\n[[runners]]\r\n  name = \"a\"\r\n",
            "\u{feff}a = 1\r\nb = \"\"\"x\r\ny\"\"\"\r\n",
        ] {
            let doc = ConfigDocument::parse(text, Path::new("c.toml")).expect("valid");
            assert_eq!(doc.render(), text);
            assert_eq!(doc.normalised_line_endings(), None);
        }
        // A tie goes to LF; a majority wins.
        let doc = ConfigDocument::parse("a = 1\r\nb = 2\n", Path::new("c.toml")).expect("valid");
        assert_eq!(doc.render(), "a = 1\nb = 2\n");
        assert_eq!(doc.normalised_line_endings(), Some(false));
        let doc =
            ConfigDocument::parse("a = 1\r\nb = 2\r\nc = 3\n", Path::new("c.toml")).expect("valid");
        assert_eq!(doc.render(), "a = 1\r\nb = 2\r\nc = 3\r\n");
        assert_eq!(doc.normalised_line_endings(), Some(true));
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let error =
            ConfigDocument::parse("a = 1\nb = = 2\n", Path::new("c.toml")).expect_err("bad toml");
        match error {
            ConfigError::Unparseable { line, column, .. } => {
                assert_eq!(line, 2);
                assert!(column >= 4, "{column}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn zero_time_reads_as_no_expiry() {
        let doc = ConfigDocument::parse(
            "[[runners]]\ntoken_expires_at = 0001-01-01T00:00:00Z\ntoken_obtained_at = 2024-01-02T03:04:05Z\n",
            Path::new("c.toml"),
        )
        .expect("valid");
        let entry = &doc.runners()[0];
        assert_eq!(entry.token_expires_at, None);
        assert_eq!(
            entry.token_obtained_at.map(|t| t.to_rfc3339()),
            Some("2024-01-02T03:04:05+00:00".to_string())
        );
    }
}
