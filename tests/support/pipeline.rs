//! The whole pipeline on arbitrary bytes: decode → clean → extract → the reader, drawn on
//! a `TestBackend` after every action. Shared by the fuzz target (fuzz/) and the short
//! property test (tests/fuzz_pipeline.rs). Panics on any broken promise.

use std::path::Path;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use vanban::corpus::{Document, Library};
use vanban::tui::{update, view, Action, Effect, State, Theme};

/// Bytes at the start of an input that choose the terminal size and the actions; the
/// rest is the document.
pub const HEADER: usize = 3;

/// Run one input: `[width, height, n, n action bytes…, document…]`.
pub fn run(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(HEADER));
    let w = 1 + head.first().map_or(80, |&b| u16::from(b) % 200);
    let h = 1 + head.get(1).map_or(24, |&b| u16::from(b) % 60);
    let n = head
        .get(2)
        .map_or(0, |&b| usize::from(b % 64))
        .min(rest.len());
    let (script, doc) = rest.split_at(n);

    let document = Document::from_bytes(Path::new("fuzz.txt"), "fuzz.txt", doc);
    check_document(&document);
    // A second, plain document so list movement and filtering have something to do.
    let other = Document::from_bytes(
        Path::new("other.txt"),
        "other.txt",
        "Tiêu đề khác\n\nCó 3 tập thể, 4 cá nhân được khen thưởng.".as_bytes(),
    );
    let lib = Library::from_docs(vec![document, other]);
    let mut s = State::new(lib, Theme::default());
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    update(&mut s, Action::Resize(w, h));
    draw(&mut term, &s);
    // Open the document, page through it, then the scripted actions.
    for a in [
        Action::Activate,
        Action::PageDown,
        Action::Bottom,
        Action::Top,
    ] {
        update(&mut s, a);
        draw(&mut term, &s);
    }
    let mut bytes = script.iter().copied();
    while let Some(b) = bytes.next() {
        let a = action(b, &mut bytes);
        if let Action::Resize(w, h) = a {
            term = Terminal::new(TestBackend::new(w, h)).unwrap();
        }
        step(&mut term, &mut s, a);
    }
}

/// Apply an action and draw if it asks for it, as the terminal loop does.
fn step(term: &mut Terminal<TestBackend>, s: &mut State, a: Action) {
    let resized = matches!(a, Action::Resize(..));
    if update(s, a) != Effect::None || resized {
        draw(term, s);
    }
}

/// The action a script byte stands for; some take the next byte as an argument.
fn action(b: u8, next: &mut impl Iterator<Item = u8>) -> Action {
    use Action::*;
    const SIMPLE: [Action; 26] = [
        Down,
        Up,
        PageDown,
        PageUp,
        Top,
        Bottom,
        Activate,
        Back,
        NextPane,
        PrevPane,
        ToggleFacts,
        NextMatch,
        PrevMatch,
        Awards,
        Sort,
        Reverse,
        Bookmark,
        Bookmarks,
        Delete,
        Copy,
        Warnings,
        Help,
        StartFilter,
        Backspace,
        FullText,
        Furniture,
    ];
    let arg = next.next().unwrap_or(0);
    match b % 30 {
        26 => {
            const LETTERS: [char; 8] = ['a', 'ă', 'đ', 'ệ', ' ', '1', '"', '/'];
            Type(if arg < 0x80 && !arg.is_ascii_control() {
                char::from(arg)
            } else {
                LETTERS[usize::from(arg % 8)]
            })
        }
        27 => Resize(1 + u16::from(arg % 200), 1 + u16::from(arg / 4 % 60)),
        28 => Click(u16::from(arg % 200), u16::from(arg / 4 % 60)),
        29 => Wheel {
            x: u16::from(arg % 200),
            y: u16::from(arg / 4 % 60),
            down: arg.is_multiple_of(2),
        },
        i => SIMPLE[usize::from(i)],
    }
}

fn draw(term: &mut Terminal<TestBackend>, s: &State) {
    term.draw(|f| view::draw(f, s)).unwrap();
    for c in &term.backend().buffer().content {
        let sym = c.symbol();
        assert!(!sym.chars().any(unsafe_char), "a cell holds {sym:?}");
    }
}

/// A character that may not reach a terminal (an independent list, not vanban's).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The clean text has no unsafe character but LF; every mark and span is inside it, on
/// char boundaries.
fn check_document(d: &Document) {
    let t = d.text();
    if let Some(c) = t.chars().find(|&c| c != '\n' && unsafe_char(c)) {
        panic!("clean text holds U+{:04X}", c as u32);
    }
    let inside = |at: usize| at <= t.len() && t.is_char_boundary(at);
    for m in d.marks() {
        assert!(inside(m.at), "mark at {} of {}", m.at, t.len());
    }
    let spans = d.facts.awards.iter().map(|a| a.span);
    for sp in spans.chain(d.facts.figures.iter().map(|f| f.span)) {
        assert!(
            sp.start <= sp.end && inside(sp.start) && inside(sp.end),
            "span {}..{} of {}",
            sp.start,
            sp.end,
            t.len()
        );
    }
}
