//! Display-width wrapping and truncation: lines break at spaces, never inside a grapheme,
//! and no line is wider than asked, whatever mix of Vietnamese, ASCII, CJK or emoji it holds.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns a grapheme takes on screen. A control character counts 1, the width of the
/// placeholder it is drawn as.
pub fn grapheme_width(g: &str) -> usize {
    if g.chars().any(char::is_control) {
        1
    } else {
        g.width()
    }
}

/// Columns a string takes on screen.
pub fn width(s: &str) -> usize {
    // Most text is made of characters that are each a grapheme one column wide (ASCII,
    // Latin letters, precomposed Vietnamese, common punctuation): then there is no need
    // to segment it, which is most of the cost of measuring a million titles.
    if s.chars().all(one_column) {
        return s.chars().count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// True for a character that is a grapheme of its own, one column wide, whatever stands
/// beside it (no combining marks, joiners or wide characters).
fn one_column(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{c0}'..='\u{24f}' | '\u{1ea0}'..='\u{1ef9}' | '\u{2010}'..='\u{2027}')
}

/// True for a space a line may break at (not a no-break space).
fn is_break_space(g: &str) -> bool {
    g.chars()
        .all(|c| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' && c != '\u{2007}')
}

/// Wrap `text` into lines no wider than `width` columns. Each line is a byte range of
/// `text`; newlines end lines, spaces where a line breaks belong to no line, a word wider
/// than the line is cut between graphemes. An empty paragraph gives an empty line.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for para in text.split('\n') {
        wrap_paragraph(para, start, width, &mut out);
        start += para.len() + 1;
    }
    out
}

/// A run of graphemes that are all spaces or all non-spaces: bytes and columns.
struct Run {
    range: Range<usize>,
    cols: usize,
    space: bool,
}

fn runs(para: &str, base: usize) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, g) in para.grapheme_indices(true) {
        let space = is_break_space(g);
        let (s, e, w) = (base + i, base + i + g.len(), grapheme_width(g));
        match out.last_mut() {
            Some(r) if r.space == space => {
                r.range.end = e;
                r.cols += w;
            }
            _ => out.push(Run {
                range: s..e,
                cols: w,
                space,
            }),
        }
    }
    out
}

fn wrap_paragraph(para: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let first = out.len();
    // The line being filled: bytes and columns.
    let mut line: Option<(Range<usize>, usize)> = None;
    let mut gap = 0; // columns of the spaces since the line's last word
    for (n, run) in runs(para, base).into_iter().enumerate() {
        if run.space && n > 0 {
            gap = run.cols;
            continue;
        }
        // A word, or the indentation that starts the paragraph.
        if let Some((r, cols)) = &mut line {
            if *cols + gap + run.cols <= width {
                r.end = run.range.end;
                *cols += gap + run.cols;
                gap = 0;
                continue;
            }
            out.push(r.clone());
        }
        gap = 0;
        line = Some(place(para, base, run, width, out));
    }
    if let Some((r, _)) = line {
        out.push(r);
    }
    if out.len() == first {
        out.push(base..base);
    }
}

/// Start a fresh line with `run`, cutting it between graphemes when it is wider than the
/// line; full pieces go to `out`, the last one is returned to be continued.
fn place(
    para: &str,
    base: usize,
    run: Run,
    width: usize,
    out: &mut Vec<Range<usize>>,
) -> (Range<usize>, usize) {
    if run.cols <= width {
        return (run.range, run.cols);
    }
    let s = &para[run.range.start - base..run.range.end - base];
    let mut piece = run.range.start..run.range.start;
    let mut cols = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if cols + w > width && cols > 0 {
            out.push(piece.clone());
            piece = piece.end..piece.end;
            cols = 0;
        }
        piece.end = run.range.start + i + g.len();
        cols += w;
    }
    (piece, cols)
}

/// Cut `s` to at most `width` columns, ending with '…' when something was cut.
pub fn truncate(s: &str, width: usize) -> Cow<'_, str> {
    if self::width(s) <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut cols = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if cols + w > width - 1 {
            break;
        }
        out.push_str(g);
        cols += w;
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_width_agrees_with_graphemes() {
        let chars = (' '..='~')
            .chain('\u{c0}'..='\u{24f}')
            .chain('\u{1ea0}'..='\u{1ef9}')
            .chain('\u{2010}'..='\u{2027}');
        for c in chars {
            let s = format!("{c}a{c}");
            let slow: usize = s.graphemes(true).map(grapheme_width).sum();
            assert_eq!(width(&s), slow, "{c:?}");
        }
        // Anything else takes the long way: combining marks, wide and zero-width ones.
        for s in ["a\u{301}", "漢字", "e\u{200b}x", "👍🏽", "tab\there"] {
            let slow: usize = s.graphemes(true).map(grapheme_width).sum();
            assert_eq!(width(s), slow, "{s:?}");
        }
        assert_eq!(width("Học tập “Bác Hồ” – 2023…"), 24);
    }

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn breaks_at_spaces() {
        assert_eq!(
            lines("Kết quả năm 2009 có 3.150 tập thể", 12),
            ["Kết quả năm", "2009 có", "3.150 tập", "thể"]
        );
    }

    #[test]
    fn keeps_empty_paragraphs_and_indentation() {
        assert_eq!(lines("a\n\n  b c", 10), ["a", "", "  b c"]);
        assert_eq!(lines("", 10), [""]);
    }

    #[test]
    fn cuts_long_words_between_graphemes() {
        // "ế" written as e + two combining marks is one grapheme.
        let s = "e\u{302}\u{301}e\u{302}\u{301}e\u{302}\u{301}";
        assert_eq!(
            lines(s, 2),
            ["e\u{302}\u{301}e\u{302}\u{301}", "e\u{302}\u{301}"]
        );
    }

    #[test]
    fn wide_characters_do_not_overflow() {
        assert_eq!(lines("漢字漢字", 3), ["漢", "字", "漢", "字"]);
        assert_eq!(lines("ab 😀😀", 4), ["ab", "😀😀"]);
    }

    #[test]
    fn no_break_space_holds_words_together() {
        assert_eq!(lines("a\u{a0}b c", 3), ["a\u{a0}b", "c"]);
    }

    #[test]
    fn truncates_by_width() {
        assert_eq!(truncate("Kết quả", 10), "Kết quả");
        assert_eq!(truncate("Kết quả", 5), "Kết …");
        assert_eq!(truncate("漢字漢字", 4), "漢…");
        assert_eq!(truncate("abc", 0), "");
    }
}
