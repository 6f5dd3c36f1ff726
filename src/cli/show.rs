//! `vanban show DOC`: a document's article (or with `--page` the whole page) as clean
//! text, for reading in a pager.

use std::io::IsTerminal;
use std::ops::Range;
use std::path::Path;

use ratatui::style::Color;

use super::{load, print_out, printable, EXIT_ERROR, EXIT_USAGE};
use crate::config::Config;
use crate::corpus::Document;

pub fn run(path: &Path, whole_page: bool) -> i32 {
    if path.is_dir() {
        eprintln!(
            "vanban: show takes one file; {} is a folder",
            printable(&path.to_string_lossy())
        );
        return EXIT_USAGE;
    }
    let lib = match load(&[path.to_path_buf()]) {
        Ok(lib) => lib,
        Err(code) => return code,
    };
    let Some(doc) = lib.docs.first() else {
        return EXIT_ERROR; // `load` said why
    };
    let colors = use_color().then(|| {
        let (cfg, warnings) = Config::load(&crate::tui::keymap::BINDABLE);
        for w in warnings {
            eprintln!("vanban: {}", printable(&w));
        }
        Palette {
            title: cfg.colors.get("title"),
            award: cfg.colors.get("award"),
            mark: cfg.colors.get("mark"),
        }
    });
    let part = match whole_page {
        true => 0..doc.text().len(),
        false => doc.article(),
    };
    print_out(&render(doc, colors.as_ref(), part))
}

/// Colour only on a terminal, and never when NO_COLOR is set to anything non-empty.
fn use_color() -> bool {
    std::io::stdout().is_terminal()
        && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty())
}

/// The colours `show` paints with.
pub struct Palette {
    pub title: Color,
    pub award: Color,
    pub mark: Color,
}

/// The `part` of the text (byte offsets), with (given a palette) the title bold, award
/// statements coloured and removed control characters shown as dim placeholders.
/// Without a palette it is exactly that part of the clean text, ending in one newline.
/// Nothing from the document can form an escape.
pub fn render(doc: &Document, colors: Option<&Palette>, part: Range<usize>) -> String {
    let full = doc.text();
    let part = floor(full, part.start)..floor(full, part.end.max(part.start));
    // A part that stops before the end stops at its last line that is not blank.
    let end = match part.end < full.len() {
        true => part.start + full[part.clone()].trim_end().len(),
        false => part.end,
    };
    let text = &full[..end];
    let Some(p) = colors else {
        let mut s = printable(&text[part.start..]).into_owned();
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        return s;
    };
    // Byte ranges to paint, with their style, sorted and non-overlapping.
    let mut paint: Vec<(usize, usize, String)> = Vec::new();
    // The extracted title where it stands in the text, else the first line.
    let title = doc.facts.title.trim();
    let title_at = (!title.is_empty())
        .then(|| text[part.start..].find(title))
        .flatten()
        .map(|s| (part.start + s, part.start + s + title.len()))
        .or_else(|| {
            let start = part.start + text[part.start..].find(|c: char| !c.is_whitespace())?;
            Some((
                start,
                text[start..].find('\n').map_or(text.len(), |e| start + e),
            ))
        });
    if let Some((start, end)) = title_at {
        paint.push((start, end, format!("1;{}", sgr(p.title))));
    }
    let award = sgr(p.award);
    paint.extend(
        doc.facts
            .awards
            .iter()
            .map(|a| (a.span.start, a.span.end.min(text.len()), award.clone())),
    );
    // Sorted, clipped to the part and so no range overlaps the one before, on char
    // boundaries.
    paint.sort_by_key(|r| r.0);
    let mut last = part.start;
    paint.retain_mut(|r| {
        r.0 = r.0.max(last);
        r.1 = r.1.min(text.len());
        let ok = r.0 < r.1 && text.is_char_boundary(r.0) && text.is_char_boundary(r.1);
        if ok {
            last = r.1;
        }
        ok
    });
    let mut out = String::with_capacity(text.len() + 64);
    let mut marks = doc.marks().iter().filter(|m| m.at >= part.start).peekable();
    let mut at = part.start;
    let mut emit = |out: &mut String, from: usize, to: usize, style: Option<&str>| {
        // Interleave removal marks that fall in [from, to).
        let mut pos = from;
        while let Some(m) = marks.next_if(|m| m.at < to) {
            let m_at = m.at.max(pos);
            if text.is_char_boundary(m_at) {
                styled(out, &text[pos..m_at], style);
                let mut g = [0u8; 4];
                styled(
                    out,
                    m.glyph.encode_utf8(&mut g),
                    Some(&format!("2;{}", sgr(p.mark))),
                );
                pos = m_at;
            }
        }
        styled(out, &text[pos..to], style);
    };
    for (start, end, style) in &paint {
        emit(&mut out, at, *start, None);
        emit(&mut out, *start, *end, Some(style));
        at = *end;
    }
    emit(&mut out, at, text.len(), None);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The largest char boundary of `s` not after `at`.
fn floor(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `s` made printable, wrapped in an SGR style that is reset before each newline
/// (so a pager that shows one line at a time keeps the colours right).
fn styled(out: &mut String, s: &str, style: Option<&str>) {
    let s = printable(s);
    let Some(style) = style else {
        out.push_str(&s);
        return;
    };
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            out.push_str(&format!("\x1b[{style}m{line}\x1b[0m"));
        }
    }
}

/// SGR foreground parameters of a colour.
fn sgr(c: Color) -> String {
    let basic = |n: u8| n.to_string();
    match c {
        Color::Reset => basic(39),
        Color::Black => basic(30),
        Color::Red => basic(31),
        Color::Green => basic(32),
        Color::Yellow => basic(33),
        Color::Blue => basic(34),
        Color::Magenta => basic(35),
        Color::Cyan => basic(36),
        Color::Gray => basic(37),
        Color::DarkGray => basic(90),
        Color::LightRed => basic(91),
        Color::LightGreen => basic(92),
        Color::LightYellow => basic(93),
        Color::LightBlue => basic(94),
        Color::LightMagenta => basic(95),
        Color::LightCyan => basic(96),
        Color::White => basic(97),
        Color::Indexed(i) => format!("38;5;{i}"),
        Color::Rgb(r, g, b) => format!("38;2;{r};{g};{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Award, Span};

    fn palette() -> Palette {
        Palette {
            title: Color::Yellow,
            award: Color::LightGreen,
            mark: Color::DarkGray,
        }
    }

    fn doc(text: &str) -> Document {
        let mut d = Document::from_bytes(Path::new("d.txt"), "d.txt", text.as_bytes());
        d.facts.awards = Box::default();
        d
    }

    fn all(d: &Document) -> Range<usize> {
        0..d.text().len()
    }

    /// The visible text: SGR sequences (and only those) removed.
    fn visible(s: &str) -> String {
        regex::Regex::new("\x1b\\[[0-9;]*m")
            .unwrap()
            .replace_all(s, "")
            .into_owned()
    }

    #[test]
    fn plain_is_the_clean_text() {
        let d = doc("Tiêu đề\r\nCó \x1b[31m437 tập thể\x07 được khen");
        let out = render(&d, None, all(&d));
        assert_eq!(out, format!("{}\n", d.text()));
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn colour_bolds_title_and_paints_awards_without_changing_text() {
        let mut d = doc("\nTiêu đề bài\nCó 437 tập thể được khen.\n");
        let start = d.text().find("437").unwrap();
        d.facts.awards = Box::new([Award {
            collectives: Some(437),
            span: Span {
                start,
                end: start + "437 tập thể".len(),
            },
            ..Award::default()
        }]);
        d.facts.title = String::new();
        let out = render(&d, Some(&palette()), all(&d));
        // With no extracted title, the first line is taken.
        assert!(out.contains("\x1b[1;33mTiêu đề bài\x1b[0m"));
        assert!(out.contains("\x1b[92m437 tập thể\x1b[0m được"));
        assert_eq!(visible(&out), d.text());
        // The extracted title is found where it stands.
        d.facts.title = "đề bài".into();
        let out = render(&d, Some(&palette()), all(&d));
        assert!(out.contains("Tiêu \x1b[1;33mđề bài\x1b[0m"), "{out:?}");
        assert_eq!(visible(&out), d.text());
    }

    #[test]
    fn overlapping_and_broken_spans_are_clipped_not_panicking() {
        let mut d = doc("Tiêu\nBằng khen cho 5 tập thể");
        d.facts.title = "Tiêu".into();
        let b = d.text().find("Bằng").unwrap();
        let span = |start, end| Award {
            span: Span { start, end },
            ..Award::default()
        };
        // Overlapping, inside a multi-byte char, past the end, before the title ends.
        d.facts.awards = Box::new([
            span(b, b + 10),
            span(b + 4, b + 20),
            span(b + 1, 999),
            span(1, 3),
        ]);
        let out = render(&d, Some(&palette()), all(&d));
        assert_eq!(visible(&out), format!("{}\n", d.text()));
    }

    #[test]
    fn removed_controls_show_as_dim_placeholders() {
        let d = doc("Tiêu đề\nab\x1b[31mcd"); // a whole CSI is removed
        assert_eq!(d.marks().len(), 1);
        let out = render(&d, Some(&palette()), all(&d));
        let mark = format!("ab\x1b[2;90m{}\x1b[0mcd", d.marks()[0].glyph);
        assert!(out.contains(&mark), "{out:?}");
        // Only our own SGR sequences: removing them leaves no ESC at all.
        assert!(!visible(&out).contains('\x1b'));
    }

    #[test]
    fn styles_do_not_span_newlines() {
        let mut out = String::new();
        styled(&mut out, "a\nb", Some("1"));
        assert_eq!(out, "\x1b[1ma\x1b[0m\n\x1b[1mb\x1b[0m");
    }

    #[test]
    fn a_part_is_printed_alone_with_its_colours() {
        let text = "Báo Long An\nLong An: Khen thưởng 5 tập thể điển hình\nCó 5 tập thể được khen.\n\nPhản hồi\nTin khác\n";
        let d = Document::from_bytes(Path::new("d.txt"), "d.txt", text.as_bytes());
        let article = d.article();
        let out = render(&d, None, article.clone());
        assert_eq!(
            out,
            "Long An: Khen thưởng 5 tập thể điển hình\nCó 5 tập thể được khen.\n"
        );
        let coloured = render(&d, Some(&palette()), article);
        assert_eq!(visible(&coloured), out);
        assert!(coloured.starts_with("\x1b[1;33mLong An"), "{coloured:?}");
        // The whole page is the clean text as it is.
        assert_eq!(render(&d, None, all(&d)), text);
    }
}
