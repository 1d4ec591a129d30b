//! Everything a user can do, and the one key map that binds keys to it. The key
//! handling, the help overlay and the status-bar hints all read this table.

use crate::domain::pmo::Verdict;
use crate::i18n::Lang;
use crate::i18n::tui::TuiText as T;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The tabs, in the order of their number keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Requests,
    Passages,
    Pmo,
    Audit,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Requests, Tab::Passages, Tab::Pmo, Tab::Audit];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Requests => T::TabRequests,
            Tab::Passages => T::TabPassages,
            Tab::Pmo => T::TabPmo,
            Tab::Audit => T::TabAudit,
        }
        .text(lang)
    }

    /// How the tab is written in the state file.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Requests => "requests",
            Tab::Passages => "passages",
            Tab::Pmo => "pmo",
            Tab::Audit => "audit",
        }
    }

    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

/// Where keys go: the focused pane, or the overlay or prompt on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Keys that work wherever a pane does not take them first.
    Global,
    /// The list of requests.
    Requests,
    /// The passages of the selected request.
    RequestEvents,
    /// The filter pane with the cursor on a checkbox or the presets.
    Filters,
    /// The filter pane with the cursor on a text field (typing edits it).
    FilterText,
    Passages,
    /// The passages tab while the database holds none: only global keys.
    Welcome,
    Pmo,
    Audit,
    /// The whole record of one passage, PMO row or audit entry.
    Record,
    Help,
    /// A one-line prompt: a search, files to import, a file to export to, a comment.
    Prompt,
    /// An import running on its worker.
    Importing,
    /// A form: a request, its scope, its decision, an escalation, a sign-off.
    Form,
    /// A yes/no question.
    Confirm,
    /// A finished job's receipt (an export's path and SHA-256).
    Notice,
    /// What importing the chosen files would store, one file at a time.
    ImportPreview,
    /// A list opened over the import preview: a profile, a column, a field.
    ImportPick,
}

impl Scope {
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Scope::Global => T::ScopeGlobal,
            Scope::Requests => T::TabRequests,
            Scope::RequestEvents => T::ScopeRequestEvents,
            Scope::Filters | Scope::FilterText => T::ScopeFilters,
            Scope::Passages | Scope::Welcome => T::TabPassages,
            Scope::Pmo => T::TabPmo,
            Scope::Audit => T::TabAudit,
            Scope::Record => T::ScopeRecord,
            Scope::Help => T::ScopeHelp,
            Scope::Prompt => T::ScopePrompt,
            Scope::Importing => T::ScopeImporting,
            Scope::Form => T::ScopeForm,
            Scope::Confirm => T::ScopeConfirm,
            Scope::Notice => T::ScopeNotice,
            Scope::ImportPreview => T::ScopeImportPreview,
            Scope::ImportPick => T::ScopeImportPick,
        }
        .text(lang)
    }

    /// Overlays and prompts take every key; global keys do not reach past them.
    pub fn is_modal(self) -> bool {
        matches!(
            self,
            Scope::Help
                | Scope::Prompt
                | Scope::Importing
                | Scope::Record
                | Scope::Form
                | Scope::Confirm
                | Scope::Notice
                | Scope::ImportPreview
                | Scope::ImportPick
        )
    }
}

/// Cursor movement and deletion inside a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    Backspace,
    Delete,
    DeleteWordBefore,
    DeleteToStart,
}

impl Edit {
    fn of(ev: &KeyEvent) -> Option<Edit> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        Some(match ev.code {
            KeyCode::Left if ctrl => Edit::WordLeft,
            KeyCode::Right if ctrl => Edit::WordRight,
            KeyCode::Left => Edit::Left,
            KeyCode::Right => Edit::Right,
            KeyCode::Home => Edit::Home,
            KeyCode::End => Edit::End,
            KeyCode::Backspace => Edit::Backspace,
            KeyCode::Delete => Edit::Delete,
            KeyCode::Char('w') if ctrl => Edit::DeleteWordBefore,
            KeyCode::Char('u') if ctrl => Edit::DeleteToStart,
            KeyCode::Char('a') if ctrl => Edit::Home,
            KeyCode::Char('e') if ctrl => Edit::End,
            _ => return None,
        })
    }
}

/// What a user can do. Actions carry their data, so no handler ever sees a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    GoTab(Tab),
    NextPane,
    PrevPane,
    /// Tab inside a pane with fields: the next field.
    NextField,
    PrevField,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Search,
    SearchNext,
    SearchPrev,
    FocusFilters,
    /// Enter: open the record, apply a preset, confirm a prompt, leave a field.
    Enter,
    /// Space: tick the checkbox under the cursor.
    Toggle,
    ClearFilters,
    Import,
    Export,
    /// PMO: this verdict on the row under the cursor (or the marked rows).
    Verdict(Verdict),
    /// PMO: the next row without a verdict.
    NextOpen,
    PrevOpen,
    /// PMO: mark or unmark the row under the cursor.
    Mark,
    /// PMO: mark every row between the last mark and the cursor.
    MarkRange,
    /// PMO: ok for every row no rule flagged (after a confirmation).
    BulkOk,
    Comment,
    Escalate,
    SignOff,
    /// PMO: show the whole personnummer of the row under the cursor (audited).
    Reveal,
    NewRequest,
    EditScope,
    Decide,
    /// Save the form from any field.
    Submit,
    /// Esc: close, cancel or step back.
    Back,
    Yes,
    No,
    /// Tab in a path prompt: complete the path.
    Complete,
    /// Change the purpose recorded with the searches that follow.
    Purpose,
    /// Audit trail: every entry that concerned one person (`audit who`).
    AuditWho,
    /// Import preview: leave this file out and go on to the next.
    Skip,
    /// Import preview: read the file with another profile.
    PickProfile,
    /// Import preview: say which field a column of the file holds.
    MapColumn,
    /// Import preview: the next way of reading dates (auto, dmy, mdy, ymd).
    DateOrder,
    /// A printable character typed into the field under the cursor.
    Type(char),
    Edit(Edit),
}

/// A key, or a class of keys, as bound in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Code(KeyCode, KeyModifiers),
    /// Any printable character (letters, digits, punctuation, space).
    Printable,
}

impl Key {
    const fn plain(c: KeyCode) -> Key {
        Key::Code(c, KeyModifiers::NONE)
    }

    const fn ch(c: char) -> Key {
        Key::Code(KeyCode::Char(c), KeyModifiers::NONE)
    }

    const fn ctrl(c: char) -> Key {
        Key::Code(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn matches(self, ev: &KeyEvent) -> bool {
        // Terminals report Shift with upper-case letters and punctuation
        // inconsistently; for characters the character itself decides.
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        match self {
            Key::Printable => matches!(ev.code, KeyCode::Char(_)) && mods.is_empty(),
            Key::Code(KeyCode::Char(c), m) => ev.code == KeyCode::Char(c) && mods == m,
            Key::Code(KeyCode::BackTab, _) => ev.code == KeyCode::BackTab,
            Key::Code(code, m) => ev.code == code && ev.modifiers == m,
        }
    }

    /// How the key is written in help and hints.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Key::Printable => T::KeyText.text(lang).into(),
            Key::Code(code, mods) => {
                let base = match code {
                    KeyCode::Char(' ') => T::KeySpace.text(lang).into(),
                    KeyCode::Char(c) => c.to_string(),
                    KeyCode::Up => "↑".into(),
                    KeyCode::Down => "↓".into(),
                    KeyCode::Left => "←".into(),
                    KeyCode::Right => "→".into(),
                    KeyCode::PageUp => "PgUp".into(),
                    KeyCode::PageDown => "PgDn".into(),
                    KeyCode::Home => "Home".into(),
                    KeyCode::End => "End".into(),
                    KeyCode::Tab => "Tab".into(),
                    KeyCode::BackTab => "S-Tab".into(),
                    KeyCode::Enter => "Enter".into(),
                    KeyCode::Esc => "Esc".into(),
                    KeyCode::Backspace => T::KeyBackspace.text(lang).into(),
                    KeyCode::Delete => "Del".into(),
                    other => format!("{other:?}"),
                };
                if mods.contains(KeyModifiers::CONTROL) {
                    format!("Ctrl-{}", base.to_uppercase())
                } else {
                    base
                }
            }
        }
    }
}

/// One line of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// For `Type` and `Edit` the data is a placeholder; the key fills it in.
    pub action: Action,
    pub scopes: &'static [Scope],
    pub text: T,
    /// Shown in the status bar (the help overlay shows every binding).
    pub hint: bool,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        self.text.text(lang)
    }

    pub fn key_label(&self, lang: Lang) -> String {
        self.keys
            .iter()
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A shorter label for the status bar: the first key only.
    pub fn short_label(&self, lang: Lang) -> String {
        self.keys.first().map(|k| k.label(lang)).unwrap_or_default()
    }

    /// The action this binding means for one key, with the key's data in it.
    fn for_key(&self, ev: &KeyEvent) -> Option<Action> {
        match self.action {
            Action::Type(_) => match ev.code {
                KeyCode::Char(c) => Some(Action::Type(c)),
                _ => None,
            },
            Action::Edit(_) => Edit::of(ev).map(Action::Edit),
            a => Some(a),
        }
    }
}

use Scope as S;

const TYPE: Action = Action::Type(' ');
const EDIT: Action = Action::Edit(Edit::Left);
const EDIT_KEYS: &[Key] = &[
    Key::plain(KeyCode::Left),
    Key::plain(KeyCode::Right),
    Key::plain(KeyCode::Backspace),
    Key::plain(KeyCode::Delete),
    Key::plain(KeyCode::Home),
    Key::plain(KeyCode::End),
    Key::ctrl('u'),
    Key::ctrl('w'),
    Key::Code(KeyCode::Left, KeyModifiers::CONTROL),
    Key::Code(KeyCode::Right, KeyModifiers::CONTROL),
    Key::ctrl('a'),
    Key::ctrl('e'),
];
const UP: &[Key] = &[Key::plain(KeyCode::Up), Key::ch('k')];
const DOWN: &[Key] = &[Key::plain(KeyCode::Down), Key::ch('j')];
const TAB: &[Key] = &[Key::plain(KeyCode::Tab)];
const BACKTAB: &[Key] = &[Key::Code(KeyCode::BackTab, KeyModifiers::SHIFT)];
const ESC: &[Key] = &[Key::plain(KeyCode::Esc)];
const ENTER: &[Key] = &[Key::plain(KeyCode::Enter)];

/// Scopes whose rows scroll in a table.
const TABLES: &[Scope] = &[S::Passages, S::Audit, S::Pmo, S::RequestEvents];
const SCROLLS: &[Scope] = &[
    S::Passages,
    S::Audit,
    S::Pmo,
    S::RequestEvents,
    S::Filters,
    S::Help,
    S::Record,
];
const SEARCHABLE: &[Scope] = &[S::Passages, S::Audit];
const REQUESTS: &[Scope] = &[S::Requests, S::RequestEvents];
const TEXT: &[Scope] = &[S::FilterText, S::Prompt, S::Form];

const fn b(
    keys: &'static [Key],
    action: Action,
    scopes: &'static [Scope],
    text: T,
    hint: bool,
) -> Binding {
    Binding {
        keys,
        action,
        scopes,
        text,
        hint,
    }
}

/// The key map. Pane bindings come before global ones; the first match wins.
/// The last field says whether the status bar shows the binding.
#[rustfmt::skip]
pub static KEYMAP: &[Binding] = &[
    // Overlays.
    b(&[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('?')], Action::Back, &[S::Help], T::KeyCloseHelp, true),
    b(&[Key::plain(KeyCode::Esc), Key::ch('q')], Action::Back, &[S::Record], T::KeyClose, true),
    b(&[Key::plain(KeyCode::Esc), Key::plain(KeyCode::Enter), Key::ch('q')], Action::Back, &[S::Notice], T::KeyClose, true),
    b(&[Key::ch('j'), Key::ch('y')], Action::Yes, &[S::Confirm], T::KeyYes, true),
    b(&[Key::ch('n'), Key::plain(KeyCode::Esc)], Action::No, &[S::Confirm], T::KeyNo, true),
    b(ENTER, Action::Enter, &[S::Prompt], T::KeyConfirm, true),
    b(TAB, Action::Complete, &[S::Prompt], T::KeyComplete, true),
    b(ESC, Action::Back, &[S::Prompt], T::KeyCancel, true),
    b(&[Key::plain(KeyCode::Up)], Action::Up, &[S::Prompt], T::KeyPurposePrev, false),
    b(&[Key::plain(KeyCode::Down)], Action::Down, &[S::Prompt], T::KeyPurposeNext, false),
    b(ESC, Action::Back, &[S::Importing], T::KeyCancelImport, true),
    // The import preview, and the lists opened over it.
    b(ENTER, Action::Enter, &[S::ImportPreview], T::KeyImportFile, true),
    b(&[Key::ch('s')], Action::Skip, &[S::ImportPreview], T::KeySkipFile, true),
    b(&[Key::ch('p')], Action::PickProfile, &[S::ImportPreview], T::KeyPickProfile, true),
    b(&[Key::ch('m')], Action::MapColumn, &[S::ImportPreview], T::KeyMapColumn, true),
    b(&[Key::ch('d')], Action::DateOrder, &[S::ImportPreview], T::KeyDateOrder, true),
    b(ESC, Action::Back, &[S::ImportPreview], T::KeyCancelRest, true),
    b(UP, Action::Up, &[S::ImportPreview], T::KeyScroll, false),
    b(DOWN, Action::Down, &[S::ImportPreview], T::KeyScroll, false),
    b(&[Key::plain(KeyCode::PageUp)], Action::PageUp, &[S::ImportPreview, S::ImportPick], T::KeyPageUp, false),
    b(&[Key::plain(KeyCode::PageDown)], Action::PageDown, &[S::ImportPreview, S::ImportPick], T::KeyPageDown, false),
    b(ENTER, Action::Enter, &[S::ImportPick], T::KeyChoose, true),
    b(UP, Action::Up, &[S::ImportPick], T::KeyPrevChoice, true),
    b(DOWN, Action::Down, &[S::ImportPick], T::KeyNextChoice, true),
    b(ESC, Action::Back, &[S::ImportPick], T::KeyBackToPreview, true),
    // Forms.
    b(ENTER, Action::Enter, &[S::Form], T::KeyFormEnter, true),
    b(&[Key::ctrl('s')], Action::Submit, &[S::Form], T::KeySave, true),
    b(&[Key::plain(KeyCode::Tab), Key::plain(KeyCode::Down)], Action::NextField, &[S::Form], T::KeyNextField, false),
    b(&[Key::Code(KeyCode::BackTab, KeyModifiers::SHIFT), Key::plain(KeyCode::Up)], Action::PrevField, &[S::Form], T::KeyPrevField, false),
    b(ESC, Action::Back, &[S::Form], T::KeyCancelForm, true),
    // The requests tab.
    b(UP, Action::Up, &[S::Requests], T::KeyPrevRequest, false),
    b(DOWN, Action::Down, &[S::Requests], T::KeyNextRequest, false),
    b(&[Key::plain(KeyCode::Tab), Key::plain(KeyCode::Enter)], Action::NextPane, &[S::Requests], T::KeyToEvents, true),
    b(&[Key::plain(KeyCode::Tab), Key::plain(KeyCode::Esc)], Action::NextPane, &[S::RequestEvents], T::KeyToRequests, true),
    b(BACKTAB, Action::PrevPane, REQUESTS, T::KeyOtherPane, false),
    b(&[Key::ch('a')], Action::NewRequest, REQUESTS, T::KeyNewRequest, true),
    b(&[Key::ch('s')], Action::EditScope, REQUESTS, T::KeyEditScope, true),
    b(&[Key::ch('d')], Action::Decide, REQUESTS, T::KeyDecide, true),
    b(&[Key::ch('e')], Action::Export, REQUESTS, T::KeyExportExtract, true),
    // Moving in lists and tables.
    b(UP, Action::Up, SCROLLS, T::KeyUp, false),
    b(DOWN, Action::Down, SCROLLS, T::KeyDown, false),
    b(&[Key::plain(KeyCode::PageUp)], Action::PageUp, SCROLLS, T::KeyPageUp, false),
    b(&[Key::plain(KeyCode::PageDown)], Action::PageDown, SCROLLS, T::KeyPageDown, false),
    b(&[Key::ch('g'), Key::plain(KeyCode::Home)], Action::Top, TABLES, T::KeyFirst, false),
    b(&[Key::ch('G'), Key::plain(KeyCode::End)], Action::Bottom, TABLES, T::KeyLast, false),
    // The filter pane.
    b(&[Key::plain(KeyCode::Up)], Action::Up, &[S::FilterText], T::KeyPrevRow, false),
    b(&[Key::plain(KeyCode::Down)], Action::Down, &[S::FilterText], T::KeyNextRow, false),
    b(TAB, Action::NextField, &[S::Filters, S::FilterText], T::KeyNextField, true),
    b(BACKTAB, Action::PrevField, &[S::Filters, S::FilterText], T::KeyPrevField, false),
    b(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left, &[S::Filters], T::KeyPrevPreset, false),
    b(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right, &[S::Filters], T::KeyNextPreset, false),
    b(ENTER, Action::Enter, &[S::FilterText], T::KeyShowPassages, true),
    b(&[Key::plain(KeyCode::Enter), Key::ch(' ')], Action::Toggle, &[S::Filters], T::KeyTick, true),
    b(&[Key::plain(KeyCode::Esc), Key::ch('q')], Action::Back, &[S::Filters], T::KeyToPassages, true),
    b(ESC, Action::Back, &[S::FilterText], T::KeyToPassages, true),
    // Text fields.
    b(&[Key::Printable], TYPE, &[S::FilterText, S::Prompt], T::KeyType, false),
    b(EDIT_KEYS, EDIT, &[S::FilterText, S::Prompt], T::KeyEdit, false),
    b(&[Key::Printable], TYPE, &[S::Form], T::KeyTypeForm, false),
    b(EDIT_KEYS, EDIT, &[S::Form], T::KeyEditForm, false),
    // The PMO review.
    b(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left, &[S::Pmo], T::KeyPrevPeriod, false),
    b(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right, &[S::Pmo], T::KeyNextPeriod, false),
    b(&[Key::ch('o')], Action::Verdict(Verdict::Ok), &[S::Pmo], T::KeyVerdictOk, true),
    b(&[Key::ch('a')], Action::Verdict(Verdict::Deviation), &[S::Pmo], T::KeyVerdictDeviation, true),
    b(&[Key::ch('u')], Action::Verdict(Verdict::Investigate), &[S::Pmo], T::KeyVerdictInvestigate, true),
    b(&[Key::ch('n')], Action::NextOpen, &[S::Pmo], T::KeyNextOpen, true),
    b(&[Key::ch('N')], Action::PrevOpen, &[S::Pmo], T::KeyPrevOpen, false),
    b(&[Key::ch(' ')], Action::Mark, &[S::Pmo], T::KeyMark, true),
    b(&[Key::ch('V')], Action::MarkRange, &[S::Pmo], T::KeyMarkRange, false),
    b(ESC, Action::Back, &[S::Pmo], T::KeyUnmark, false),
    b(&[Key::ch('c')], Action::Comment, &[S::Pmo], T::KeyComment, true),
    b(&[Key::ch('O')], Action::BulkOk, &[S::Pmo], T::KeyBulkOk, true),
    b(&[Key::ch('E')], Action::Escalate, &[S::Pmo], T::KeyEscalate, true),
    b(&[Key::ch('s')], Action::SignOff, &[S::Pmo], T::KeySignOff, true),
    b(&[Key::ch('e')], Action::Export, &[S::Pmo], T::KeyExportRecord, true),
    b(&[Key::ch('r')], Action::Reveal, &[S::Pmo], T::KeyReveal, false),
    // Passages and the audit trail.
    b(ENTER, Action::Enter, TABLES, T::KeyWholeRecord, true),
    b(&[Key::ch('/')], Action::Search, SEARCHABLE, T::KeySearch, true),
    b(&[Key::ch('n')], Action::SearchNext, SEARCHABLE, T::KeySearchNext, true),
    b(&[Key::ch('N')], Action::SearchPrev, SEARCHABLE, T::KeySearchPrev, false),
    b(&[Key::ch('w')], Action::AuditWho, &[S::Audit], T::KeyAuditWho, true),
    b(ESC, Action::Back, &[S::Audit], T::KeyWholeTrail, true),
    b(&[Key::ch('f')], Action::FocusFilters, &[S::Passages], T::KeyFilters, true),
    b(&[Key::plain(KeyCode::Tab), Key::Code(KeyCode::BackTab, KeyModifiers::SHIFT), Key::plain(KeyCode::Left), Key::ch('h')],
      Action::FocusFilters, &[S::Passages], T::KeyToFilters, false),
    b(&[Key::ch('x')], Action::ClearFilters, &[S::Filters, S::Passages], T::KeyClearFilters, true),
    b(&[Key::ch('p')], Action::Purpose, &[S::Filters, S::Passages], T::KeyPurpose, true),
    // Tabs and leaving.
    b(&[Key::ctrl('c')], Action::Quit, &[S::Global, S::FilterText, S::Filters, S::Prompt, S::Help, S::Record, S::Importing, S::Form, S::Confirm, S::Notice, S::ImportPreview, S::ImportPick], T::KeyQuit, false),
    b(&[Key::ch('1')], Action::GoTab(Tab::Requests), &[S::Global], T::KeyTabRequests, false),
    b(&[Key::ch('2')], Action::GoTab(Tab::Passages), &[S::Global], T::KeyTabPassages, false),
    b(&[Key::ch('3')], Action::GoTab(Tab::Pmo), &[S::Global], T::KeyTabPmo, false),
    b(&[Key::ch('4')], Action::GoTab(Tab::Audit), &[S::Global], T::KeyTabAudit, false),
    b(&[Key::ch('i')], Action::Import, &[S::Global], T::KeyImport, false),
    b(&[Key::ch('?')], Action::Help, &[S::Global], T::KeyHelp, true),
    b(&[Key::ch('q')], Action::Quit, &[S::Global], T::KeyQuit, true),
];

/// The action a key means in a scope, without falling back to global keys.
pub fn lookup(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .filter(|b| b.scopes.contains(&scope) && b.keys.iter().any(|k| k.matches(ev)))
        .find_map(|b| b.for_key(ev))
}

/// Every binding that applies in a scope, its own first, then the global ones
/// that a modal scope does not shut out.
pub fn bindings_for(scope: Scope) -> Vec<&'static Binding> {
    let mut out: Vec<&Binding> = KEYMAP
        .iter()
        .filter(|b| b.scopes.contains(&scope))
        .collect();
    if !scope.is_modal() && scope != Scope::Global {
        out.extend(
            KEYMAP
                .iter()
                .filter(|b| b.scopes.contains(&Scope::Global) && !shadowed(scope, b)),
        );
    }
    out
}

/// A global binding whose keys the scope takes for itself (typing `q` into a
/// text field) does not apply there.
fn shadowed(scope: Scope, global: &Binding) -> bool {
    global.keys.iter().all(|k| match k {
        Key::Code(code, mods) => {
            let ev = KeyEvent::new(*code, *mods);
            KEYMAP
                .iter()
                .any(|b| b.scopes.contains(&scope) && b.keys.iter().any(|k| k.matches(&ev)))
        }
        Key::Printable => false,
    }) && !global.scopes.contains(&scope)
}

/// Whether a scope takes printable characters as text.
pub fn takes_text(scope: Scope) -> bool {
    TEXT.contains(&scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn a_pane_binding_wins_over_a_global_one() {
        assert_eq!(
            lookup(Scope::FilterText, &key(KeyCode::Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            lookup(Scope::Global, &key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(Scope::Passages, &key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(
            lookup(Scope::Filters, &key(KeyCode::Char('q'))),
            Some(Action::Back)
        );
    }

    #[test]
    fn actions_carry_the_key_they_came_from() {
        assert_eq!(
            lookup(Scope::Prompt, &key(KeyCode::Char('å'))),
            Some(Action::Type('å'))
        );
        assert_eq!(
            lookup(Scope::Form, &key(KeyCode::Backspace)),
            Some(Action::Edit(Edit::Backspace))
        );
        let ctrl_w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(
            lookup(Scope::FilterText, &ctrl_w),
            Some(Action::Edit(Edit::DeleteWordBefore))
        );
        assert_eq!(
            lookup(Scope::Pmo, &key(KeyCode::Char('a'))),
            Some(Action::Verdict(Verdict::Deviation))
        );
    }

    #[test]
    fn tab_stays_inside_the_filter_pane() {
        for scope in [Scope::Filters, Scope::FilterText] {
            assert_eq!(lookup(scope, &key(KeyCode::Tab)), Some(Action::NextField));
        }
    }

    #[test]
    fn text_fields_shadow_global_letter_keys() {
        let keys: Vec<String> = bindings_for(Scope::FilterText)
            .iter()
            .map(|b| b.key_label(Lang::En))
            .collect();
        assert!(!keys.contains(&"q".to_string()), "{keys:?}");
        assert!(keys.contains(&"Ctrl-C".to_string()), "{keys:?}");
        let passages: Vec<String> = bindings_for(Scope::Passages)
            .iter()
            .map(|b| b.key_label(Lang::En))
            .collect();
        assert!(passages.contains(&"q".to_string()), "{passages:?}");
    }

    #[test]
    fn every_binding_has_both_languages_and_a_key() {
        for b in KEYMAP {
            let (sv, en) = b.text.both();
            assert!(!b.keys.is_empty() && !sv.is_empty() && !en.is_empty());
            assert!(!b.scopes.is_empty());
        }
    }

    #[test]
    fn tabs_round_trip_through_their_ids() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_id(t.id()), Some(t));
        }
        assert_eq!(Tab::from_id("nope"), None);
    }
}
