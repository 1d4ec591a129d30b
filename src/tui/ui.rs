//! Drawing: a pure function of the `App` onto a frame. Every text that came
//! from the database passes `text::for_terminal` here before it is drawn.

use super::action::{Scope, Tab, bindings_for};
use super::app::{App, Focus, Overlay, PromptKind, Tone};
use super::pane::filter::{Field, Heading, Preset, Row as FRow};
use crate::domain::{ClockNote, Direction, EventKind};
use crate::i18n::{Lang, Msg, event_kind};
use crate::text::for_terminal;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, BorderType, Cell, Clear, Gauge, Paragraph, Row, Table, TableState, Tabs, Wrap,
};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the filters stay beside the table and every column shows.
pub const FULL_WIDTH: u16 = 100;
const FILTER_WIDTH: u16 = 32;
const FILTER_WIDTH_COMPACT: u16 = 32;

/// Text from the store, made safe to draw.
fn safe(s: &str) -> String {
    for_terminal(s).into_owned()
}

fn tr(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Sv { sv } else { en }
}

/// Where everything goes on the current screen; the state uses it too, to
/// know how many rows a page is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub message: Rect,
    pub status: Rect,
    pub filters: Option<Rect>,
    pub summary: Option<Rect>,
    pub table: Rect,
    pub detail: Option<Rect>,
    pub table_rows: usize,
    pub filter_rows: usize,
    pub full: bool,
    /// Requests tab: the list of requests above the table of its passages.
    pub list: Option<Rect>,
    pub list_rows: usize,
    /// Requests tab: Kom & Gå findings and caveats below the passages.
    pub notes: Option<Rect>,
}

pub fn too_small(w: u16, h: u16) -> bool {
    w < MIN_WIDTH || h < MIN_HEIGHT
}

pub fn areas(app: &App) -> Areas {
    let (w, h) = app.size;
    let area = Rect::new(0, 0, w, h);
    let mut a = Areas::default();
    if too_small(w, h) {
        return a;
    }
    let [header, tabs, body, message, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    a.header = header;
    a.tabs = tabs;
    a.body = body;
    a.message = message;
    a.status = status;
    a.full = w >= FULL_WIDTH;
    let detail_h = if h >= 34 { 8 } else { 6 };
    let table_and_detail = |r: Rect| -> (Rect, Rect) {
        let [t, d] = Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_h)]).areas(r);
        (t, d)
    };
    match app.tab {
        Tab::Passages if !app.is_empty_store() => {
            let show_filters = a.full || app.focus == Focus::Filters;
            let right;
            if show_filters {
                let fw = if a.full {
                    FILTER_WIDTH
                } else {
                    FILTER_WIDTH_COMPACT
                };
                let [f, r] =
                    Layout::horizontal([Constraint::Length(fw), Constraint::Fill(1)]).areas(body);
                a.filters = Some(f);
                a.filter_rows = f.height.saturating_sub(2) as usize;
                right = r;
            } else {
                let [s, r] =
                    Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
                a.summary = Some(s);
                right = r;
                // Off screen the filter pane still keeps its cursor in a sane window.
                a.filter_rows = body.height.saturating_sub(2) as usize;
            }
            let (t, d) = table_and_detail(right);
            a.table = t;
            a.detail = Some(d);
        }
        Tab::Pmo if !app.pmo.periods.is_empty() => {
            let (t, d) = table_and_detail(body);
            a.table = t;
            a.detail = Some(d);
        }
        Tab::Audit => {
            let (t, d) = table_and_detail(body);
            a.table = t;
            a.detail = Some(d);
        }
        Tab::Requests if !app.requests.list.is_empty() => {
            let list_h = (app.requests.list.len() as u16 + 3)
                .min(body.height / 3)
                .max(4);
            let notes_h = if h >= 34 { 8 } else { 5 };
            let [l, t, n] = Layout::vertical([
                Constraint::Length(list_h),
                Constraint::Fill(1),
                Constraint::Length(notes_h),
            ])
            .areas(body);
            a.list = Some(l);
            a.list_rows = l.height.saturating_sub(3).max(1) as usize;
            a.table = t;
            a.notes = Some(n);
        }
        _ => a.table = body,
    }
    a.table_rows = a.table.height.saturating_sub(3).max(1) as usize;
    a
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = &app.theme;
    if too_small(area.width, area.height) {
        let lines = vec![
            Line::styled(
                format!(
                    "{} {}×{}.",
                    tr(
                        app.lang,
                        "Fönstret är för litet:",
                        "The window is too small:"
                    ),
                    area.width,
                    area.height
                ),
                theme.title,
            ),
            Line::from(format!(
                "{} {MIN_WIDTH}×{MIN_HEIGHT}.",
                tr(
                    app.lang,
                    "Förstora det till minst",
                    "Enlarge it to at least"
                )
            )),
            Line::from(tr(app.lang, "q avslutar.", "q quits.")),
        ];
        let h = (lines.len() as u16).min(area.height);
        let y = area.y + area.height.saturating_sub(h) / 2;
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
            Rect::new(area.x, y, area.width, h),
        );
        return;
    }
    let a = areas(app);
    draw_header(frame, app, a.header);
    draw_tabs(frame, app, a.tabs);
    match app.tab {
        Tab::Requests if app.requests.list.is_empty() => {
            draw_empty(frame, app, a.body, requests_empty(app.lang))
        }
        Tab::Requests => draw_requests(frame, app, &a),
        Tab::Pmo if app.pmo.periods.is_empty() => {
            draw_empty(frame, app, a.body, pmo_empty(app.lang))
        }
        Tab::Pmo => draw_pmo(frame, app, &a),
        Tab::Passages if app.is_empty_store() => {
            let text = passages_empty(app);
            draw_empty(frame, app, a.body, text)
        }
        Tab::Passages => {
            if let Some(f) = a.filters {
                draw_filters(frame, app, f);
            }
            if let Some(s) = a.summary {
                draw_summary(frame, app, s);
            }
            draw_passages(frame, app, &a);
            if let Some(d) = a.detail {
                draw_detail(frame, app, d);
            }
        }
        Tab::Audit => {
            draw_audit(frame, app, &a);
            if let Some(d) = a.detail {
                draw_detail(frame, app, d);
            }
        }
    }
    draw_message(frame, app, a.message);
    draw_status(frame, app, a.status);
    match &app.overlay {
        Some(Overlay::Help { scope, scroll }) => draw_help(frame, app, *scope, *scroll),
        Some(Overlay::Record { scroll }) => draw_record(frame, app, *scroll),
        Some(Overlay::Prompt { kind, input }) => draw_prompt(frame, app, *kind, input, &a),
        Some(Overlay::Importing {
            file,
            progress,
            cancelling,
        }) => draw_importing(frame, app, file, *progress, *cancelling),
        Some(Overlay::Form(form)) => draw_form(frame, app, form),
        None => {}
    }
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut spans = vec![
        Span::styled(" loggvakt ", t.tab_active),
        Span::raw(" "),
        Span::styled(tr(app.lang, "Databas: ", "Database: "), t.muted),
        Span::raw(safe(&app.labels.db)),
        Span::styled(tr(app.lang, "  Användare: ", "  User: "), t.muted),
        Span::styled(safe(&app.labels.user), t.header),
    ];
    if let Some(b) = &app.labels.banner {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(safe(b), t.notice));
    }
    frame.render_widget(Line::from(spans), area);
}

fn draw_tabs(frame: &mut Frame, app: &App, area: Rect) {
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, tab)| Line::from(format!("{} {}", i + 1, tab.title(app.lang))))
        .collect();
    let selected = Tab::ALL.iter().position(|t| *t == app.tab).unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .style(app.theme.tab_inactive)
            .highlight_style(app.theme.tab_active)
            .divider("│"),
        area,
    );
}

fn pane_block<'a>(app: &App, title: String, focused: bool) -> Block<'a> {
    let t = &app.theme;
    let mut b = Block::bordered();
    if !title.is_empty() {
        b = b.title(Line::styled(
            format!(" {title} "),
            if focused { t.focused_border } else { t.title },
        ));
    }
    if focused {
        // A heavier frame shows focus without colour.
        b = b
            .border_type(BorderType::Thick)
            .border_style(t.focused_border);
    } else {
        b = b.border_style(t.border);
    }
    b
}

fn draw_empty(frame: &mut Frame, app: &App, area: Rect, text: Text<'static>) {
    let block = pane_block(app, String::new(), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let h = (text.lines.len() as u16).min(inner.height);
    let y = inner.y + inner.height.saturating_sub(h) / 3;
    let pad = Rect::new(
        inner.x + 2,
        y,
        inner.width.saturating_sub(4),
        inner.height.saturating_sub(y - inner.y),
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), pad);
}

/// An empty tab: a bold title, what the tab will hold, and how to fill it.
/// Each text is (Swedish, English).
fn empty_state(
    lang: Lang,
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
    how: (&'static str, &'static str),
    command: (&'static str, &'static str),
) -> Text<'static> {
    let pick = |(sv, en): (&'static str, &'static str)| if lang == Lang::Sv { sv } else { en };
    Text::from(vec![
        Line::from(pick(title)).bold(),
        Line::from(""),
        Line::from(pick(body)),
        Line::from(""),
        Line::from(pick(how)),
        Line::from(pick(command)).bold(),
    ])
}

fn requests_empty(lang: Lang) -> Text<'static> {
    empty_state(
        lang,
        ("Inga ärenden ännu.", "No requests yet."),
        (
            "Här listas inkomna begäranden om passageloggar: vem som begärt, vilken person och vilka läsare de gäller, perioden och beslutet.",
            "Incoming requests for passage logs appear here: who asked, which person and readers they concern, the period and the decision.",
        ),
        (
            "Tryck a för att registrera ett ärende här, eller på kommandoraden:",
            "Press a to register a request here, or on the command line:",
        ),
        ("  loggvakt request new …", "  loggvakt request new …"),
    )
}

fn pmo_empty(lang: Lang) -> Text<'static> {
    empty_state(
        lang,
        (
            "Ingen PMO-period att granska ännu.",
            "No PMO period to review yet.",
        ),
        (
            "Här granskas månadens Logg elevåtkomst: raderna ordnas efter hur avvikande de är, med skälen, och varje rad får kommentar och bedömning.",
            "The month's student access log (Logg elevåtkomst) is reviewed here: rows ranked by how unusual they are, with the reasons, each getting a comment and a verdict.",
        ),
        (
            "Importera månadens Logg elevåtkomst med",
            "Import the month's Logg elevåtkomst with",
        ),
        ("  loggvakt import FIL", "  loggvakt import FILE"),
    )
}

fn passages_empty(app: &App) -> Text<'static> {
    let sv = app.lang == Lang::Sv;
    Text::from(vec![
        Line::from(if sv {
            "Databasen har inga passager ännu."
        } else {
            "The database holds no passages yet."
        })
        .bold(),
        Line::from(""),
        Line::from(if sv {
            "Importera en export från SSM, Salto eller Unison (CSV, XLSX, XLS, ODS):"
        } else {
            "Import an export from SSM, Salto or Unison (CSV, XLSX, XLS, ODS):"
        }),
        Line::from(""),
        Line::from(vec![
            Span::styled("  i", app.theme.key),
            Span::raw(if sv {
                "                       här, ange filens sökväg"
            } else {
                "                       here, then type the file's path"
            }),
        ]),
        Line::from(vec![
            Span::styled(
                if sv {
                    "  loggvakt import FIL"
                } else {
                    "  loggvakt import FILE"
                },
                app.theme.key,
            ),
            Span::raw(if sv {
                "     i skalet"
            } else {
                "    in the shell"
            }),
        ]),
    ])
}

fn heading_text(h: Heading, lang: Lang) -> &'static str {
    match h {
        Heading::When => tr(lang, "Tid", "Time"),
        Heading::Person => tr(lang, "Person, kort, anst.nr", "Person, card, employee id"),
        Heading::Readers => tr(lang, "Läsare", "Readers"),
        Heading::Events => tr(lang, "Händelser", "Events"),
        Heading::Systems => tr(lang, "System", "Systems"),
    }
}

fn field_label(f: Field, lang: Lang) -> &'static str {
    match f {
        Field::From => tr(lang, "Från ", "From "),
        Field::To => tr(lang, "Till ", "To   "),
        Field::Person => tr(lang, "Sök  ", "Find "),
        Field::ReaderSearch => tr(lang, "Sök  ", "Find "),
    }
}

fn field_placeholder(f: Field, lang: Lang) -> &'static str {
    match f {
        // Parenthesised so that, without colour, a hint never reads as a value.
        Field::From => tr(lang, "(t.ex. -24h, 2026-10-14)", "(e.g. -24h, 2026-10-14)"),
        Field::To => tr(lang, "(t.ex. idag, 2026-10-31)", "(e.g. today, 2026-10-31)"),
        Field::Person => tr(lang, "(namn, kortnr, anst.nr)", "(name, card, employee id)"),
        Field::ReaderSearch => tr(lang, "(skriv för att söka)", "(type to search)"),
    }
}

fn checkbox(on: bool) -> &'static str {
    if on { "[x] " } else { "[ ] " }
}

fn draw_filters(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let focused = app.focus == Focus::Filters && app.overlay.is_none();
    let f = &app.filter;
    let n_readers = f.chosen_readers.len();
    let title = if n_readers > 0 {
        format!(
            "{} · {n_readers} {}",
            tr(app.lang, "Filter", "Filters"),
            tr(app.lang, "läsare valda", "readers ticked")
        )
    } else {
        tr(app.lang, "Filter", "Filters").to_owned()
    };
    let block = pane_block(app, title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = f.rows();
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let mut cursor_pos = None;
    for (i, row) in rows
        .iter()
        .enumerate()
        .skip(f.offset)
        .take(inner.height as usize)
    {
        let is_cur = focused && i == f.cursor;
        let sel = if is_cur { t.selected } else { Style::new() };
        let line = match *row {
            FRow::Heading(h) => Line::styled(heading_text(h, app.lang), t.title),
            FRow::Input(field) => {
                let input = f.input(field);
                let label = field_label(field, app.lang);
                let bad = match field {
                    Field::From => app.from_error.is_some(),
                    Field::To => app.to_error.is_some(),
                    _ => false,
                };
                let mark = if bad { "!" } else { " " };
                let room = width.saturating_sub(label.chars().count() + 2);
                let value = input.value();
                let scroll = input.visual_scroll(room.max(1));
                let shown: String = value.chars().skip(scroll).take(room).collect();
                if is_cur {
                    cursor_pos = Some((
                        inner.x
                            + 1
                            + label.chars().count() as u16
                            + (input.visual_cursor().saturating_sub(scroll)) as u16,
                        inner.y + (i - f.offset) as u16,
                    ));
                }
                let body = if value.is_empty() && !is_cur {
                    Span::styled(
                        format!("{:<room$}", field_placeholder(field, app.lang)),
                        t.muted,
                    )
                } else {
                    Span::styled(
                        format!("{shown:<room$}"),
                        if is_cur { t.selected } else { t.input },
                    )
                };
                Line::from(vec![
                    Span::styled(mark, if bad { t.error } else { Style::new() }),
                    Span::styled(label, if bad { t.error } else { Style::new() }),
                    body,
                ])
            }
            FRow::Presets => {
                let mut spans = vec![Span::raw(" ")];
                for (k, p) in Preset::ALL.iter().enumerate() {
                    let style = if is_cur && k == f.preset {
                        t.selected
                    } else if is_cur {
                        t.base
                    } else {
                        t.muted
                    };
                    spans.push(Span::styled(p.label(app.lang).to_string(), style));
                    spans.push(Span::raw(" "));
                }
                Line::from(spans)
            }
            FRow::Reader(idx) => {
                let r = &f.readers[idx];
                let on = f.chosen_readers.contains(&r.id);
                let label = if r.name.is_empty() {
                    safe(&r.code)
                } else {
                    safe(&r.name)
                };
                let count = format!(" {}", r.passages);
                let room = width.saturating_sub(5 + count.chars().count());
                let name = crate::text::truncate(&label, room).into_owned();
                Line::from(vec![
                    Span::styled(format!(" {}", checkbox(on)), sel),
                    Span::styled(format!("{name:<room$}"), sel),
                    Span::styled(count, if is_cur { sel } else { t.muted }),
                ])
            }
            FRow::Kind(k) => {
                let on = f.kinds.contains(&k);
                let style = if is_cur {
                    sel
                } else if flagged(k) {
                    t.flagged
                } else {
                    Style::new()
                };
                Line::styled(
                    format!(
                        " {}{:<w$}",
                        checkbox(on),
                        event_kind(k, app.lang),
                        w = width.saturating_sub(5)
                    ),
                    style,
                )
            }
            FRow::System(idx) => {
                let s = &f.systems[idx];
                let on = f.chosen_systems.contains(s);
                Line::styled(
                    format!(
                        " {}{:<w$}",
                        checkbox(on),
                        safe(s),
                        w = width.saturating_sub(5)
                    ),
                    sel,
                )
            }
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor_pos
        && app.overlay.is_none()
    {
        frame.set_cursor_position((x.min(inner.right().saturating_sub(1)), y));
    }
}

fn draw_summary(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let parts = app.filter.summary(app.lang);
    let mut spans = vec![Span::styled(
        tr(app.lang, " Filter: ", " Filters: "),
        t.title,
    )];
    if parts.is_empty() {
        spans.push(Span::styled(
            tr(app.lang, "inga – alla passager", "none – every passage"),
            t.muted,
        ));
    } else {
        spans.push(Span::raw(safe(&parts.join(" · "))));
    }
    spans.push(Span::styled("  f ", t.key));
    spans.push(Span::styled(tr(app.lang, "ändra", "change"), t.muted));
    frame.render_widget(Line::from(spans), area);
}

pub fn flagged(k: EventKind) -> bool {
    matches!(
        k,
        EventKind::Denied | EventKind::Forced | EventKind::HeldOpen | EventKind::Alarm
    )
}

fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

fn draw_passages(frame: &mut Frame, app: &App, a: &Areas) {
    let t = &app.theme;
    let p = &app.passages;
    let focused = app.focus == Focus::Table && app.overlay.is_none();
    let title = match p.count {
        Some(c) => format!(
            "{} · {} {}",
            tr(app.lang, "Passager", "Passages"),
            thousands(c),
            tr(app.lang, "träffar", "matches")
        ),
        None => format!("{} · …", tr(app.lang, "Passager", "Passages")),
    };
    let block = pane_block(app, title, focused);
    // Compact: time, reader, person, event; full width adds system and card;
    // beside the filters only time, reader and person fit.
    let narrow = a.table.width < 66;
    // The system column only tells something when there is more than one.
    let systems = a.full && app.filter.systems.len() > 1;
    let lang = app.lang;
    let mut header = vec![Msg::Time.text(lang)];
    let mut widths = vec![Constraint::Length(19)];
    if systems {
        header.push(Msg::System.text(lang));
        widths.push(Constraint::Length(6));
    }
    header.push(Msg::Reader.text(lang));
    widths.push(Constraint::Fill(3));
    header.push(Msg::Person.text(lang));
    widths.push(Constraint::Fill(2));
    if a.full {
        header.push(Msg::Card.text(lang));
        widths.push(Constraint::Length(10));
    }
    if !narrow {
        header.push(Msg::Event.text(lang));
        widths.push(Constraint::Length(15));
    }
    let v = a.table_rows;
    let rows: Vec<Row> = p
        .rows
        .iter()
        .skip(p.offset)
        .take(v)
        .map(|r| {
            let mut cells = vec![Cell::from(crate::domain::clock::show(r.time, r.clock))];
            if systems {
                cells.push(Cell::from(safe(&r.system)));
            }
            // The door's name reads best; its code is in the detail pane.
            let reader = if r.reader_name.is_empty() {
                r.reader_label()
            } else {
                r.reader_name.clone()
            };
            cells.push(Cell::from(safe(&reader)));
            cells.push(Cell::from(safe(&r.person)));
            if a.full {
                cells.push(Cell::from(safe(&r.card)));
            }
            if !narrow {
                let style = if flagged(r.kind) {
                    t.flagged
                } else {
                    Style::new()
                };
                cells.push(Cell::from(event_kind(r.kind, lang)).style(style));
            }
            let row = Row::new(cells);
            if super::worker::row_matches(r, &app.search) {
                row.style(t.matched)
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.title))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(if focused { t.selected } else { t.selected_idle })
        .highlight_symbol("▸ ")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default();
    if !empty {
        state.select(Some(p.selected.saturating_sub(p.offset)));
    }
    frame.render_stateful_widget(table, a.table, &mut state);
    if empty {
        let inner = Rect::new(
            a.table.x + 2,
            a.table.y + 3,
            a.table.width.saturating_sub(4),
            a.table.height.saturating_sub(4),
        );
        let text = if p.loaded {
            vec![
                Line::from(Msg::NoPassages.text(lang)),
                Line::from(vec![
                    Span::styled("x ", t.key),
                    Span::raw(tr(lang, "rensar filtren, ", "clears the filters, ")),
                    Span::styled("f ", t.key),
                    Span::raw(tr(lang, "ändrar dem.", "changes them.")),
                ]),
            ]
        } else {
            vec![Line::styled(tr(lang, "Hämtar …", "Loading …"), t.muted)]
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
    }
}

fn direction(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::In => tr(lang, "in", "in"),
        Direction::Out => tr(lang, "ut", "out"),
        Direction::Unknown => "",
    }
}

/// The record under the cursor as label/value pairs (detail pane and record view).
pub fn record_fields(app: &App) -> Vec<(String, String)> {
    let lang = app.lang;
    let mut out = Vec::new();
    match app.tab {
        Tab::Passages => {
            if let Some(r) = app.passages.selected_row() {
                let m = |x: Msg| x.text(lang).to_owned();
                out.push((m(Msg::Time), crate::domain::clock::show(r.time, r.clock)));
                out.push((m(Msg::System), safe(&r.system)));
                out.push((m(Msg::Reader), safe(&r.reader_label())));
                out.push((m(Msg::Person), safe(&r.person)));
                out.push((m(Msg::EmployeeId), safe(&r.employee_id)));
                out.push((m(Msg::Card), safe(&r.card)));
                out.push((m(Msg::Event), event_kind(r.kind, lang).to_owned()));
                out.push((m(Msg::EventText), safe(&r.event_text)));
                out.push((m(Msg::Direction), direction(r.direction, lang).to_owned()));
                out.push((
                    m(Msg::Source),
                    format!("{}:{}", safe(&r.source_file), r.source_row),
                ));
                match r.clock {
                    ClockNote::FirstPass | ClockNote::SecondPass | ClockNote::Uncertain => {
                        out.push(("!".into(), Msg::ClockRepeated.text(lang).into()))
                    }
                    ClockNote::Skipped => {
                        out.push(("!".into(), Msg::ClockSkipped.text(lang).into()))
                    }
                    ClockNote::None => {}
                }
            }
        }
        Tab::Audit => {
            if let Some(e) = app.audit.entries.get(app.audit.selected) {
                let m = |x: Msg| x.text(lang).to_owned();
                out.push((m(Msg::Seq), e.seq.to_string()));
                out.push((m(Msg::Time), safe(&e.at)));
                let mut user = safe(&e.os_user);
                if !e.sudo_user.is_empty() {
                    user = format!("{user} (sudo: {})", safe(&e.sudo_user));
                }
                out.push((m(Msg::User), user));
                out.push((m(Msg::Action), safe(&e.action)));
                if !e.subject.is_empty() {
                    out.push((m(Msg::Subject), safe(&e.subject)));
                }
                out.push((m(Msg::Details), safe(&e.details)));
                out.push(("SHA-256".into(), safe(&e.hash)));
            }
        }
        _ => {}
    }
    out
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let lang = app.lang;
    let block = pane_block(app, tr(lang, "Detalj", "Detail").to_owned(), false);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = match app.tab {
        Tab::Passages => match app.passages.selected_row() {
            None => vec![],
            Some(r) => {
                let k = |s: &str| Span::styled(format!("{s}: "), t.muted);
                let kind_style = if flagged(r.kind) {
                    t.flagged
                } else {
                    Style::new()
                };
                let mut l = vec![
                    Line::from(vec![
                        Span::styled(crate::domain::clock::show(r.time, r.clock), t.title),
                        Span::raw("  "),
                        Span::raw(safe(&r.reader_label())),
                        Span::styled(format!("  ({})", safe(&r.system)), t.muted),
                    ]),
                    Line::from(vec![
                        k(Msg::Person.text(lang)),
                        Span::raw(safe(if r.person.is_empty() {
                            "–"
                        } else {
                            &r.person
                        })),
                        Span::raw("  "),
                        k(Msg::EmployeeId.text(lang)),
                        Span::raw(safe(&r.employee_id)),
                        Span::raw("  "),
                        k(Msg::Card.text(lang)),
                        Span::raw(safe(&r.card)),
                    ]),
                    Line::from(vec![
                        k(Msg::Event.text(lang)),
                        Span::styled(event_kind(r.kind, lang), kind_style),
                        Span::raw(format!(" «{}»", safe(&r.event_text))),
                        Span::raw(match direction(r.direction, lang) {
                            "" => String::new(),
                            d => format!("  {}: {d}", Msg::Direction.text(lang)),
                        }),
                    ]),
                    Line::from(vec![
                        k(Msg::Source.text(lang)),
                        Span::raw(format!("{}:{}", safe(&r.source_file), r.source_row)),
                    ]),
                ];
                match r.clock {
                    ClockNote::FirstPass | ClockNote::SecondPass | ClockNote::Uncertain => {
                        l.push(Line::styled(Msg::ClockRepeated.text(lang), t.flagged))
                    }
                    ClockNote::Skipped => {
                        l.push(Line::styled(Msg::ClockSkipped.text(lang), t.flagged))
                    }
                    ClockNote::None => {}
                }
                l
            }
        },
        Tab::Audit => match app.audit.entries.get(app.audit.selected) {
            None => vec![],
            Some(e) => {
                let mut who = safe(&e.os_user);
                if !e.sudo_user.is_empty() {
                    who = format!("{who} (sudo: {})", safe(&e.sudo_user));
                }
                vec![
                    Line::from(vec![
                        Span::styled(format!("#{}  ", e.seq), t.title),
                        Span::raw(safe(&e.at)),
                        Span::raw("  "),
                        Span::styled(who, t.title),
                        Span::raw("  "),
                        Span::raw(safe(&e.action)),
                        Span::raw(format!(" {}", safe(&e.subject))),
                    ]),
                    Line::from(safe(&e.details)),
                ]
            }
        },
        _ => vec![],
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn draw_audit(frame: &mut Frame, app: &App, a: &Areas) {
    let t = &app.theme;
    let lang = app.lang;
    let au = &app.audit;
    let title = format!(
        "{} · {} {}",
        tr(
            lang,
            "Granskningslogg, nyast först",
            "Audit trail, newest first"
        ),
        au.entries.len(),
        tr(lang, "poster", "entries")
    );
    let focused = app.overlay.is_none();
    let block = pane_block(app, title, focused);
    let header = Row::new(vec![
        Msg::Seq.text(lang),
        Msg::Time.text(lang),
        Msg::User.text(lang),
        Msg::Action.text(lang),
        Msg::Details.text(lang),
    ])
    .style(t.title);
    let rows: Vec<Row> = au
        .entries
        .iter()
        .skip(au.offset)
        .take(a.table_rows)
        .map(|e| {
            let at = e.at.get(..19).unwrap_or(&e.at).replace('T', " ");
            let row = Row::new(vec![
                Cell::from(e.seq.to_string()),
                Cell::from(safe(&at)),
                Cell::from(safe(&e.os_user)),
                Cell::from(safe(&e.action)),
                Cell::from(safe(&e.details)),
            ]);
            if super::pane::audit::AuditPane::matches(e, &app.search) {
                row.style(t.matched)
            } else {
                row
            }
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        rows,
        [
            Constraint::Length(5),
            Constraint::Length(19),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(if focused { t.selected } else { t.selected_idle })
    .highlight_symbol("▸ ")
    .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default();
    if !empty {
        state.select(Some(au.selected.saturating_sub(au.offset)));
    }
    frame.render_stateful_widget(table, a.table, &mut state);
}

/// The requests, newest first; below, the passages inside the selected one's
/// scope with their deviations; at the bottom its Kom & Gå findings and caveats.
fn verdict_label(v: Option<crate::domain::pmo::Verdict>, lang: Lang) -> &'static str {
    use crate::domain::pmo::Verdict;
    match v {
        None => "",
        Some(Verdict::Ok) => "OK",
        Some(Verdict::Deviation) => tr(lang, "Avvikelse", "Deviation"),
        Some(Verdict::Investigate) => tr(lang, "Utreds", "Investigate"),
    }
}

fn draw_pmo(frame: &mut Frame, app: &App, a: &Areas) {
    use crate::domain::pmo::Masked;
    let t = &app.theme;
    let lang = app.lang;
    let pp = &app.pmo;
    let focused = app.overlay.is_none();
    let Some(period) = pp.current() else {
        return;
    };
    let signed = match &period.signed_off_at {
        Some(at) => format!(
            " · {} {}",
            tr(lang, "signerad", "signed off"),
            at.get(..10).unwrap_or(at)
        ),
        None => String::new(),
    };
    let title = format!(
        "{} {} ({} – {}) · {} {} · {} {} · {}/{}{signed}",
        safe(&period.unit),
        period.label,
        period.from,
        period.to,
        pp.rows.len(),
        tr(lang, "rader", "rows"),
        pp.open_rows(),
        tr(lang, "utan bedömning", "without verdict"),
        pp.period + 1,
        pp.periods.len()
    );
    // The compact layout keeps what a decision needs; the detail pane has the rest.
    let full = a.full;
    let mut heads = vec![
        tr(lang, "Poäng", "Score"),
        Msg::Time.text(lang),
        tr(lang, "Användare", "User"),
    ];
    if full {
        heads.push(tr(lang, "Roll", "Role"));
    }
    heads.push(tr(lang, "Elev", "Student"));
    if full {
        heads.push(tr(lang, "Personnr", "Personnummer"));
    }
    heads.push(tr(lang, "Händelse", "Action"));
    if full {
        heads.push(tr(lang, "Flaggor", "Flags"));
    }
    heads.push(tr(lang, "Bedömning", "Verdict"));
    let header = Row::new(heads).style(t.title);
    let rows: Vec<Row> = pp
        .rows
        .iter()
        .skip(pp.offset)
        .take(a.table_rows)
        .map(|r| {
            let rec = &r.access.record;
            let time = if full {
                fmt_time(rec.time)
            } else {
                rec.time.format("%m-%d %H:%M").to_string()
            };
            let mut cells = vec![
                Cell::from(format!("{:.2}", r.score())),
                Cell::from(time),
                Cell::from(safe(&rec.user)),
            ];
            if full {
                cells.push(Cell::from(safe(&rec.role)));
            }
            cells.push(Cell::from(safe(&rec.student)));
            if full {
                cells.push(Cell::from(Masked(&rec.student_id).to_string()));
            }
            cells.push(Cell::from(safe(rec.action.label())));
            if full {
                cells.push(Cell::from(r.flags.ids().join(" ")));
            }
            cells.push(Cell::from(verdict_label(r.access.verdict, lang)));
            let row = Row::new(cells);
            if r.flags.flagged() {
                row.style(t.flagged)
            } else {
                row
            }
        })
        .collect();
    let loading = pp.rows_of != Some(period.id);
    let widths: Vec<Constraint> = if full {
        vec![
            Constraint::Length(5),
            Constraint::Length(19),
            Constraint::Fill(2),
            Constraint::Fill(1),
            Constraint::Fill(2),
            Constraint::Length(13),
            Constraint::Length(10),
            Constraint::Fill(2),
            Constraint::Length(11),
        ]
    } else {
        vec![
            Constraint::Length(5),
            Constraint::Length(11),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(9),
        ]
    };
    let table = Table::new(rows, widths)
        .header(header)
        .block(pane_block(app, title, focused))
        .row_highlight_style(if focused { t.selected } else { t.selected_idle })
        .highlight_symbol("▸ ")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default();
    if !loading {
        state.select(Some(pp.selected.saturating_sub(pp.offset)));
    }
    frame.render_stateful_widget(table, a.table, &mut state);
    let Some(d) = a.detail else {
        return;
    };
    let block = pane_block(app, tr(lang, "Rad", "Row").to_owned(), false);
    let inner = block.inner(d);
    frame.render_widget(block, d);
    let Some(r) = pp.selected_row().filter(|_| !loading) else {
        frame.render_widget(
            Paragraph::new(tr(lang, "Hämtar …", "Loading …")).style(t.muted),
            inner,
        );
        return;
    };
    let rec = &r.access.record;
    let student_id = if pp.revealed == Some(r.access.id) {
        safe(&rec.student_id)
    } else {
        Masked(&rec.student_id).to_string()
    };
    let mut lines = vec![Line::from(format!(
        "#{} · {} · {} ({}, {}) → {} {student_id} {} · {} / {} / {}",
        r.access.id,
        fmt_time(rec.time),
        safe(&rec.user),
        safe(&rec.role),
        safe(&rec.user_unit),
        safe(&rec.student),
        safe(&rec.class),
        safe(&rec.record_type),
        safe(&rec.document),
        safe(rec.action.label()),
    ))];
    if r.flags.hits.is_empty() {
        lines.push(Line::styled(
            tr(lang, "Ingen regel slog till.", "No rule fired."),
            t.muted,
        ));
    }
    for reason in r.flags.reasons(lang) {
        lines.push(Line::styled(format!("• {}", safe(&reason)), t.flagged));
    }
    let verdict = match r.access.verdict {
        Some(v) => format!(
            "{}: {}{}",
            tr(lang, "Bedömning", "Verdict"),
            verdict_label(Some(v), lang),
            if r.access.comment.is_empty() {
                String::new()
            } else {
                format!(" — {}", safe(&r.access.comment))
            }
        ),
        None => tr(
            lang,
            "Ingen bedömning ännu (v, c).",
            "No verdict yet (v, c).",
        )
        .to_owned(),
    };
    lines.push(Line::from(verdict));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn draw_requests(frame: &mut Frame, app: &App, a: &Areas) {
    let t = &app.theme;
    let lang = app.lang;
    let rp = &app.requests;
    let focused = app.overlay.is_none();
    if let Some(area) = a.list {
        let header = Row::new(vec![
            Msg::Reference.text(lang),
            Msg::Status.text(lang),
            Msg::Requester.text(lang),
            Msg::Reason.text(lang),
            Msg::Persons.text(lang),
            Msg::Windows.text(lang),
        ])
        .style(t.title);
        let rows: Vec<Row> = rp
            .list
            .iter()
            .skip(rp.offset)
            .take(a.list_rows)
            .map(|r| {
                let status = match &r.decision {
                    Some(d) => format!(
                        "{} ({})",
                        Msg::Decided.text(lang),
                        crate::i18n::outcome(d.outcome, lang)
                    ),
                    None => Msg::Open.text(lang).to_owned(),
                };
                let windows = r
                    .scope
                    .windows
                    .iter()
                    .map(|w| {
                        format!(
                            "{}–{}",
                            w.from.format("%Y-%m-%d %H:%M"),
                            w.to.format("%Y-%m-%d %H:%M")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                Row::new(vec![
                    Cell::from(r.reference.to_string()),
                    Cell::from(status),
                    Cell::from(safe(&r.requester)),
                    Cell::from(crate::i18n::reason(r.reason, lang)),
                    Cell::from(safe(&r.scope.persons.join(", "))),
                    Cell::from(windows),
                ])
            })
            .collect();
        let title = format!(
            "{} · {}",
            tr(lang, "Ärenden, nyast först", "Requests, newest first"),
            rp.list.len()
        );
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Length(if a.full { 16 } else { 9 }),
                Constraint::Fill(1),
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Fill(2),
            ],
        )
        .header(header)
        .block(pane_block(app, title, focused))
        .row_highlight_style(if focused { t.selected } else { t.selected_idle })
        .highlight_symbol("▸ ")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
        let mut state = TableState::default();
        state.select(Some(rp.selected.saturating_sub(rp.offset)));
        frame.render_stateful_widget(table, area, &mut state);
    }

    let Some(x) = &rp.events else {
        let block = pane_block(app, Msg::Passages.text(lang).to_owned(), false);
        let inner = block.inner(a.table);
        frame.render_widget(block, a.table);
        frame.render_widget(
            Paragraph::new(tr(lang, "Hämtar …", "Loading …")).style(t.muted),
            inner,
        );
        return;
    };
    let scope = &x.request.scope;
    let readers = if scope.readers.is_empty() {
        Msg::AllReaders.text(lang).to_owned()
    } else {
        scope.readers.join(", ")
    };
    let title = format!(
        "{} {} · {} · {} {}",
        x.request.reference,
        safe(&readers),
        x.persons
            .iter()
            .map(|p| safe(&p.label()))
            .collect::<Vec<_>>()
            .join(", "),
        x.rows.len(),
        Msg::Passages.text(lang).to_lowercase()
    );
    let header = Row::new(vec![
        Msg::Time.text(lang),
        Msg::Reader.text(lang),
        Msg::Person.text(lang),
        Msg::Event.text(lang),
        Msg::Deviations.text(lang),
    ])
    .style(t.title);
    let rows: Vec<Row> = x
        .rows
        .iter()
        .skip(rp.events_offset)
        .take(a.table_rows)
        .map(|r| {
            let row = Row::new(vec![
                Cell::from(crate::domain::clock::show(r.row.time, r.row.clock)),
                Cell::from(safe(&r.row.reader_label())),
                Cell::from(safe(&r.row.person)),
                Cell::from(event_kind(r.row.kind, lang)),
                Cell::from(safe(&r.deviations_text(lang))),
            ]);
            if r.deviations.is_empty() {
                row
            } else {
                row.style(t.flagged)
            }
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(
        rows,
        [
            Constraint::Length(19),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(9),
            Constraint::Fill(2),
        ],
    )
    .header(header)
    .block(pane_block(app, title, false));
    frame.render_widget(table, a.table);
    if empty {
        let inner = Rect::new(
            a.table.x + 1,
            a.table.y + 2,
            a.table.width.saturating_sub(2),
            1,
        );
        frame.render_widget(
            Paragraph::new(Msg::NoPassages.text(lang)).style(t.muted),
            inner,
        );
    }

    if let Some(area) = a.notes {
        let mut lines: Vec<Line> = Vec::new();
        for f in &x.findings {
            lines.push(Line::styled(safe(&f.text(lang)), t.flagged));
        }
        for c in &x.caveats {
            lines.push(Line::from(format!("! {}", safe(&c.text(lang)))));
        }
        if lines.is_empty() {
            lines.push(Line::styled(Msg::NoFindings.text(lang), t.muted));
        }
        let title = format!("{} · {}", Msg::Findings.text(lang), Msg::Caveats.text(lang));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .block(pane_block(app, title, false)),
            area,
        );
    }
}

fn draw_message(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let lang = app.lang;
    let (tone, text) = if let Some(e) = app.from_error.as_ref().or(app.to_error.as_ref()) {
        (Tone::Error, format!("! {}", safe(e)))
    } else if let Some((tone, m)) = &app.message {
        (*tone, safe(m))
    } else {
        (Tone::Info, String::new())
    };
    let style = match tone {
        Tone::Notice => t.notice,
        Tone::Info => Style::new(),
        Tone::Error => t.error,
    };
    let stats = match app.tab {
        Tab::Passages if !app.is_empty_store() => {
            let p = &app.passages;
            let mut s = Vec::new();
            s.push(format!(
                "{}: {}",
                crate::i18n::ops::PurposeUi::Label.text(lang),
                app.purpose.as_ref().map_or_else(
                    || crate::i18n::ops::PurposeUi::None.text(lang).to_owned(),
                    |p| crate::text::truncate(&safe(&p.label()), 28).into_owned()
                )
            ));
            if let (Some(pos), Some(c)) = (p.position(), p.count)
                && c > 0
            {
                s.push(format!(
                    "{} {} {} {}",
                    tr(lang, "rad", "row"),
                    thousands(pos),
                    tr(lang, "av", "of"),
                    thousands(c)
                ));
            } else if let Some(c) = p.count {
                s.push(format!(
                    "{} {}",
                    thousands(c),
                    tr(lang, "träffar", "matches")
                ));
            }
            if let Some(ms) = p.count_ms.or(p.page_ms) {
                s.push(if ms == 0 {
                    "<1 ms".to_owned()
                } else {
                    format!("{ms} ms")
                });
            }
            s.join(" · ")
        }
        _ => String::new(),
    };
    let stats_w = stats.chars().count() as u16;
    // The notice that use is logged must be read whole; shorten it to fit.
    let text = if app
        .message
        .as_ref()
        .is_some_and(|(t, _)| *t == Tone::Notice)
        && text.chars().count() + stats_w as usize + 3 > area.width as usize
    {
        Msg::MonitoredShort.text(lang).to_owned()
    } else {
        text
    };
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(if stats_w > 0 { stats_w + 2 } else { 0 }),
    ])
    .areas(area);
    let room = left.width.saturating_sub(1) as usize;
    let text = crate::text::truncate(&text, room);
    frame.render_widget(Line::styled(format!(" {text}"), style), left);
    frame.render_widget(Line::from(format!("{stats} ")).right_aligned(), right);
}

/// The status bar: the keys that work in the focused pane, from the key map.
/// The pane's own keys come first; help and quit always show at the end.
pub fn hint_line(app: &App, width: u16) -> Line<'static> {
    let t = &app.theme;
    let scope = app.scope();
    let hinted: Vec<_> = bindings_for(scope).into_iter().filter(|b| b.hint).collect();
    let (global, own): (Vec<_>, Vec<_>) = hinted
        .into_iter()
        .partition(|b| b.scopes.contains(&Scope::Global) && !b.scopes.contains(&scope));
    let piece = |b: &super::action::Binding| {
        (
            b.short_label(app.lang),
            format!(" {}  ", b.describe(app.lang)),
        )
    };
    let width_of = |(k, d): &(String, String)| k.chars().count() + d.chars().count();
    let tail: Vec<(String, String)> = global.iter().copied().map(piece).collect();
    let tail_w: usize = tail.iter().map(width_of).sum();
    let mut used = 1 + tail_w;
    let mut spans: Vec<Span> = vec![Span::raw(" ")];
    for b in own {
        let p = piece(b);
        if used + width_of(&p) > width as usize {
            continue;
        }
        used += width_of(&p);
        spans.push(Span::styled(p.0, t.key));
        spans.push(Span::raw(p.1));
    }
    for p in tail {
        spans.push(Span::styled(p.0, t.key));
        spans.push(Span::raw(p.1));
    }
    Line::from(spans)
}

fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    frame.render_widget(hint_line(app, area.width), area);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Every line of the help for a scope: its own keys, then the global ones.
pub fn help_lines(app: &App, scope: Scope) -> Vec<Line<'static>> {
    let t = &app.theme;
    let lang = app.lang;
    let bindings = bindings_for(scope);
    let key_w = bindings
        .iter()
        .map(|b| b.key_label(lang).chars().count())
        .max()
        .unwrap_or(4)
        .min(24);
    let mut lines = vec![Line::styled(scope.title(lang).to_owned(), t.title)];
    let mut in_global = false;
    for b in bindings {
        let global = b.scopes.contains(&Scope::Global) && !b.scopes.contains(&scope);
        if global && !in_global {
            in_global = true;
            lines.push(Line::from(""));
            lines.push(Line::styled(Scope::Global.title(lang).to_owned(), t.title));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<key_w$}  ", b.key_label(lang)), t.key),
            Span::raw(b.describe(lang)),
        ]));
    }
    lines
}

fn draw_help(frame: &mut Frame, app: &App, scope: Scope, scroll: usize) {
    let area = frame.area();
    let lines = help_lines(app, scope);
    let w = area.width.saturating_sub(4).min(76);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    let max_scroll = lines.len().saturating_sub(h.saturating_sub(2) as usize);
    let scroll = scroll.min(max_scroll);
    let title = format!(
        "{} – {}{}",
        tr(app.lang, "Tangenter", "Keys"),
        scope.title(app.lang),
        if max_scroll > 0 { " (↑↓)" } else { "" }
    );
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(app, title, true).title_bottom(Line::from(tr(
                app.lang,
                " Esc stänger ",
                " Esc closes ",
            ))))
            .scroll((scroll as u16, 0)),
        r,
    );
}

fn draw_record(frame: &mut Frame, app: &App, scroll: usize) {
    let area = frame.area();
    let t = &app.theme;
    let fields = record_fields(app);
    let key_w = fields
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = fields
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_w$}  "), t.muted),
                Span::raw(v),
            ])
        })
        .collect();
    let w = area.width.saturating_sub(4).min(90);
    // Wrapped lines can need more than one row each; leave room for that.
    let need = lines.len() as u16 + 4;
    let h = need.min(area.height.saturating_sub(4));
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0))
            .block(
                pane_block(app, tr(app.lang, "Post", "Record").to_owned(), true)
                    .title_bottom(Line::from(tr(app.lang, " Esc stänger ", " Esc closes "))),
            ),
        r,
    );
}

fn draw_prompt(
    frame: &mut Frame,
    app: &App,
    kind: PromptKind,
    input: &tui_input::Input,
    a: &Areas,
) {
    if kind == PromptKind::Purpose {
        return draw_purpose(frame, app, input, a);
    }
    let (title, hint) = match kind {
        PromptKind::Purpose => unreachable!("drawn by draw_purpose"),
        PromptKind::Search => (
            tr(
                app.lang,
                "Sök text (markerar träffar)",
                "Search text (marks matches)",
            ),
            tr(
                app.lang,
                "Enter söker, n/N nästa/föregående",
                "Enter finds, n/N next/previous",
            ),
        ),
        PromptKind::ImportPath => (
            tr(app.lang, "Importera fil: sökväg", "Import file: path"),
            tr(
                app.lang,
                "Enter importerar, Esc avbryter",
                "Enter imports, Esc cancels",
            ),
        ),
        PromptKind::ExportPath => (
            tr(
                app.lang,
                "Exportera uttaget: fil (.pdf, .xlsx eller .csv)",
                "Export the extract: file (.pdf, .xlsx or .csv)",
            ),
            tr(
                app.lang,
                "Enter exporterar (loggas), Esc avbryter",
                "Enter exports (audited), Esc cancels",
            ),
        ),
        PromptKind::PmoComment => (
            tr(app.lang, "Kommentar till raden", "Comment on the row"),
            tr(
                app.lang,
                "Enter sparar (rad utan bedömning blir Utreds), Esc avbryter",
                "Enter saves (a row without verdict becomes investigate), Esc cancels",
            ),
        ),
        PromptKind::PmoConsulted => (
            tr(
                app.lang,
                "Signera perioden: vilka deltog i granskningen?",
                "Sign the period off: who took part in the review?",
            ),
            tr(
                app.lang,
                "Enter signerar (loggas), Esc avbryter",
                "Enter signs off (audited), Esc cancels",
            ),
        ),
        PromptKind::PmoExportPath => (
            tr(
                app.lang,
                "Exportera granskningsprotokollet: fil (.pdf, .xlsx eller .csv)",
                "Export the review record: file (.pdf, .xlsx or .csv)",
            ),
            tr(
                app.lang,
                "Enter exporterar (loggas), Esc avbryter",
                "Enter exports (audited), Esc cancels",
            ),
        ),
    };
    let r = Rect::new(
        a.body.x,
        (a.body.y + a.body.height).saturating_sub(3),
        a.body.width,
        3,
    );
    let block =
        pane_block(app, title.to_owned(), true).title_bottom(Line::from(format!(" {hint} ")));
    let inner = block.inner(r);
    let scroll = input.visual_scroll(inner.width.saturating_sub(1) as usize);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(input.value().to_owned())
            .scroll((0, scroll as u16))
            .block(block),
        r,
    );
    frame.set_cursor_position((
        inner.x + (input.visual_cursor().saturating_sub(scroll)) as u16,
        inner.y,
    ));
}

/// The purpose prompt: what it is for, the open requests to choose from with ↑/↓,
/// and the line where an incident note is typed.
fn draw_purpose(frame: &mut Frame, app: &App, input: &tui_input::Input, a: &Areas) {
    use crate::i18n::ops::PurposeUi as P;
    let lang = app.lang;
    let open = app.open_requests();
    let shown = open.len().min(5);
    let explain = P::Explain.text(lang).chars().count() as u16;
    let explain_h = explain.div_ceil(a.body.width.saturating_sub(2).max(1));
    let listed = if open.is_empty() { 0 } else { shown as u16 + 1 };
    let h = (3 + explain_h + listed).min(a.body.height);
    let r = Rect::new(
        a.body.x,
        (a.body.y + a.body.height).saturating_sub(h),
        a.body.width,
        h,
    );
    let block = pane_block(app, P::Title.text(lang).to_owned(), true)
        .title_bottom(Line::from(format!(" {} ", P::Keys.text(lang))));
    let inner = block.inner(r);
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    let mut lines = vec![Line::from(P::Explain.text(lang).to_owned())];
    if !open.is_empty() {
        lines.push(Line::styled(
            format!("{}:", P::Requests.text(lang)),
            app.theme.title,
        ));
        for (i, reference) in open.iter().take(shown).enumerate() {
            let chosen = app.purpose_choice == Some(i);
            lines.push(Line::styled(
                format!("{} {reference}", if chosen { "▶" } else { " " }),
                if chosen {
                    app.theme.selected
                } else {
                    Style::new()
                },
            ));
        }
    }
    let text_h = inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        Rect::new(inner.x, inner.y, inner.width, text_h),
    );
    let label = format!("{}: ", P::Reason.text(lang));
    let lw = label.chars().count() as u16;
    let field = Rect::new(inner.x, inner.y + text_h, inner.width, 1);
    let scroll = input.visual_scroll(field.width.saturating_sub(lw + 1) as usize);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label, app.theme.title),
            Span::raw(safe(input.value())),
        ]))
        .scroll((0, scroll as u16)),
        field,
    );
    frame.set_cursor_position((
        field.x + lw + (input.visual_cursor().saturating_sub(scroll)) as u16,
        field.y,
    ));
}

fn draw_form(frame: &mut Frame, app: &App, form: &super::pane::form::Form) {
    use super::pane::form::FormKind;
    let t = &app.theme;
    let lang = app.lang;
    let area = frame.area();
    let title = match form.kind {
        FormKind::NewRequest => tr(lang, "Nytt ärende", "New request").to_owned(),
        FormKind::EditScope(r) => format!(
            "{r}: {}",
            tr(lang, "ändra omfattningen", "change the scope")
        ),
        FormKind::Decide(r) => format!("{r}: {}", tr(lang, "beslut", "decision")),
    };
    let scope_labels = [Msg::Persons, Msg::Readers, Msg::Windows];
    let label_w = form
        .fields
        .iter()
        .map(|f| f.id.label(lang).chars().count())
        .chain(
            form.scope
                .iter()
                .flat_map(|_| scope_labels.iter().map(|m| m.text(lang).chars().count())),
        )
        .max()
        .unwrap_or(8)
        + 2;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(scope) = &form.scope {
        let all = Msg::AllReaders.text(lang);
        let readers = if scope.readers.is_empty() {
            all.to_owned()
        } else {
            scope.readers.join("; ")
        };
        let windows = scope
            .windows
            .iter()
            .map(|w| {
                format!(
                    "{}..{}",
                    w.from.format("%Y-%m-%d %H:%M"),
                    w.to.format("%Y-%m-%d %H:%M")
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        for (k, v) in scope_labels
            .into_iter()
            .zip([scope.persons.join("; "), readers, windows])
        {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<w$} ", k.text(lang), w = label_w - 2), t.muted),
                Span::raw(safe(&v)),
            ]));
        }
        lines.push(Line::from(""));
    }
    let first_field = lines.len();
    for (i, f) in form.fields.iter().enumerate() {
        let here = i == form.cursor;
        let marker = if here { "▸ " } else { "  " };
        let label = Span::styled(
            format!("{marker}{:<w$}", f.id.label(lang), w = label_w - 2),
            if here { t.selected } else { t.muted },
        );
        let value = if f.id.choices() > 0 {
            Span::styled(
                format!(" ‹ {} › ", f.id.choice_label(f.choice, lang)),
                if here { t.input } else { Style::default() },
            )
        } else if f.input.value().is_empty() && !here {
            Span::styled(format!(" {}", f.id.placeholder(lang)), t.muted)
        } else {
            Span::raw(String::new())
        };
        lines.push(Line::from(vec![label, value]));
    }
    // Two rows for why saving failed: time errors say how to write a time.
    let error_row = lines.len();
    lines.push(Line::from(""));
    lines.push(Line::from(""));
    let w = area.width.saturating_sub(2).min(90);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
    let r = centered(area, w, h);
    let hint = if form.busy {
        tr(lang, " sparar … ", " saving … ").to_owned()
    } else {
        tr(
            lang,
            " Enter nästa/sparar · Ctrl-S sparar · Esc avbryter ",
            " Enter next/saves · Ctrl-S saves · Esc cancels ",
        )
        .to_owned()
    };
    let block = pane_block(app, title, true).title_bottom(Line::from(hint));
    let inner = block.inner(r);
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(lines).block(block), r);
    // Text fields: each value scrolls inside its own slot after the label.
    let slot_x = inner.x + label_w as u16 + 1;
    let slot_w = inner.width.saturating_sub(label_w as u16 + 2);
    for (i, f) in form.fields.iter().enumerate() {
        let y = inner.y + (first_field + i) as u16;
        if f.id.choices() > 0 || y >= inner.y + inner.height || slot_w == 0 {
            continue;
        }
        let here = i == form.cursor;
        if f.input.value().is_empty() && !here {
            continue;
        }
        let scroll = f.input.visual_scroll(slot_w.saturating_sub(1) as usize);
        let slot = Rect::new(slot_x, y, slot_w, 1);
        frame.render_widget(
            Paragraph::new(safe(f.input.value()))
                .style(if here { t.input } else { Style::default() })
                .scroll((0, scroll as u16)),
            slot,
        );
        if here {
            frame.set_cursor_position((
                slot_x + f.input.visual_cursor().saturating_sub(scroll) as u16,
                y,
            ));
        }
    }
    if let Some(e) = &form.error {
        let y = inner.y + error_row as u16;
        if y < inner.y + inner.height {
            let rows = (inner.y + inner.height - y).min(2);
            frame.render_widget(
                Paragraph::new(safe(e))
                    .style(t.error)
                    .wrap(Wrap { trim: true }),
                Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), rows),
            );
        }
    }
}

fn draw_importing(frame: &mut Frame, app: &App, file: &str, progress: f64, cancelling: bool) {
    let area = frame.area();
    let r = centered(area, area.width.saturating_sub(8).min(70), 6);
    let block = pane_block(
        app,
        tr(app.lang, "Importerar", "Importing").to_owned(),
        true,
    );
    let inner = block.inner(r);
    frame.render_widget(Clear, r);
    frame.render_widget(block, r);
    let [name, gauge, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .spacing(0)
    .areas(Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    ));
    frame.render_widget(Line::from(safe(file)), name);
    frame.render_widget(
        Gauge::default()
            .ratio(progress.clamp(0.0, 1.0))
            .gauge_style(app.theme.gauge)
            .use_unicode(true),
        gauge,
    );
    frame.render_widget(
        Line::styled(
            if cancelling {
                tr(
                    app.lang,
                    "Avbryter … inget från filen sparas.",
                    "Cancelling … nothing from the file is kept.",
                )
            } else {
                tr(
                    app.lang,
                    "Esc avbryter (inget från filen sparas)",
                    "Esc cancels (nothing from the file is kept)",
                )
            },
            app.theme.muted,
        ),
        hint,
    );
}
