//! Deciding how a file writes its dates from the file's own values: day or month
//! first is settled by a day above 12, never guessed; `--date-order` overrides.

use super::values::{DateOrder, DateShape, date_shape};

/// How the order of a file's dates was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `--date-order` said so.
    Given,
    /// A date whose first number is above 12 (row and text).
    DayAbove12 { row: u64, text: String },
    /// A date whose second number is above 12.
    MonthAbove12 { row: u64, text: String },
    /// Only dotted dates (`3.11.2026`), which are day first wherever they are written.
    Dotted,
    /// Every date starts with its year, or is a date cell: no order needed.
    NotNeeded,
}

/// The dates of a file: how those that do not start with the year are read,
/// and why. `None` until a value settles it: an ambiguous one then stops the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dates {
    pub order: Option<DateOrder>,
    pub why: Why,
}

impl Default for Dates {
    fn default() -> Self {
        Dates {
            order: None,
            why: Why::NotNeeded,
        }
    }
}

impl Dates {
    pub fn given(order: DateOrder) -> Dates {
        Dates {
            order: Some(order),
            why: Why::Given,
        }
    }

    /// The order and why, in the user's language, for summaries and previews.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{fill, import::Text};
        let order = self.order.map_or("–", DateOrder::as_str);
        let why = match &self.why {
            Why::Given => Text::DatesGiven.text(lang).to_owned(),
            Why::DayAbove12 { row, text } => fill(Text::DatesDayAbove12.text(lang), &[row, text]),
            Why::MonthAbove12 { row, text } => {
                fill(Text::DatesMonthAbove12.text(lang), &[row, text])
            }
            Why::Dotted => Text::DatesDotted.text(lang).to_owned(),
            Why::NotNeeded => Text::DatesNotNeeded.text(lang).to_owned(),
        };
        format!("{order} ({why})")
    }
}

/// What the dates seen so far say.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    day_first: Option<(u64, String)>,
    month_first: Option<(u64, String)>,
    /// The first date that either order reads, and whether any is not dotted.
    ambiguous: Option<(u64, String)>,
    ambiguous_undotted: bool,
}

/// What the evidence decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Settled(Dates),
    /// Two dates that only opposite orders read.
    Conflict {
        day_first: (u64, String),
        month_first: (u64, String),
    },
    /// Dates that either order reads, and none that settles it.
    Ambiguous {
        row: u64,
        text: String,
    },
}

impl Evidence {
    /// Notes the date text of one cell of row `row`.
    pub fn add(&mut self, row: u64, text: &str) {
        let keep = |slot: &mut Option<(u64, String)>| {
            if slot.is_none() {
                *slot = Some((row, text.trim().to_owned()));
            }
        };
        match date_shape(text) {
            Some(DateShape::DayFirst) => keep(&mut self.day_first),
            Some(DateShape::MonthFirst) => keep(&mut self.month_first),
            Some(DateShape::Ambiguous { sep }) => {
                keep(&mut self.ambiguous);
                self.ambiguous_undotted |= sep != b'.';
            }
            Some(DateShape::YearFirst | DateShape::Either) | None => {}
        }
    }

    /// Whether a value has settled the order (or shown it cannot be settled).
    pub fn settled(&self) -> bool {
        self.day_first.is_some() || self.month_first.is_some()
    }

    /// Whether there are dates that need an order no value has given yet.
    pub fn needs_more(&self) -> bool {
        !self.settled() && self.ambiguous_undotted
    }

    pub fn decide(&self) -> Decision {
        match (&self.day_first, &self.month_first) {
            (Some(d), Some(m)) => Decision::Conflict {
                day_first: d.clone(),
                month_first: m.clone(),
            },
            (Some((row, text)), None) => Decision::Settled(Dates {
                order: Some(DateOrder::Dmy),
                why: Why::DayAbove12 {
                    row: *row,
                    text: text.clone(),
                },
            }),
            (None, Some((row, text))) => Decision::Settled(Dates {
                order: Some(DateOrder::Mdy),
                why: Why::MonthAbove12 {
                    row: *row,
                    text: text.clone(),
                },
            }),
            (None, None) => match &self.ambiguous {
                Some((row, text)) if self.ambiguous_undotted => Decision::Ambiguous {
                    row: *row,
                    text: text.clone(),
                },
                Some(_) => Decision::Settled(Dates {
                    order: Some(DateOrder::Dmy),
                    why: Why::Dotted,
                }),
                None => Decision::Settled(Dates::default()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(values: &[&str]) -> Decision {
        let mut e = Evidence::default();
        for (i, v) in values.iter().enumerate() {
            e.add(i as u64 + 2, v);
        }
        e.decide()
    }

    #[test]
    fn a_day_above_12_settles_the_order() {
        let d = decide(&[
            "03/11/2026 2:05:09 PM",
            "04/11/2026 9:00 AM",
            "13/11/2026 1:00 PM",
        ]);
        assert_eq!(
            d,
            Decision::Settled(Dates {
                order: Some(DateOrder::Dmy),
                why: Why::DayAbove12 {
                    row: 4,
                    text: "13/11/2026 1:00 PM".into()
                }
            })
        );
        let d = decide(&["11/03/2026 2:05 PM", "11/13/2026 1:00 PM"]);
        assert!(matches!(
            d,
            Decision::Settled(Dates {
                order: Some(DateOrder::Mdy),
                ..
            })
        ));
    }

    #[test]
    fn opposite_evidence_is_a_conflict_and_no_evidence_is_ambiguous() {
        assert!(matches!(
            decide(&["13/11/2026", "11/13/2026"]),
            Decision::Conflict { .. }
        ));
        assert_eq!(
            decide(&["03/11/2026", "04/11/2026"]),
            Decision::Ambiguous {
                row: 2,
                text: "03/11/2026".into()
            }
        );
        // Dotted dates are day first; ISO dates and equal numbers need no order.
        assert!(matches!(
            decide(&["3.11.2026 07.52"]),
            Decision::Settled(Dates {
                why: Why::Dotted,
                ..
            })
        ));
        assert_eq!(
            decide(&["2026-11-03", "05/05/2026"]),
            Decision::Settled(Dates::default())
        );
    }
}
