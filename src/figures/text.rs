//! Text helpers for figures: width estimates (CJK-aware), fitting, XML escaping, number labels.
//!
//! plotters' SVG backend has no font metrics without its `ttf` feature: its naive
//! estimate is `0.7 em × text.len()` in *bytes* with `em = size / 1.24²`, so a Hangul
//! syllable (3 UTF-8 bytes) counts as about 2.1 em while it renders at about 1 em, and
//! the real SVG `font-size` is `size / 1.24`. We therefore never rely on plotters for
//! text layout: sizes are given in SVG pixels via [`font_px`] and widths come from
//! [`text_width`] (wide East-Asian characters ≈ 1 em, Latin ≈ 0.55 em).

/// Estimated rendered width in pixels of `text` at SVG font-size `px`.
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * px
}

/// Estimated advance of one character in em.
fn char_em(c: char) -> f64 {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x2E80..=0x303F    // CJK radicals, symbols and punctuation
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA960..=0xA97F    // Hangul Jamo extended A
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF00..=0xFF60    // full-width forms
        | 0xFFE0..=0xFFE6);
    if wide {
        1.0
    } else if c == ' ' || "il.,:;|!'()[]jtf".contains(c) {
        0.33
    } else if c.is_ascii_uppercase() || "mwMW×—".contains(c) {
        0.72
    } else {
        0.56
    }
}

/// Largest font size in `[min_px, px]` at which `text` fits in `max_width`; below
/// `min_px` the text is shortened with an ellipsis. Returns the text and size.
pub(crate) fn fit_text(text: &str, max_width: f64, px: f64, min_px: f64) -> (String, f64) {
    let w = text_width(text, px);
    if w <= max_width || w <= 0.0 {
        return (text.to_string(), px);
    }
    let scaled = px * max_width / w;
    if scaled >= min_px {
        // Round down to a quarter pixel so the output stays tidy and deterministic.
        return (text.to_string(), (scaled * 4.0).floor() / 4.0);
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, min_px) + text_width(&format!("{c}…"), min_px) > max_width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    (out, min_px)
}

/// Escapes the five XML special characters.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// `n` written with Unicode superscript digits and minus: `-3` → `⁻³`.
pub(crate) fn superscript(n: i64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for d in n.unsigned_abs().to_string().bytes() {
        out.push(DIGITS[usize::from(d - b'0')]);
    }
    out
}

/// Drops trailing zeros (and a trailing point) of a fixed-point number string.
pub(crate) fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// A compact label for `v` with `sig` significant digits: fixed notation for
/// 1e-3 ≤ |v| < 1e5, otherwise `m×10ⁿ` (or `10ⁿ` when the mantissa is 1).
pub(crate) fn fmt_num(v: f64, sig: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN"
        } else if v > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let sig = sig.clamp(1, 15);
    let rounded = format!("{:.*e}", sig - 1, v);
    let (mantissa, exp) = rounded.split_once('e').unwrap_or((&rounded, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    if (-3..5).contains(&exp) {
        let decimals = (sig as i64 - 1 - exp).max(0) as usize;
        trim_zeros(&format!("{v:.decimals$}"))
    } else {
        let m = trim_zeros(mantissa);
        match m.as_str() {
            "1" => format!("10{}", superscript(exp)),
            "-1" => format!("-10{}", superscript(exp)),
            _ => format!("{m}×10{}", superscript(exp)),
        }
    }
}
