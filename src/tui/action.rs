//! Everything a user can do, and the one key map that binds keys to it. The key
//! handling, the help overlay and the status-bar hints all read this table.

use crate::i18n::Lang;
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
        let (sv, en) = match self {
            Tab::Requests => ("Ärenden", "Requests"),
            Tab::Passages => ("Passager", "Passages"),
            Tab::Pmo => ("PMO-granskning", "PMO review"),
            Tab::Audit => ("Logg", "Audit"),
        };
        if lang == Lang::Sv { sv } else { en }
    }
}

/// Where keys go: the focused pane, or the overlay or prompt on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Keys that work wherever a pane does not take them first.
    Global,
    Requests,
    /// The filter pane with the cursor on a checkbox or the presets.
    Filters,
    /// The filter pane with the cursor on a text field (typing edits it).
    FilterText,
    Passages,
    /// The passages tab while the database holds none: only global keys.
    Welcome,
    Pmo,
    Audit,
    /// The whole record of one passage or audit entry.
    Record,
    Help,
    /// A one-line prompt: the search text or the path of a file to import.
    Prompt,
    /// An import running on its worker.
    Importing,
    /// A form writing a request: new, its scope, its decision.
    Form,
}

impl Scope {
    pub fn title(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            Scope::Global => ("Överallt", "Everywhere"),
            Scope::Requests => ("Ärenden", "Requests"),
            Scope::Filters | Scope::FilterText => ("Filter", "Filters"),
            Scope::Passages | Scope::Welcome => ("Passager", "Passages"),
            Scope::Pmo => ("PMO-granskning", "PMO review"),
            Scope::Audit => ("Logg", "Audit"),
            Scope::Record => ("Post", "Record"),
            Scope::Help => ("Hjälp", "Help"),
            Scope::Prompt => ("Inmatning", "Prompt"),
            Scope::Importing => ("Import", "Import"),
            Scope::Form => ("Formulär", "Form"),
        };
        if lang == Lang::Sv { sv } else { en }
    }

    /// Overlays and prompts take every key; global keys do not reach past them.
    pub fn is_modal(self) -> bool {
        matches!(
            self,
            Scope::Help | Scope::Prompt | Scope::Importing | Scope::Record | Scope::Form
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    GoTab(Tab),
    NextPane,
    PrevPane,
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
    /// Enter: open the record, toggle a checkbox, apply a preset, confirm a prompt.
    Enter,
    /// Space: toggle the checkbox under the cursor.
    Toggle,
    ClearFilters,
    Import,
    /// Export the selected request's extract to a file.
    Export,
    /// PMO: set the next verdict on the row under the cursor.
    Verdict,
    /// PMO: write the comment of the row under the cursor.
    Comment,
    /// PMO: verdict ok for every row no rule flagged.
    BulkOk,
    /// PMO: sign the period off.
    SignOff,
    /// PMO: show the whole personnummer of the row under the cursor (audited).
    Reveal,
    /// Register a new request through a form.
    NewRequest,
    /// Add to or remove from the selected request's scope.
    EditScope,
    /// Decide the selected request.
    Decide,
    /// Save the form from any field.
    Submit,
    /// Esc: close, cancel or step back.
    Back,
    /// A printable character typed into the field under the cursor.
    Type,
    /// Cursor movement and deletion inside a text field.
    Edit,
    /// Change the purpose recorded with the searches that follow.
    Purpose,
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
        let sv = lang == Lang::Sv;
        match self {
            Key::Printable => (if sv { "tecken" } else { "text" }).into(),
            Key::Code(code, mods) => {
                let base = match code {
                    KeyCode::Char(' ') => (if sv { "Mellanslag" } else { "Space" }).into(),
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
                    KeyCode::Backspace => "Backsteg".into(),
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
    pub action: Action,
    pub scopes: &'static [Scope],
    pub sv: &'static str,
    pub en: &'static str,
    /// Shown in the status bar (the help overlay shows every binding).
    pub hint: bool,
}

impl Binding {
    pub fn describe(&self, lang: Lang) -> &'static str {
        if lang == Lang::Sv { self.sv } else { self.en }
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
}

use Scope as S;

const LISTS: &[Scope] = &[
    S::Passages,
    S::Audit,
    S::Filters,
    S::FilterText,
    S::Help,
    S::Record,
];
const TABLES: &[Scope] = &[S::Passages, S::Audit];
const PANES: &[Scope] = &[
    S::Requests,
    S::Welcome,
    S::Filters,
    S::FilterText,
    S::Passages,
    S::Pmo,
    S::Audit,
];

const fn b(
    keys: &'static [Key],
    action: Action,
    scopes: &'static [Scope],
    sv: &'static str,
    en: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        keys,
        action,
        scopes,
        sv,
        en,
        hint,
    }
}

/// The key map. Pane bindings come before global ones; the first match wins.
/// The last field says whether the status bar shows the binding.
#[rustfmt::skip]
pub static KEYMAP: &[Binding] = &[
    // Overlays and prompts.
    b(&[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('?')], Action::Back, &[S::Help], "stäng hjälpen", "close help", true),
    b(&[Key::plain(KeyCode::Esc), Key::ch('q')], Action::Back, &[S::Record], "stäng", "close", true),
    b(&[Key::plain(KeyCode::Enter)], Action::Enter, &[S::Prompt], "bekräfta", "confirm", true),
    b(&[Key::plain(KeyCode::Esc)], Action::Back, &[S::Prompt], "avbryt", "cancel", true),
    b(&[Key::plain(KeyCode::Up)], Action::Up, &[S::Prompt], "föregående begäran (ändamål)", "previous request (purpose)", false),
    b(&[Key::plain(KeyCode::Down)], Action::Down, &[S::Prompt], "nästa begäran (ändamål)", "next request (purpose)", false),
    b(&[Key::plain(KeyCode::Esc)], Action::Back, &[S::Importing], "avbryt importen (inget sparas)", "cancel the import (nothing is kept)", true),
    // Moving in lists and tables.
    b(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up, &[S::Passages, S::Audit, S::Filters, S::Help, S::Record], "upp", "up", false),
    b(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down, &[S::Passages, S::Audit, S::Filters, S::Help, S::Record], "ned", "down", false),
    b(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up, &[S::Requests], "föregående ärende", "previous request", false),
    b(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down, &[S::Requests], "nästa ärende", "next request", false),
    b(&[Key::ch('e')], Action::Export, &[S::Requests], "exportera uttaget", "export the extract", false),
    b(&[Key::ch('a')], Action::NewRequest, &[S::Requests], "nytt ärende", "new request", true),
    b(&[Key::ch('s')], Action::EditScope, &[S::Requests], "ändra omfattningen", "change the scope", true),
    b(&[Key::ch('d')], Action::Decide, &[S::Requests], "besluta", "decide", true),
    // Forms.
    b(&[Key::plain(KeyCode::Enter)], Action::Enter, &[S::Form], "nästa fält; sista fältet sparar", "next field; the last one saves", true),
    b(&[Key::ctrl('s')], Action::Submit, &[S::Form], "spara", "save", true),
    b(&[Key::plain(KeyCode::Tab), Key::plain(KeyCode::Down)], Action::NextPane, &[S::Form], "nästa fält", "next field", false),
    b(&[Key::Code(KeyCode::BackTab, KeyModifiers::SHIFT), Key::plain(KeyCode::Up)], Action::PrevPane, &[S::Form], "föregående fält", "previous field", false),
    b(&[Key::plain(KeyCode::Esc)], Action::Back, &[S::Form], "avbryt (inget sparas)", "cancel (nothing is saved)", true),
    b(&[Key::plain(KeyCode::PageUp)], Action::PageUp, &[S::Requests], "bläddra passagerna upp", "scroll passages up", false),
    b(&[Key::plain(KeyCode::PageDown)], Action::PageDown, &[S::Requests], "bläddra passagerna ned", "scroll passages down", false),
    b(&[Key::plain(KeyCode::Up)], Action::Up, &[S::FilterText], "föregående rad", "previous row", false),
    b(&[Key::plain(KeyCode::Down)], Action::Down, &[S::FilterText], "nästa rad", "next row", false),
    b(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left, &[S::Filters], "föregående förval", "previous preset", false),
    b(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right, &[S::Filters], "nästa förval", "next preset", false),
    b(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left, &[S::Passages], "till filtren", "to the filters", false),
    b(&[Key::plain(KeyCode::PageUp)], Action::PageUp, LISTS, "en sida upp", "page up", false),
    b(&[Key::plain(KeyCode::PageDown)], Action::PageDown, LISTS, "en sida ned", "page down", false),
    b(&[Key::ch('g'), Key::plain(KeyCode::Home)], Action::Top, TABLES, "första", "first", false),
    b(&[Key::ch('G'), Key::plain(KeyCode::End)], Action::Bottom, TABLES, "sista", "last", false),
    // Text fields.
    b(&[Key::Printable], Action::Type, &[S::FilterText, S::Prompt], "skriv i fältet", "type into the field", false),
    b(&[Key::plain(KeyCode::Left), Key::plain(KeyCode::Right), Key::plain(KeyCode::Backspace), Key::plain(KeyCode::Delete),
       Key::plain(KeyCode::Home), Key::plain(KeyCode::End), Key::ctrl('u'), Key::ctrl('w')],
      Action::Edit, &[S::FilterText, S::Prompt], "redigera fältet", "edit the field", false),
    b(&[Key::Printable], Action::Type, &[S::Form], "skriv i fältet; Mellanslag byter val", "type into the field; Space changes a choice", false),
    b(&[Key::plain(KeyCode::Left), Key::plain(KeyCode::Right), Key::plain(KeyCode::Backspace), Key::plain(KeyCode::Delete),
       Key::plain(KeyCode::Home), Key::plain(KeyCode::End), Key::ctrl('u'), Key::ctrl('w')],
      Action::Edit, &[S::Form], "redigera fältet; ←/→ byter val", "edit the field; ←/→ change a choice", false),
    b(&[Key::plain(KeyCode::Enter)], Action::Enter, &[S::FilterText], "sök nu", "search now", true),
    b(&[Key::plain(KeyCode::Enter), Key::ch(' ')], Action::Toggle, &[S::Filters], "kryssa i/ur, välj förval", "tick/untick, apply preset", true),
    b(&[Key::plain(KeyCode::Esc)], Action::Back, &[S::Filters, S::FilterText], "till passagerna", "to the passages", true),
    // The PMO review.
    b(&[Key::plain(KeyCode::Up), Key::ch('k')], Action::Up, &[S::Pmo], "föregående rad", "previous row", false),
    b(&[Key::plain(KeyCode::Down), Key::ch('j')], Action::Down, &[S::Pmo], "nästa rad", "next row", false),
    b(&[Key::plain(KeyCode::PageUp)], Action::PageUp, &[S::Pmo], "en sida upp", "page up", false),
    b(&[Key::plain(KeyCode::PageDown)], Action::PageDown, &[S::Pmo], "en sida ned", "page down", false),
    b(&[Key::ch('g'), Key::plain(KeyCode::Home)], Action::Top, &[S::Pmo], "första", "first", false),
    b(&[Key::ch('G'), Key::plain(KeyCode::End)], Action::Bottom, &[S::Pmo], "sista", "last", false),
    b(&[Key::plain(KeyCode::Left), Key::ch('h')], Action::Left, &[S::Pmo], "föregående period", "previous period", false),
    b(&[Key::plain(KeyCode::Right), Key::ch('l')], Action::Right, &[S::Pmo], "nästa period", "next period", false),
    b(&[Key::ch('v')], Action::Verdict, &[S::Pmo], "bedömning (ok → avvikelse → utreds)", "verdict (ok → deviation → investigate)", true),
    b(&[Key::ch('c')], Action::Comment, &[S::Pmo], "kommentar", "comment", true),
    b(&[Key::ch('a')], Action::BulkOk, &[S::Pmo], "ok för alla oflaggade", "ok for all unflagged", true),
    b(&[Key::ch('s')], Action::SignOff, &[S::Pmo], "signera perioden", "sign the period off", true),
    b(&[Key::ch('e')], Action::Export, &[S::Pmo], "exportera protokollet", "export the record", true),
    b(&[Key::ch('r')], Action::Reveal, &[S::Pmo], "visa hela personnumret (loggas)", "show the whole personnummer (audited)", false),
    // Passages and the audit trail.
    b(&[Key::plain(KeyCode::Enter)], Action::Enter, TABLES, "hela posten", "whole record", true),
    b(&[Key::ch('/')], Action::Search, TABLES, "sök", "search", true),
    b(&[Key::ch('n')], Action::SearchNext, TABLES, "nästa träff", "next match", true),
    b(&[Key::ch('N')], Action::SearchPrev, TABLES, "föregående träff", "previous match", false),
    b(&[Key::ch('f')], Action::FocusFilters, &[S::Passages], "filter", "filters", true),
    b(&[Key::ch('x')], Action::ClearFilters, &[S::Filters, S::Passages], "rensa filtren", "clear filters", true),
    b(&[Key::ch('p')], Action::Purpose, &[S::Filters, S::Passages], "ändamål", "purpose", true),
    // Panes and tabs.
    b(&[Key::plain(KeyCode::Tab)], Action::NextPane, PANES, "nästa ruta", "next pane", false),
    b(&[Key::Code(KeyCode::BackTab, KeyModifiers::SHIFT)], Action::PrevPane, PANES, "föregående ruta", "previous pane", false),
    b(&[Key::ctrl('c')], Action::Quit, &[S::Global, S::FilterText, S::Prompt, S::Help, S::Record, S::Importing, S::Form], "avsluta", "quit", false),
    b(&[Key::ch('1')], Action::GoTab(Tab::Requests), &[S::Global], "flik Ärenden", "Requests tab", false),
    b(&[Key::ch('2')], Action::GoTab(Tab::Passages), &[S::Global], "flik Passager", "Passages tab", false),
    b(&[Key::ch('3')], Action::GoTab(Tab::Pmo), &[S::Global], "flik PMO-granskning", "PMO review tab", false),
    b(&[Key::ch('4')], Action::GoTab(Tab::Audit), &[S::Global], "flik Logg", "Audit tab", false),
    b(&[Key::ch('i')], Action::Import, &[S::Global], "importera fil", "import a file", false),
    b(&[Key::ch('?')], Action::Help, &[S::Global], "hjälp", "help", true),
    b(&[Key::ch('q')], Action::Quit, &[S::Global], "avsluta", "quit", true),
];

/// The action a key means in a scope, without falling back to global keys.
pub fn lookup(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .find(|b| b.scopes.contains(&scope) && b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
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
            Some(Action::Type)
        );
        assert_eq!(
            lookup(Scope::Global, &key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            lookup(Scope::Passages, &key(KeyCode::Char('j'))),
            Some(Action::Down)
        );
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
            assert!(!b.keys.is_empty() && !b.sv.is_empty() && !b.en.is_empty());
            assert!(!b.scopes.is_empty());
        }
    }
}
