//! File paths typed into a prompt as a shell would take them: several at once,
//! quoted (`'…'`, `"…"`) or escaped (`\ `) when they hold spaces, `~` for home,
//! and Tab completing the last one from the directory it names.

use std::path::{Path, PathBuf};

/// One word of the prompt: where it starts in the text and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    start: usize,
    value: String,
}

/// Why the prompt's text is not a list of paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathsError {
    /// A quote was opened and not closed.
    OpenQuote(char),
    Empty,
}

/// Splits the text into words; the last may be unfinished (an open quote).
fn words(text: &str) -> (Vec<Word>, Option<char>) {
    let mut out = Vec::new();
    let mut cur: Option<Word> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                let w = cur.get_or_insert(Word {
                    start: i,
                    value: String::new(),
                });
                if let Some((_, next)) = chars.next() {
                    w.value.push(next);
                }
            }
            (Some(_), c) => cur
                .get_or_insert(Word {
                    start: i,
                    value: String::new(),
                })
                .value
                .push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                cur.get_or_insert(Word {
                    start: i,
                    value: String::new(),
                });
            }
            (None, c) if c.is_whitespace() => {
                if let Some(w) = cur.take() {
                    out.push(w);
                }
            }
            (None, c) => cur
                .get_or_insert(Word {
                    start: i,
                    value: String::new(),
                })
                .value
                .push(c),
        }
    }
    out.extend(cur);
    (out, quote)
}

fn expand_home(p: &str) -> PathBuf {
    match (p.strip_prefix('~'), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(p),
    }
}

/// The paths the text names, `~` expanded.
pub fn parse(text: &str) -> Result<Vec<PathBuf>, PathsError> {
    let (words, open) = words(text);
    if let Some(q) = open {
        return Err(PathsError::OpenQuote(q));
    }
    if words.is_empty() {
        return Err(PathsError::Empty);
    }
    Ok(words.iter().map(|w| expand_home(&w.value)).collect())
}

/// A path written so that `parse` reads it back as one word.
fn quoted(p: &str) -> String {
    if p.chars()
        .any(|c| c.is_whitespace() || matches!(c, '\'' | '"' | '\\'))
    {
        format!("'{}'", p.replace('\'', "'\\''"))
    } else {
        p.to_owned()
    }
}

fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut n = first.chars().count();
    for other in &names[1..] {
        n = n.min(
            first
                .chars()
                .zip(other.chars())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.chars().take(n).collect()
}

/// Completes the last word from the files in its directory. Returns the new
/// text, and, when several files fit, their names to show.
pub fn complete(text: &str) -> (String, Option<String>) {
    let (words, open) = words(text);
    let ends_in_space = open.is_none() && text.ends_with(char::is_whitespace);
    let (start, typed) = match words.last() {
        Some(w) if !ends_in_space => (w.start, w.value.clone()),
        _ => (text.len(), String::new()),
    };
    // Split what was typed into its directory and the start of a name.
    let (dir_text, stem) = match typed.rfind('/') {
        Some(i) => (typed[..=i].to_owned(), typed[i + 1..].to_owned()),
        None => (String::new(), typed.clone()),
    };
    let dir = if dir_text.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(&dir_text)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (text.to_owned(), None);
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            // Hidden files only when asked for with a leading dot.
            if !name.starts_with(&stem) || (name.starts_with('.') && !stem.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink())
                    && Path::new(&dir).join(&name).is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let done = match names.as_slice() {
        [] => return (text.to_owned(), None),
        [one] => {
            // A whole file name ends the word; a directory goes on.
            let sep = if one.ends_with('/') { "" } else { " " };
            format!(
                "{}{}{sep}",
                &text[..start],
                quoted(&format!("{dir_text}{one}"))
            )
        }
        many => {
            let prefix = common_prefix(many);
            // Typed on after a closing quote, the word goes on (`'a b'c` is `a bc`).
            format!(
                "{}{}",
                &text[..start],
                quoted(&format!("{dir_text}{prefix}"))
            )
        }
    };
    let shown = (names.len() > 1).then(|| {
        let mut list: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
        if names.len() > 12 {
            list.push("…");
        }
        list.join("  ")
    });
    (done, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_paths_quoted_or_escaped() {
        assert_eq!(
            parse("a.csv 'b c.xlsx' \"d e.txt\" f\\ g.csv").unwrap(),
            ["a.csv", "b c.xlsx", "d e.txt", "f g.csv"].map(PathBuf::from)
        );
        assert_eq!(parse("'open"), Err(PathsError::OpenQuote('\'')));
        assert_eq!(parse("   "), Err(PathsError::Empty));
    }

    #[test]
    fn home_is_expanded_at_the_start_only() {
        let home = std::env::var("HOME").unwrap_or_default();
        if home.is_empty() {
            return;
        }
        assert_eq!(parse("~/x.csv").unwrap()[0], Path::new(&home).join("x.csv"));
        assert_eq!(parse("a~b").unwrap()[0], PathBuf::from("a~b"));
    }

    #[test]
    fn tab_completes_the_last_word_from_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        std::fs::write(dir.path().join("SSM passager.txt"), "").unwrap();
        std::fs::write(dir.path().join("salto_1.csv"), "").unwrap();
        std::fs::write(dir.path().join("salto_2.csv"), "").unwrap();
        std::fs::create_dir(dir.path().join("okt")).unwrap();
        let (text, note) = complete(&format!("{d}/SS"));
        assert_eq!(text, format!("'{d}/SSM passager.txt' "));
        assert!(note.is_none());
        assert_eq!(
            parse(&text).unwrap()[0],
            dir.path().join("SSM passager.txt")
        );
        let (text, note) = complete(&format!("a.csv {d}/sa"));
        assert_eq!(text, format!("a.csv {d}/salto_"));
        assert_eq!(note.as_deref(), Some("salto_1.csv  salto_2.csv"));
        let (text, _) = complete(&format!("{d}/o"));
        assert_eq!(text, format!("{d}/okt/"));
        let (same, _) = complete(&format!("{d}/nothing"));
        assert_eq!(same, format!("{d}/nothing"));
    }
}
