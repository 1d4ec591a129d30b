//! Why a file could not be imported, told in the user's language: every error
//! names the file (and the row and column where there is one) and what to run.

use super::dates::Why;
use super::profile::{By, Field};
use super::recognise::{Candidate, Closest, Refusal};
use super::source::NotAFile;
use super::values::DateOrder;
use crate::i18n::import::Text;
use crate::i18n::{Lang, fill};

/// What a value should have looked like, for `file:row:col: expected …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    DateTime,
    Date,
    Time,
    Stamp,
    Edited,
    EmployeeOrName,
    Action,
    User,
    Student,
}

impl Expect {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Expect::DateTime => Text::ExpectDateTime,
            Expect::Date => Text::ExpectDate,
            Expect::Time => Text::ExpectTime,
            Expect::Stamp => Text::ExpectStamp,
            Expect::Edited => Text::ExpectEdited,
            Expect::EmployeeOrName => Text::ExpectEmployeeOrName,
            Expect::Action => Text::ExpectAction,
            Expect::User => Text::ExpectUser,
            Expect::Student => Text::ExpectStudent,
        }
        .text(lang)
    }
}

/// What would help with a bad value, beyond fixing the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    None,
    /// The date reads in `other` order, but the file's dates are read in `order`.
    OtherOrder {
        order: DateOrder,
        other: DateOrder,
        why: Why,
    },
    /// The date reads either way and nothing in the file says which.
    Ambiguous,
    /// Perhaps not the time column at all, or not this system.
    Column(Field),
}

/// Why a file could not be imported; every variant names the file.
#[derive(Debug)]
pub enum ImportError {
    Io {
        file: String,
        source: std::io::Error,
    },
    Workbook {
        file: String,
        format: &'static str,
        message: String,
    },
    TooLarge {
        file: String,
        detail: String,
    },
    Layout {
        file: String,
        message: String,
    },
    /// A FIFO, socket, device or directory: refused before it is read.
    NotAFile {
        file: String,
        kind: NotAFile,
    },
    /// `--remove-source` found another file under the name than the one read.
    SourceChanged {
        file: String,
    },
    Value {
        file: String,
        row: u64,
        col: usize,
        header: String,
        expected: Expect,
        found: String,
        /// Boxed: the hint is rare and the error travels in every row's result.
        hint: Box<Hint>,
    },
    /// A text row with fewer fields than its header; `cut` when the file ends in it.
    ShortRow {
        file: String,
        row: u64,
        found: usize,
        expected: usize,
        cut: bool,
    },
    /// A text row with values beyond its header's last column.
    WideRow {
        file: String,
        row: u64,
        found: usize,
        expected: usize,
    },
    /// The file ends inside a quoted field opened on `row`.
    UnclosedQuote {
        file: String,
        row: u64,
    },
    /// No header row any profile can use.
    NoHeader {
        file: String,
        searched: usize,
        closest: Option<Closest>,
    },
    /// The best reading is weak, or another system reads the file as well.
    Unrecognised {
        file: String,
        refusal: Refusal,
    },
    /// The dates read either day or month first and none of them settles which.
    AmbiguousDates {
        file: String,
        row: u64,
        text: String,
    },
    /// One date is only day first, another only month first.
    ConflictingDates {
        file: String,
        day_first: (u64, String),
        month_first: (u64, String),
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn order_words(order: DateOrder, lang: Lang) -> &'static str {
    match order {
        DateOrder::Dmy => Text::DayFirst,
        DateOrder::Mdy => Text::MonthFirst,
        DateOrder::Ymd => Text::YearFirst,
    }
    .text(lang)
}

/// What a candidate reading matched, for refusals: its columns and its evidence.
pub fn candidate_summary(c: &Candidate, lang: Lang) -> String {
    let mapped: Vec<String> = c
        .header
        .columns
        .iter()
        .map(|m| mapping(&m.header, m.field, m.by, lang))
        .collect();
    let mut text = fill(
        Text::CandidateColumns.text(lang),
        &[&c.header.columns.len(), &mapped.join(", ")],
    );
    text.push_str(&evidence_summary(&c.evidence, lang));
    let e = &c.evidence;
    if e.cards.of > 0 {
        text.push_str(&fill(
            Text::CandidateCards.text(lang),
            &[&e.cards.hit, &e.cards.of],
        ));
    }
    text
}

/// What the values said for a reading: event texts in the system's wording and
/// known event codes (`; 5 of 5 event texts in its wording`), or nothing.
pub fn evidence_summary(e: &super::recognise::Evidence, lang: Lang) -> String {
    let mut text = String::new();
    if e.events.of > 0 {
        text.push_str(&fill(
            Text::CandidateEvents.text(lang),
            &[&e.events.hit, &e.events.of],
        ));
    }
    if e.codes.of > 0 {
        text.push_str(&fill(
            Text::CandidateCodes.text(lang),
            &[&e.codes.hit, &e.codes.of],
        ));
    }
    text
}

/// `header→field`, saying when the column was mapped by its name in general or
/// by its values rather than by the system's profile.
pub fn mapping(header: &str, field: Field, by: By, lang: Lang) -> String {
    let header = crate::text::clean(header);
    let field = field.name();
    match by {
        By::Profile | By::Hand => format!("{header}→{field}"),
        By::Lexicon => format!("{header}→{field} ({})", Text::ByName.text(lang)),
        By::Values => format!("{header}→{field} ({})", Text::ByValues.text(lang)),
    }
}

impl ImportError {
    /// Whether the error is about one row, so `--skip-bad` may leave the row out.
    pub fn is_row(&self) -> bool {
        matches!(
            self,
            ImportError::Value { .. } | ImportError::ShortRow { .. } | ImportError::WideRow { .. }
        )
    }

    /// The row an error is about, when it is about one.
    pub fn row(&self) -> Option<u64> {
        match self {
            ImportError::Value { row, .. }
            | ImportError::ShortRow { row, .. }
            | ImportError::WideRow { row, .. }
            | ImportError::UnclosedQuote { row, .. } => Some(*row),
            _ => None,
        }
    }

    /// The error as a `--skip-bad` reject line: what is wrong with the row,
    /// without what it would mean for the file.
    pub fn reject_message(&self, lang: Lang) -> String {
        match self {
            ImportError::ShortRow {
                file,
                row,
                found,
                expected,
                cut: false,
            } => fill(
                Text::ShortRowReject.text(lang),
                &[file, row, found, expected],
            ),
            ImportError::ShortRow {
                file,
                row,
                found,
                expected,
                cut: true,
            } => fill(Text::CutRowReject.text(lang), &[file, row, found, expected]),
            ImportError::WideRow {
                file,
                row,
                found,
                expected,
            } => fill(
                Text::WideRowReject.text(lang),
                &[file, row, found, expected],
            ),
            other => other.message(lang),
        }
    }

    /// The error as one sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Io { file, source } => format!("{file}: {source}"),
            ImportError::Workbook {
                file,
                format,
                message,
            } => fill(Text::Workbook.text(lang), &[file, format, message]),
            ImportError::TooLarge { file, detail } => format!("{file}: {detail}"),
            ImportError::Layout { file, message } => format!("{file}: {message}"),
            ImportError::NotAFile { file, kind } => {
                fill(Text::NotAFile.text(lang), &[file, &kind.name(lang)])
            }
            ImportError::SourceChanged { file } => fill(Text::SourceChanged.text(lang), &[file]),
            ImportError::Value {
                file,
                row,
                col,
                header,
                expected,
                found,
                hint,
            } => {
                let mut text = fill(
                    Text::Value.text(lang),
                    &[file, row, col, &expected.text(lang), header, found],
                );
                text.push_str(&hint_text(hint, header, lang));
                text
            }
            ImportError::ShortRow {
                file,
                row,
                found,
                expected,
                cut,
            } => {
                let template = if *cut { Text::CutRow } else { Text::ShortRow };
                fill(template.text(lang), &[file, row, found, expected])
            }
            ImportError::WideRow {
                file,
                row,
                found,
                expected,
            } => fill(Text::WideRow.text(lang), &[file, row, found, expected]),
            ImportError::UnclosedQuote { file, row } => {
                fill(Text::UnclosedQuote.text(lang), &[file, row])
            }
            ImportError::NoHeader {
                file,
                searched,
                closest,
            } => {
                let closest = match closest {
                    Some(c) if c.matched > 0 => fill(
                        Text::Closest.text(lang),
                        &[&c.profile, &c.matched, &c.missing.join(", ")],
                    ),
                    _ => String::new(),
                };
                fill(Text::NoHeader.text(lang), &[file, searched, &closest])
            }
            ImportError::Unrecognised { file, refusal } => match refusal {
                Refusal::Weak(best) => fill(
                    Text::Weak.text(lang),
                    &[
                        file,
                        &best.name(),
                        &candidate_summary(best, lang),
                        &best.name(),
                        &best.map_args(),
                    ],
                ),
                Refusal::Close(a, b) => fill(
                    Text::Close.text(lang),
                    &[
                        file,
                        &a.name(),
                        &candidate_summary(a, lang),
                        &b.name(),
                        &candidate_summary(b, lang),
                        &a.name(),
                        &b.name(),
                        &a.map_args(),
                    ],
                ),
            },
            ImportError::AmbiguousDates { file, row, text } => {
                fill(Text::AmbiguousDates.text(lang), &[file, row, text])
            }
            ImportError::ConflictingDates {
                file,
                day_first,
                month_first,
            } => fill(
                Text::ConflictingDates.text(lang),
                &[
                    file,
                    &day_first.0,
                    &day_first.1,
                    &month_first.0,
                    &month_first.1,
                ],
            ),
        }
    }
}

fn hint_text(hint: &Hint, header: &str, lang: Lang) -> String {
    match hint {
        Hint::None => String::new(),
        Hint::OtherOrder { order, other, why } => {
            let why = match why {
                Why::DayAbove12 { row, text } | Why::MonthAbove12 { row, text } => {
                    fill(Text::HintOrderShownBy.text(lang), &[row, text])
                }
                Why::Given => Text::HintOrderGiven.text(lang).to_owned(),
                Why::Dotted | Why::NotNeeded => String::new(),
            };
            fill(
                Text::HintOtherOrder.text(lang),
                &[
                    &order_words(*order, lang),
                    &why,
                    &order_words(*other, lang),
                    &other.as_str(),
                ],
            )
        }
        Hint::Ambiguous => Text::HintAmbiguous.text(lang).to_owned(),
        Hint::Column(field) => fill(
            Text::HintColumn.text(lang),
            &[&crate::text::clean(header), &field.name()],
        ),
    }
}
