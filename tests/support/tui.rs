//! Helpers shared by the reader's tests: a library, a state at a size, keys, screens.

use std::path::Path;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use vanban::corpus::{Document, Library};
use vanban::extract::{Award, Facts, Span};
use vanban::tui::{key_action, update, view, Action, Effect, State, Theme};

use super::paths::sample_dir;

/// The sample documents as a library.
pub fn samples() -> Library {
    Library::load(&[sample_dir()])
}

/// The saved state kept in `dir`, as the reader's tests keep it.
pub fn store(dir: &Path) -> vanban::state::Store {
    vanban::state::Store::at(dir.join("state/state.json"))
}

/// A reader on the samples with its saved state in `dir`, as `vanban` starts one: the
/// state is attached before the terminal size is known.
pub fn start(dir: &Path, w: u16, h: u16) -> State {
    let mut s = State::new(samples(), Theme::default());
    s.attach(store(dir), &[sample_dir()]);
    update(&mut s, Action::Resize(w, h));
    s
}

/// Quit as the event loop does: `q`, then everything is saved.
pub fn quit(s: &mut State) {
    assert_eq!(press(s, KeyCode::Char('q')), Effect::Quit);
    s.persist().expect("saved");
}

/// A library of documents made from the given texts.
pub fn library(texts: &[&str]) -> Library {
    let docs = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = format!("doc{i}.txt");
            Document::from_bytes(Path::new(&name), &name, t.as_bytes())
        })
        .collect();
    Library {
        docs,
        ..Library::default()
    }
}

pub fn state(lib: Library, w: u16, h: u16) -> State {
    let mut s = State::new(lib, Theme::default());
    update(&mut s, Action::Resize(w, h));
    s
}

/// Press one key the way the terminal loop does: through the key table.
pub fn press(s: &mut State, code: KeyCode) -> Effect {
    press_mod(s, code, KeyModifiers::NONE)
}

pub fn press_mod(s: &mut State, code: KeyCode, m: KeyModifiers) -> Effect {
    match key_action(&s.keys, s.mode(), &KeyEvent::new(code, m)) {
        Some(a) => update(s, a),
        None => Effect::None,
    }
}

pub fn keys(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// Draw the state on a test terminal of its size.
pub fn draw(s: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(s.size.width, s.size.height)).unwrap();
    t.draw(|f| view::draw(f, s)).unwrap();
    t
}

/// The screen's rows as text (a wide character's second cell is skipped).
pub fn rows(b: &Buffer) -> Vec<String> {
    b.content
        .chunks(b.area.width as usize)
        .map(|cells| {
            let mut row = String::new();
            let mut skip = 0;
            for c in cells {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                row.push_str(c.symbol());
                skip = vanban::text::wrap::width(c.symbol()).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// The text inside a rectangle's border, rows trimmed and joined by spaces.
pub fn text_in(b: &Buffer, r: ratatui::layout::Rect) -> String {
    let mut out = Vec::new();
    for y in r.y + 1..r.bottom().saturating_sub(1) {
        let mut row = String::new();
        let mut skip = 0;
        for x in r.x + 1..r.right().saturating_sub(1) {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = b[(x, y)].symbol();
            row.push_str(sym);
            skip = vanban::text::wrap::width(sym).saturating_sub(1);
        }
        out.push(row.trim().to_string());
    }
    out.join(" ")
}

/// The screen position of the first cell of `needle` inside `r`.
pub fn find_cell(b: &Buffer, r: ratatui::layout::Rect, needle: &str) -> Option<(u16, u16)> {
    for y in r.y..r.bottom() {
        let mut row = String::new();
        let mut xs = Vec::new();
        let mut skip = 0;
        for x in r.x..r.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = b[(x, y)].symbol();
            xs.push((row.len(), x));
            row.push_str(sym);
            skip = vanban::text::wrap::width(sym).saturating_sub(1);
        }
        if let Some(at) = row.find(needle) {
            return xs.iter().find(|(i, _)| *i == at).map(|&(_, x)| (x, y));
        }
    }
    None
}

pub fn screen(b: &Buffer) -> String {
    rows(b).join("\n")
}

/// Byte span of `needle` in the document text.
pub fn span_of(doc: &Document, needle: &str) -> Span {
    let at = doc.text().find(needle).expect("needle in text");
    Span {
        start: at,
        end: at + needle.len(),
    }
}

/// The awards of sample 000 as the gold file states them, built by hand so the panel can
/// be tested before extraction finds them.
pub fn facts_000(doc: &Document) -> Facts {
    let s1 = span_of(doc, "Kết quả năm 2009, có 3.150 tập thể, cá nhân được biểu dương, khen thưởng từ địa bàn dân cư, cơ sở.");
    let s2 = span_of(doc, "Trong đó có 437 tập thể và 1.743 cá nhân điển hình tiên tiến được UBND tỉnh, huyện tặng Bằng khen, giấy khen");
    let s3 = span_of(doc, "có 50 tập thể và 251 cá nhân xuất sắc, tiêu biểu ở các ngành, các cấp trên các lĩnh vực được UBND tỉnh khen thưởng tại cuộc họp mặt biểu dương điển hình tiên tiến cấp tỉnh.");
    let award = |c, i, t, span, kind: &str, by: Option<&str>| Award {
        collectives: c,
        individuals: i,
        combined: t,
        year: Some(2009),
        by: by.map(Arc::from),
        kind: Some(kind.into()),
        within: None,
        span,
    };
    Facts {
        title: doc.facts.title.clone(),
        awards: vec![
            award(None, None, Some(3150), s1, "biểu dương, khen thưởng", None),
            award(
                Some(437),
                Some(1743),
                None,
                s2,
                "Bằng khen, giấy khen",
                Some("UBND tỉnh, huyện"),
            ),
            award(
                Some(50),
                Some(251),
                None,
                s3,
                "khen thưởng",
                Some("UBND tỉnh"),
            ),
        ]
        .into(),
        programmes: vec![
            "Nâng cao ý thức trách nhiệm hết lòng, hết sức phụng sự Tổ quốc, phục vụ nhân dân"
                .into(),
            "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh".into(),
        ]
        .into(),
        ..Facts::default()
    }
}
