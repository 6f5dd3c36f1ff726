//! `vanban show DOC`: a document's clean text, for reading in a pager.

use std::io::IsTerminal;
use std::path::Path;

use ratatui::style::Color;

use super::{load, print_out, printable, EXIT_ERROR, EXIT_USAGE};
use crate::config::Config;
use crate::corpus::Document;

pub fn run(path: &Path) -> i32 {
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
        let (cfg, warnings) = Config::load();
        for w in warnings {
            eprintln!("vanban: {}", printable(&w));
        }
        Palette {
            title: cfg.colors.get("title"),
            award: cfg.colors.get("award"),
            mark: cfg.colors.get("mark"),
        }
    });
    print_out(&render(doc, colors.as_ref()))
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

/// The text, with (given a palette) the title bold, award statements coloured
/// and removed control characters shown as dim placeholders. Without a palette
/// it is exactly the clean text. Nothing from the document can form an escape.
pub fn render(doc: &Document, colors: Option<&Palette>) -> String {
    let text = doc.text();
    let Some(p) = colors else {
        let mut s = printable(text).into_owned();
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        return s;
    };
    // Byte ranges to paint, with their style, sorted and non-overlapping.
    let mut paint: Vec<(usize, usize, String)> = Vec::new();
    if let Some(start) = text.find(|c: char| !c.is_whitespace()) {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        paint.push((start, end, format!("1;{}", sgr(p.title))));
    }
    let mut spans: Vec<_> = doc.facts.awards.iter().map(|a| a.span).collect();
    spans.sort_by_key(|s| s.start);
    for s in spans {
        let start = s.start.max(paint.last().map_or(0, |l| l.1));
        let end = s.end.min(text.len());
        if start < end && text.is_char_boundary(start) && text.is_char_boundary(end) {
            paint.push((start, end, sgr(p.award)));
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut marks = doc.marks.iter().peekable();
    let mut at = 0;
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
        Document::from_bytes(Path::new("d.txt"), "d.txt", text.as_bytes())
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
        let out = render(&d, None);
        assert_eq!(out, format!("{}\n", d.text()));
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn colour_bolds_title_and_paints_awards_without_changing_text() {
        let mut d = doc("\nTiêu đề bài\nCó 437 tập thể được khen.\n");
        let start = d.text().find("437").unwrap();
        d.facts.awards = vec![Award {
            collectives: Some(437),
            span: Span {
                start,
                end: start + "437 tập thể".len(),
            },
            ..Award::default()
        }];
        let out = render(&d, Some(&palette()));
        assert!(out.contains("\x1b[1;33mTiêu đề bài\x1b[0m"));
        assert!(out.contains("\x1b[92m437 tập thể\x1b[0m được"));
        assert_eq!(visible(&out), d.text());
    }

    #[test]
    fn removed_controls_show_as_dim_placeholders() {
        let d = doc("Tiêu đề\nab\x1bcd");
        assert_eq!(d.marks.len(), 1);
        let out = render(&d, Some(&palette()));
        let mark = format!("ab\x1b[2;90m{}\x1b[0mcd", d.marks[0].glyph);
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
}
