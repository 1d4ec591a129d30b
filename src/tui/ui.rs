//! Drawing: the frame around the panes (header, tabs, message line, key hints),
//! the tab's panes and the overlays on top. Every text that came from the
//! database passes `text::for_terminal` before it is drawn.

use super::action::{Binding, Scope, Tab, bindings_for};
use super::app::App;
use super::pane::Tone;
use super::widget::{safe, width};
use crate::i18n::tui::TuiText as T;
use crate::i18n::{Msg, fill};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn too_small(w: u16, h: u16) -> bool {
    w < MIN_WIDTH || h < MIN_HEIGHT
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let ctx = app.ctx();
    let theme = &app.theme;
    if too_small(area.width, area.height) {
        let lang = app.lang;
        let lines = vec![
            Line::styled(
                fill(T::TooSmall.text(lang), &[&area.width, &area.height]),
                theme.title,
            ),
            Line::from(fill(T::Enlarge.text(lang), &[&MIN_WIDTH, &MIN_HEIGHT])),
            Line::from(T::QQuits.text(lang)),
        ];
        let h = (lines.len() as u16).min(area.height);
        let y = area.y + area.height.saturating_sub(h) / 2;
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
            Rect::new(area.x, y, area.width, h),
        );
        return;
    }
    let hints = hint_lines(app, area.width);
    let [header, tabs, body, message, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(hints.len() as u16),
    ])
    .areas(area);
    draw_header(frame, app, header);
    draw_tabs(frame, app, tabs);
    let has_overlay = !app.overlays.is_empty();
    match app.tab {
        Tab::Requests => app.requests.draw(frame, body, &ctx, has_overlay),
        Tab::Pmo => app.pmo.draw(frame, body, &ctx, !has_overlay),
        Tab::Passages => app.passages.draw(frame, body, &ctx, has_overlay),
        Tab::Audit => app.audit.draw(frame, body, &ctx, !has_overlay),
    }
    draw_message(frame, app, message);
    frame.render_widget(Paragraph::new(hints), status);
    for o in &app.overlays {
        o.draw(frame, body, &ctx);
    }
}

fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let lang = app.lang;
    let mut spans = vec![
        Span::styled(" loggvakt ", t.tab_active),
        Span::raw(" "),
        Span::styled(format!("{}: ", T::Database.text(lang)), t.muted),
        Span::raw(safe(&app.labels.db)),
        Span::styled(format!("  {}: ", Msg::User.text(lang)), t.muted),
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

fn draw_message(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let lang = app.lang;
    let (tone, text) = match &app.message {
        Some((tone, m)) => (*tone, safe(m)),
        None => (Tone::Info, String::new()),
    };
    let style = match tone {
        Tone::Notice => t.notice,
        Tone::Info => Style::new(),
        Tone::Error => t.error,
    };
    // The stats take what the message leaves (the notice that use is logged at
    // least in its short form), and a third of the line in any case.
    let message_w = if tone == Tone::Notice {
        width(&text).min(width(Msg::MonitoredShort.text(lang)))
    } else {
        width(&text)
    };
    let room = (area.width as usize)
        .saturating_sub(message_w + 3)
        .max(area.width as usize / 3);
    let stats = match app.tab {
        Tab::Passages => app.passages.stats(lang, room),
        _ => String::new(),
    };
    let stats_w = width(&stats) as u16;
    // The notice that use is logged must be read whole; shorten it to fit.
    let text = if tone == Tone::Notice && width(&text) + stats_w as usize + 3 > area.width as usize
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

/// The bindings the status bar shows now: the pane's own that apply, then the
/// global ones (help and quit always last).
pub fn hinted(app: &App) -> Vec<&'static Binding> {
    let scope = app.scope();
    let (global, own): (Vec<&Binding>, Vec<&Binding>) = bindings_for(scope)
        .into_iter()
        .filter(|b| b.hint && app.offers(b.action))
        .partition(|b| b.scopes.contains(&Scope::Global) && !b.scopes.contains(&scope));
    own.into_iter().chain(global).collect()
}

/// The status bar, from the key map: one line, or two when the keys need them.
/// When even two are too few, the pane's last keys give way; help and quit stay.
pub fn hint_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let lang = app.lang;
    let scope = app.scope();
    let mut pieces: Vec<(String, String, bool)> = hinted(app)
        .into_iter()
        .map(|b| {
            let global = b.scopes.contains(&Scope::Global) && !b.scopes.contains(&scope);
            (
                b.short_label(lang),
                format!(" {}  ", b.describe(lang)),
                global,
            )
        })
        .collect();
    let w = |(k, d, _): &(String, String, bool)| self::width(k) + self::width(d);
    let room = width as usize;
    let layout = |pieces: &[(String, String, bool)]| -> Option<Vec<Vec<usize>>> {
        let mut lines: Vec<Vec<usize>> = vec![vec![]];
        let mut used = 1;
        for (i, p) in pieces.iter().enumerate() {
            if used + w(p) > room {
                if lines.len() == 2 {
                    return None;
                }
                lines.push(vec![]);
                used = 1;
            }
            used += w(p);
            lines.last_mut().expect("a line").push(i);
        }
        Some(lines)
    };
    let lines = loop {
        if let Some(l) = layout(&pieces) {
            break l;
        }
        match pieces.iter().rposition(|p| !p.2) {
            Some(i) => {
                pieces.remove(i);
            }
            None => break vec![(0..pieces.len()).collect()],
        }
    };
    lines
        .into_iter()
        .map(|idx| {
            let mut spans = vec![Span::raw(" ")];
            for i in idx {
                let (k, d, _) = &pieces[i];
                spans.push(Span::styled(k.clone(), t.key));
                spans.push(Span::raw(d.clone()));
            }
            Line::from(spans)
        })
        .collect()
}

/// The status bar as one text, for tests and the help screen's checks.
pub fn hint_line(app: &App, width: u16) -> Line<'static> {
    Line::from(
        hint_lines(app, width)
            .into_iter()
            .flat_map(|l| l.spans)
            .collect::<Vec<_>>(),
    )
}

/// Every line of the help for a scope: its own keys, then the global ones.
pub fn help_lines(app: &App, scope: Scope) -> Vec<Line<'static>> {
    super::overlay::help_lines(&app.ctx(), scope)
}
