//! People's names as exports write them: `Efternamn, Förnamn` or `Förnamn Efternamn`.

use crate::text::fold;

/// A person's name, shown as `Förnamn Efternamn`, with an order-free key so that
/// `Lindqvist, Åsa` and `Åsa Lindqvist` are the same person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    // Shared: one name is cloned onto every row of that person in an import.
    display: std::sync::Arc<str>,
    key: std::sync::Arc<str>,
}

impl PersonName {
    /// Reads a name; `None` for an empty one. A comma means `Efternamn, Förnamn`.
    pub fn parse(raw: &str) -> Option<PersonName> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let display = match raw.split_once(',') {
            Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() => {
                format!("{} {}", first.trim(), last.trim())
            }
            _ => raw.trim_matches(',').trim().to_owned(),
        };
        let display = display.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = Self::key_of(&display);
        Some(PersonName {
            display: display.into(),
            key: key.into(),
        })
    }

    /// Builds a name from separate first- and last-name columns.
    pub fn from_parts(first: &str, last: &str) -> Option<PersonName> {
        PersonName::parse(&format!("{} {}", first.trim(), last.trim()))
    }

    /// The order-free matching key: folded name tokens, sorted.
    pub fn key_of(name: &str) -> String {
        let folded = fold(name);
        let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        tokens.sort_unstable();
        tokens.join(" ")
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// True when every token of `query` occurs in the folded `name`, in any order:
/// `lindq åsa`, `Lindqvist, Åsa` and `asa` all match `Åsa Lindqvist`.
pub fn name_matches(query_folded_tokens: &[String], name: &str) -> bool {
    folded_matches(query_folded_tokens, &fold(name))
}

/// [`name_matches`] on a name already folded, such as a stored [`PersonName::key`]:
/// the person search folds the query once, not every stored name.
pub fn folded_matches(query_folded_tokens: &[String], folded: &str) -> bool {
    if query_folded_tokens.is_empty() {
        return false;
    }
    let tokens: Vec<&str> = folded.split(' ').collect();
    query_folded_tokens
        .iter()
        .all(|q| tokens.iter().any(|t| t.contains(q.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> Vec<String> {
        fold(s)
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn both_name_orders_are_one_person() {
        let a = PersonName::parse("Lindqvist, Åsa").unwrap();
        let b = PersonName::parse("Åsa Lindqvist").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.display(), "Åsa Lindqvist");
    }

    #[test]
    fn matching_ignores_order_case_and_diacritics() {
        assert!(name_matches(&q("Lindqvist, Åsa"), "Åsa Lindqvist"));
        assert!(name_matches(&q("asa lindq"), "Åsa Lindqvist"));
        assert!(!name_matches(&q("Per"), "Åsa Lindqvist"));
        assert!(!name_matches(&q(""), "Åsa Lindqvist"));
    }

    proptest! {
        #[test]
        fn comma_form_equals_plain_form(first in "[A-Za-zÅÄÖåäö]{1,12}", last in "[A-Za-zÅÄÖåäö]{1,12}") {
            let a = PersonName::parse(&format!("{last}, {first}")).unwrap();
            let b = PersonName::parse(&format!("{first} {last}")).unwrap();
            prop_assert_eq!(a.key(), b.key());
            let query = q(&format!("{last}, {first}"));
            prop_assert!(name_matches(&query, b.display()));
        }
    }
}
