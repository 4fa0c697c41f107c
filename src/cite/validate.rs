//! Checks for fields that hayagriva accepts but silently mis-reads or drops.
//!
//! hayagriva 0.10 reads `year = {20x2}` as the year 20, clamps
//! `month = {13}` to December, and drops an unparsable `date` or `url`
//! without a word. These checks turn each of those into a [`BibError`] that
//! names the entry and points at the field value.

use hayagriva::Library;

use super::scan::{EntrySpan, FieldSpan};
use super::BibError;

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept",
];

/// Checks every entry of the source against what hayagriva made of it.
pub(crate) fn check(src: &str, entries: &[EntrySpan], library: &Library) -> Result<(), BibError> {
    for span in entries {
        let Some(key) = span.key.as_deref() else {
            continue;
        };
        let Some(entry) = library.get(key) else {
            continue;
        };
        for field in &span.fields {
            let value = plain_value(&src[field.value.clone()]);
            let problem = match field.name.as_str() {
                "year" if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(format!("year must be a number, found `{value}`"))
                }
                "month" if !valid_month(&value) => Some(format!(
                    "month must be 1-12 or an English month name, found `{value}`"
                )),
                "date" if entry.date_any().is_none() => Some(format!(
                    "cannot read date `{value}` (expected YYYY, YYYY-MM or YYYY-MM-DD, or a \
                     range A/B)"
                )),
                "url" if entry.url_any().is_none() => {
                    Some(format!("`{value}` is not an absolute URL"))
                }
                _ => None,
            };
            if let Some(message) = problem {
                return Err(field_error(src, key, field, message));
            }
            if let Some((at, message)) = bare_accent(&src[field.value.clone()]) {
                let mut err = field_error(src, key, field, message);
                if let BibError::Field {
                    offset,
                    line,
                    column,
                    ..
                } = &mut err
                {
                    *offset = field.value.start + at;
                    (*line, *column) = super::scan::line_col(src, *offset);
                }
                return Err(err);
            }
        }
    }
    Ok(())
}

pub(crate) fn field_error(src: &str, key: &str, field: &FieldSpan, message: String) -> BibError {
    let offset = field.value.start;
    let (line, column) = super::scan::line_col(src, offset);
    BibError::Field {
        key: key.to_owned(),
        field: field.name.clone(),
        offset,
        line,
        column,
        message,
    }
}

/// An accent command with nothing to put the accent on (`{\'}`), which
/// biblatex turns into a stray brace and a combining mark.
fn bare_accent(value: &str) -> Option<(usize, String)> {
    let b = value.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            let accent = b[i + 1];
            if b"'`^\"~=.".contains(&accent) {
                let mut j = i + 2;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                if j >= b.len() || matches!(b[j], b'}' | b'"' | b',') {
                    let cmd = &value[i..i + 2];
                    return Some((i, format!("accent `{cmd}` has no letter to go on")));
                }
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    None
}

/// The value without outer delimiters or inner grouping braces, trimmed.
fn plain_value(raw: &str) -> String {
    let raw = raw.trim();
    let inner = raw
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')))
        .unwrap_or(raw);
    inner.replace(['{', '}'], "").trim().to_owned()
}

fn valid_month(value: &str) -> bool {
    match value.parse::<u32>() {
        Ok(n) => (1..=12).contains(&n),
        Err(_) => MONTHS.contains(&value.trim_end_matches('.').to_ascii_lowercase().as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_months() {
        assert_eq!(plain_value(" {{2021}} "), "2021");
        assert_eq!(plain_value("\"May\""), "May");
        assert_eq!(plain_value("jan"), "jan");
        assert!(valid_month("12") && valid_month("Sept.") && valid_month("jan"));
        assert!(!valid_month("13") && !valid_month("0") && !valid_month("Jamuary"));
        assert_eq!(bare_accent(r"{Cl{\'e}ment}"), None);
        assert_eq!(bare_accent(r#"{Cl\'{e}ment and \"o}"#), None);
        assert_eq!(bare_accent(r"{Cl{\'}ment}").map(|(i, _)| i), Some(4));
        // `\^{}` is TeX's way to write a lone circumflex.
        assert_eq!(bare_accent(r"{a \^{}}"), None);
    }
}
