//! Hostile fixtures (tests/hostile.rs, tests/e2e_hostile.rs, tests/fuzz_pipeline.rs): a document full
//! of terminal escape sequences, a file name holding some, and a check for raw controls.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// Escape sequences a document may try on the terminal, each with its payload. None of
/// these bytes may reach the terminal (or any output) as they stand.
pub const SEQUENCES: &[&[u8]] = &[
    b"\x1b]0;PWNED-TITLE\x07",             // OSC 0: window title
    b"\x1b]52;c;cHduZWQtY2xpcGJvYXJk\x07", // OSC 52: set the clipboard
    b"\x1b]8;;http://evil.example/\x1b\\", // OSC 8: hyperlink
    b"\x1bP1$qm\x1b\\",                    // DCS: ask for a reply
    b"\x1b[6n",                            // CSI: report the cursor (a reply)
    b"\x1b[31;7;5m",                       // CSI: SGR
    "\u{9b}4;1H".as_bytes(),               // 8-bit CSI (U+009B)
    "\u{9d}0;C1-TITLE\u{9c}".as_bytes(),   // 8-bit OSC … ST
    "\u{202e}".as_bytes(),                 // right-to-left override
    "\u{2066}".as_bytes(),                 // left-to-right isolate
    b"\x08\x08\x08",                       // backspace
    b"\x07",                               // bell
];

/// Payload bytes that must not appear anywhere once the sequences are removed whole.
pub const PAYLOADS: &[&str] = &[
    "PWNED-TITLE",
    "cHduZWQtY2xpcGJvYXJk",
    "evil.example",
    "C1-TITLE",
];

/// A document title and a body in which every sequence stands in a sentence, repeated
/// so the reader has to scroll.
pub fn document() -> Vec<u8> {
    let mut d = "Báo cáo thử nghiệm các ký tự điều khiển trong văn bản\n\n"
        .as_bytes()
        .to_vec();
    for i in 1..=30 {
        d.extend(format!("Đoạn {i}: có 5 tập thể được khen thưởng ").as_bytes());
        for (j, s) in SEQUENCES.iter().enumerate() {
            d.extend(format!(" mục{j}").as_bytes());
            d.extend(*s);
        }
        d.extend(b" link\x1b]8;;\x1b\\ xong.\n\n");
    }
    d
}

/// A file name holding an OSC title, a bidi override and an 8-bit CSI.
pub fn hostile_name() -> &'static OsStr {
    OsStr::from_bytes("tên\x1b]0;NAME-TITLE\x07\u{202e}gnp.\u{9b}6n.txt".as_bytes())
}

/// Sequences of the file name that must not appear raw.
pub const NAME_SEQUENCES: &[&[u8]] = &[
    b"\x1b]0;NAME",
    "\u{202e}gnp".as_bytes(),
    "\u{9b}6n".as_bytes(),
];

/// Write `hostile.txt` (the document) and a good document under the hostile name into
/// `dir`; returns their paths.
pub fn write_fixtures(dir: &Path) -> (PathBuf, PathBuf) {
    let doc = dir.join("hostile.txt");
    fs::write(&doc, document()).unwrap();
    let named = dir.join(hostile_name());
    fs::write(
        &named,
        "Tiêu đề của tệp có tên lạ\n\nCó 3 tập thể, 4 cá nhân được khen thưởng.\n",
    )
    .unwrap();
    (doc, named)
}

/// What in `out` could act on a terminal: bytes that are not UTF-8, C0 controls but LF,
/// tab (the separators of the text outputs) and CR before LF, DEL, C1 controls, bidi
/// controls. Empty when `out` is safe.
pub fn hazards(out: &[u8]) -> Vec<String> {
    let text = match std::str::from_utf8(out) {
        Ok(t) => t,
        Err(e) => return vec![format!("not UTF-8 at byte {}", e.valid_up_to())],
    };
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ok_newline =
            c == '\n' || c == '\t' || (c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n'));
        let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && !ok_newline) || bidi {
            let from = (at.saturating_sub(20)..at)
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(at);
            let around = &text[from..at];
            found.push(format!("U+{:04X} after {around:?}", c as u32));
        }
    }
    found
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
