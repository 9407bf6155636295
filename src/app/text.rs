//! Text by display width: Chinese characters take two columns, so truncation and padding count
//! columns, and highlights split a string at char indices converted to byte offsets. Cut text
//! ends with `..` rather than `…`, whose width is ambiguous (two columns in some CJK terminals).

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    s.width()
}

/// What ends a cut text.
const CUT: &str = "..";

/// Cuts `s` to at most `max` columns, ending with `..` when anything was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max < CUT.len() {
        return ".".repeat(max);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - CUT.len() {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(CUT);
    out
}

/// Spans of `text` with the chars at `indices` (char indices, ascending) in `hl`, cut to `max`
/// columns with an ellipsis.
pub fn highlighted(
    text: &str,
    indices: &[usize],
    base: Style,
    hl: Style,
    max: usize,
) -> Vec<Span<'static>> {
    let ellipsis = text.width() > max;
    let cut = truncate(text, max);
    let body: &str = if ellipsis {
        cut.strip_suffix(CUT).unwrap_or(&cut)
    } else {
        &cut
    };
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut want = indices.iter().peekable();
    for (i, c) in body.chars().enumerate() {
        while want.peek().is_some_and(|&&w| w < i) {
            want.next();
        }
        let is_hl = want.peek() == Some(&&i);
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { base },
            ));
        }
        run_hl = is_hl;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    if ellipsis {
        spans.push(Span::styled(CUT, base));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_columns_not_chars() {
        assert_eq!(truncate("研究人才庫", 10), "研究人才庫");
        assert_eq!(truncate("研究人才庫", 9), "研究人..");
        assert_eq!(truncate("研究人才庫", 4), "研..");
        assert_eq!(truncate("研究人才庫", 5), "研..");
        assert_eq!(truncate("Research Talent Hub", 8), "Resear..");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), ".");
    }

    #[test]
    fn highlights_split_at_char_indices() {
        let spans = highlighted("研究人才庫", &[2, 3], Style::new(), Style::new().bold(), 20);
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["研究", "人才", "庫"]);
        let spans = highlighted(
            "Research Talent Hub",
            &[0, 9, 16],
            Style::new(),
            Style::new().bold(),
            12,
        );
        let texts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["R", "esearch ", "T", ".."]);
    }
}
