//! Deviation rules: each finding carries its own plain-language explanation, so
//! a reader of an extract sees why a row is marked, not only that it is. PMO rules are
//! small units with an id, a weight and a reason in Swedish and English; they rank rows
//! for review and never hide one.

pub mod holidays;
pub mod pmo;
pub mod ranking;
pub mod request;

use crate::i18n::Lang;

/// One rule as shown to a reviewer.
#[derive(Debug, PartialEq)]
pub struct Rule {
    pub id: &'static str,
    pub weight: f64,
    pub sv: &'static str,
    pub en: &'static str,
}

impl Rule {
    pub fn text(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

/// A rule that fired on a row, with what made it fire (`Alla helgons dag`, `32 elever`).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub rule: &'static Rule,
    /// What made it fire, in Swedish (names and times read the same in both languages).
    pub detail: String,
    /// The detail in English where its words differ.
    pub detail_en: Option<String>,
}

impl Hit {
    pub fn reason(&self, lang: Lang) -> String {
        let detail = match (lang, &self.detail_en) {
            (Lang::En, Some(en)) => en,
            _ => &self.detail,
        };
        if detail.is_empty() {
            self.rule.text(lang).to_owned()
        } else {
            format!("{} ({detail})", self.rule.text(lang))
        }
    }
}

/// The rules that fired on one row, and their summed weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    pub hits: Vec<Hit>,
}

impl Flags {
    pub fn score(&self) -> f64 {
        self.hits.iter().fold(0.0, |sum, h| sum + h.rule.weight)
    }

    pub fn ids(&self) -> Vec<&'static str> {
        self.hits.iter().map(|h| h.rule.id).collect()
    }

    pub fn reasons(&self, lang: Lang) -> Vec<String> {
        self.hits.iter().map(|h| h.reason(lang)).collect()
    }

    /// Flagged by a rule other than the random sample.
    pub fn flagged(&self) -> bool {
        self.hits.iter().any(|h| h.rule.id != pmo::RANDOM_SAMPLE.id)
    }

    pub fn has(&self, rule: &Rule) -> bool {
        self.hits.iter().any(|h| h.rule.id == rule.id)
    }

    fn add(&mut self, rule: &'static Rule, detail: impl Into<String>) {
        if !self.has(rule) {
            self.hits.push(Hit {
                rule,
                detail: detail.into(),
                detail_en: None,
            });
        }
    }

    /// Adds a hit whose detail reads differently in English.
    fn add2(&mut self, rule: &'static Rule, (sv, en): (String, String)) {
        if !self.has(rule) {
            self.hits.push(Hit {
                rule,
                detail: sv,
                detail_en: Some(en),
            });
        }
    }
}
