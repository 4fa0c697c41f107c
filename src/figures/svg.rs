//! Post-processing of plotters' SVG string: accessibility elements and fixed-precision numbers.

use super::text::escape_xml;

/// Inserts `<title>` and `<desc>` as the first children of the root `<svg>`, adds
/// `role="img"`, and rewrites `font-size` values with at most two decimals.
pub(crate) fn finalize(raw: &str, title: &str, desc: &str) -> String {
    let normalized = normalize_font_sizes(raw);
    let mut out = String::with_capacity(normalized.len() + title.len() + desc.len() + 64);
    // plotters always starts with `<svg width=.. height=.. viewBox=.. xmlns=..>\n`.
    let Some(root_end) = normalized.find('>') else {
        return normalized;
    };
    let open = &normalized[..root_end];
    out.push_str(open);
    if !open.contains(" role=") {
        out.push_str(" role=\"img\"");
    }
    out.push_str(">\n<title>");
    out.push_str(&escape_xml(title));
    out.push_str("</title>\n<desc>");
    out.push_str(&escape_xml(desc));
    out.push_str("</desc>");
    out.push_str(&normalized[root_end + 1..]);
    out
}

/// plotters prints `font-size` as `size / 1.24` with full float noise
/// (e.g. `12.000000000000002`); round to two decimals and trim zeros.
fn normalize_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(pos) = rest.find(KEY) {
        let value_start = pos + KEY.len();
        out.push_str(&rest[..value_start]);
        let tail = &rest[value_start..];
        let end = tail.find('"').unwrap_or(tail.len());
        let value = &tail[..end];
        match value.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                let s = format!("{v:.2}");
                out.push_str(s.trim_end_matches('0').trim_end_matches('.'));
            }
            _ => out.push_str(value),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_title_and_desc_first() {
        let raw = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = finalize(raw, "a < b & \"c\"", "전진 오일러");
        assert!(out.starts_with("<svg width=\"10\""));
        assert!(out.contains(" role=\"img\">\n<title>a &lt; b &amp; &quot;c&quot;</title>\n<desc>전진 오일러</desc>\n<rect/>"));
    }

    #[test]
    fn rounds_font_sizes() {
        let out = normalize_font_sizes(
            "<text font-size=\"12.000000000000002\" x=\"1\"/><text font-size=\"9.375\"/>",
        );
        assert_eq!(
            out,
            "<text font-size=\"12\" x=\"1\"/><text font-size=\"9.38\"/>"
        );
    }
}
