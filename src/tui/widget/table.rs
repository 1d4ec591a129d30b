//! A table drawn from the rows in sight: each column as wide as its content
//! allows, each cut cell keeping what tells it from its neighbours.

use super::columns::{Width, fit_column, widths};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Cell, HighlightSpacing, Row, Table, TableState};

/// One row as drawn: its cells, its style, and styles for single cells.
#[derive(Debug, Clone, Default)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub style: Style,
    pub cell_styles: Vec<(usize, Style)>,
}

impl TableRow {
    pub fn new(cells: Vec<String>) -> TableRow {
        TableRow {
            cells,
            ..TableRow::default()
        }
    }

    pub fn style(mut self, s: Style) -> TableRow {
        self.style = s;
        self
    }

    pub fn cell_style(mut self, i: usize, s: Style) -> TableRow {
        self.cell_styles.push((i, s));
        self
    }
}

/// The cursor's row marker; it takes two cells on every row, so rows never shift.
const MARKER: &str = "▸ ";

/// A table to draw: its columns, the rows in sight, the cursor's index among them.
pub struct View<'a> {
    pub columns: &'a [(String, Width)],
    pub rows: Vec<TableRow>,
    pub selected: Option<usize>,
    pub focused: bool,
}

/// Draws the view in `area` inside `block`.
pub fn draw(frame: &mut Frame, area: Rect, block: Block<'_>, view: View<'_>, theme: &Theme) {
    let View {
        columns,
        rows,
        selected,
        focused,
    } = view;
    let inner = block.inner(area);
    let room = inner.width.saturating_sub(MARKER.chars().count() as u16);
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells.clone()).collect();
    let w = widths(columns, &cells, room, 1);
    // Cut column by column, each cell against the others of its column.
    let mut cut: Vec<Vec<String>> = vec![Vec::with_capacity(columns.len()); rows.len()];
    for (c, &cw) in w.iter().enumerate() {
        let col: Vec<String> = cells
            .iter()
            .map(|r| r.get(c).cloned().unwrap_or_default())
            .collect();
        for (r, text) in fit_column(&col, cw as usize).into_iter().enumerate() {
            cut[r].push(text);
        }
    }
    let header: Vec<String> = columns
        .iter()
        .zip(&w)
        .map(|((h, _), &cw)| super::columns::cut(h, cw as usize, &[]))
        .collect();
    let table_rows: Vec<Row> = rows
        .iter()
        .zip(cut)
        .map(|(r, cells)| {
            let cells: Vec<Cell> = cells
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let cell = Cell::from(text);
                    match r.cell_styles.iter().find(|(c, _)| *c == i) {
                        Some((_, s)) => cell.style(*s),
                        None => cell,
                    }
                })
                .collect();
            Row::new(cells).style(r.style)
        })
        .collect();
    let constraints: Vec<Constraint> = w.iter().map(|&n| Constraint::Length(n)).collect();
    let table = Table::new(table_rows, constraints)
        .header(Row::new(header).style(theme.title))
        .block(block)
        .column_spacing(1)
        .row_highlight_style(if focused {
            theme.selected
        } else {
            theme.selected_idle
        })
        .highlight_symbol(MARKER)
        .highlight_spacing(HighlightSpacing::Always);
    let mut state = TableState::default();
    state.select(selected.filter(|&s| s < rows.len()));
    frame.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    #[test]
    fn doors_that_share_a_name_stay_apart_in_a_narrow_table() {
        let mut t = Terminal::new(TestBackend::new(20, 5)).unwrap();
        let columns = vec![("Läsare".to_owned(), Width::Fit { min: 6, max: 40 })];
        let rows = ["Läkemedelsrum Avd 42", "Läkemedelsrum Avd 43"]
            .into_iter()
            .map(|s| TableRow::new(vec![s.to_owned()]))
            .collect();
        let theme = Theme::mono();
        t.draw(|f| {
            draw(
                f,
                f.area(),
                Block::bordered(),
                View {
                    columns: &columns,
                    rows,
                    selected: Some(0),
                    focused: true,
                },
                &theme,
            )
        })
        .unwrap();
        let want = Buffer::with_lines([
            "┌──────────────────┐",
            "│  Läsare          │",
            "│▸ Läkemedel…Avd 42│",
            "│  Läkemedel…Avd 43│",
            "└──────────────────┘",
        ]);
        let text = |b: &Buffer| {
            b.content()
                .iter()
                .map(|c| c.symbol().to_owned())
                .collect::<String>()
        };
        assert_eq!(text(t.backend().buffer()), text(&want));
    }
}
