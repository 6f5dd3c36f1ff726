//! One loaded document: where it came from, its clean text and its facts.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::extract::{self, Facts};
use crate::formats::{self, Format};
use crate::text::{clean, decode, plain, safe};

/// A document read from disk and cleaned.
///
/// A library of many documents keeps only the facts in memory: the text is read again from
/// disk, through the same decode and clean, the first time [`Document::text`] is called.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Document {
    /// The file on disk; shared, not copied, with what else keeps a library's paths.
    pub path: Arc<Path>,
    /// The path relative to the folder given on the command line (the file name for a file),
    /// made safe to show: unsafe characters become U+FFFD ([`crate::text::safe::one_line`]).
    pub name: Box<str>,
    pub encoding: decode::Encoding,
    /// What was noticed while reading, if anything: see [`Document::warnings`] and
    /// [`Document::marks`].
    notes: Option<Box<Notes>>,
    /// The clean text; every span in `facts` points into it. Read it with [`Document::text`].
    #[serde(skip)]
    text: OnceLock<Box<str>>,
    /// Length and hash of the clean text, to check a text read again from disk; `None`
    /// for a document known by its head alone ([`Document::from_head`]).
    stamp: Option<TextStamp>,
    pub facts: Facts,
    /// The facts the list and the awards table do not need (references, programmes,
    /// figures) are left out until [`Document::hydrate`]: see [`Document::lighten`].
    #[serde(skip)]
    light: bool,
}

/// What was noticed while reading a document. Most documents have nothing to note, and a
/// library holds a million documents: they keep one empty pointer instead of two lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Notes {
    warnings: Vec<String>,
    marks: Vec<clean::Mark>,
}

impl Notes {
    fn of(mut warnings: Vec<String>, mut marks: Vec<clean::Mark>) -> Option<Box<Notes>> {
        if warnings.is_empty() && marks.is_empty() {
            return None;
        }
        warnings.shrink_to_fit();
        marks.shrink_to_fit();
        Some(Box::new(Notes { warnings, marks }))
    }
}

/// What the clean text of a document was when its facts were extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct TextStamp {
    pub len: usize,
    pub hash: u64,
}

impl TextStamp {
    pub fn of(text: &str) -> TextStamp {
        TextStamp {
            len: text.len(),
            hash: hash64(text.as_bytes()),
        }
    }
}

/// Decoded and cleaned text, with what was noticed on the way.
struct Prepared {
    encoding: decode::Encoding,
    warnings: Vec<String>,
    marks: Vec<clean::Mark>,
    text: String,
}

/// Read a file's bytes in its format, then decode and clean them: the one path from bytes
/// to text, used at load and at reload. `Err` says why a file is skipped.
fn prepare_as(format: Format, bytes: Cow<[u8]>) -> Result<Prepared, String> {
    if format == Format::Txt {
        let bytes = match plain::plain(bytes) {
            Ok(plain) => return Ok(prepare_plain(plain)),
            Err(bytes) => bytes,
        };
        if decode::looks_binary(&bytes) {
            return Err("binary file".into());
        }
        return Ok(prepare(bytes));
    }
    let converted = formats::convert(format, &bytes)?;
    let mut p = prepare(Cow::Borrowed(converted.text.as_bytes()));
    if p.encoding == decode::Encoding::Utf8 {
        p.encoding = converted.encoding;
    }
    let mut warnings = converted.warnings;
    warnings.append(&mut p.warnings);
    p.warnings = warnings;
    Ok(p)
}

/// Text that one look found plain ([`plain::plain`]): the decoder has nothing to say, and
/// the cleaner is asked only if it has something to look at.
fn prepare_plain(plain: plain::Plain) -> Prepared {
    let decoded = decode::Decoded {
        text: plain.text,
        encoding: decode::Encoding::Utf8,
        replaced: 0,
        repaired: 0,
    };
    if plain.to_clean {
        return finish(decoded);
    }
    Prepared {
        encoding: decoded.encoding,
        warnings: Vec::new(),
        marks: Vec::new(),
        text: decoded.text,
    }
}

/// Decode and clean raw text bytes (owned ones become the text without a copy).
fn prepare(bytes: Cow<[u8]>) -> Prepared {
    finish(match bytes {
        Cow::Owned(bytes) => decode::decode_owned(bytes),
        Cow::Borrowed(bytes) => decode::decode(bytes),
    })
}

/// Clean decoded text, and say what was noticed on the way.
fn finish(decoded: decode::Decoded) -> Prepared {
    let mut warnings = Vec::new();
    if decoded.replaced > 0 {
        warnings.push(format!(
            "{} invalid byte sequence(s) replaced",
            decoded.replaced
        ));
    }
    if decoded.repaired > 0 {
        warnings.push(format!(
            "{} run(s) of mis-encoded text repaired",
            decoded.repaired
        ));
    }
    let cleaned = clean::clean_owned(decoded.text);
    if !cleaned.marks.is_empty() {
        warnings.push(format!(
            "{} control character(s) or sequence(s) removed",
            cleaned.marks.len()
        ));
    }
    Prepared {
        encoding: decoded.encoding,
        warnings,
        marks: cleaned.marks,
        text: cleaned.text,
    }
}

/// The clean text of a file's bytes in its format, as a document read from them holds it.
pub(crate) fn clean_text(format: Format, bytes: Vec<u8>) -> Result<String, String> {
    prepare_as(format, Cow::Owned(bytes)).map(|p| p.text)
}

impl Document {
    /// Build a document from the raw bytes of a plain text.
    pub fn from_bytes(path: &Path, name: &str, bytes: &[u8]) -> Document {
        Document::of_prepared(path, name, prepare(Cow::Borrowed(bytes)))
    }

    /// Build a document from a file's bytes, read in the format its extension names
    /// ([`Format::of_path`]); `Err` says why the file is skipped.
    pub fn from_file(path: &Path, name: &str, bytes: &[u8]) -> Result<Document, String> {
        Ok(Document::of_prepared(
            path,
            name,
            prepare_as(Format::of_path(path), Cow::Borrowed(bytes))?,
        ))
    }

    fn of_prepared(path: &Path, name: &str, p: Prepared) -> Document {
        let mut facts = extract::extract(&p.text);
        facts.shrink();
        Document {
            path: Arc::from(path),
            name: safe::one_line(name).into(),
            encoding: p.encoding,
            notes: Notes::of(p.warnings, p.marks),
            stamp: Some(TextStamp::of(&p.text)),
            text: OnceLock::from(p.text.into_boxed_str()),
            facts,
            light: false,
        }
    }

    /// A document known by its head alone, as a cached list gives it: its facts are the
    /// title, date and source given; its text is read from disk when asked for.
    pub fn from_head(path: Arc<Path>, name: &str, head: Facts) -> Document {
        Document {
            path,
            name: safe::one_line(name).into(),
            encoding: decode::Encoding::Utf8,
            notes: None,
            text: OnceLock::new(),
            stamp: None,
            facts: head,
            light: false,
        }
    }

    /// Take the facts of `full`, the same file loaded whole, into this document known by its
    /// head ([`Document::from_head`]); its own path, name, title, date and source stay (the
    /// same, from the same cache). Keeping the strings already in place, rather than taking
    /// `full`'s copies, lets a million documents be completed without the allocator holding
    /// two libraries' worth of freed and new strings.
    pub fn take_facts(&mut self, full: Document) {
        let Document {
            encoding,
            notes,
            text,
            stamp,
            facts,
            light,
            ..
        } = full;
        self.encoding = encoding;
        self.notes = notes;
        self.text = text;
        self.stamp = stamp;
        self.light = light;
        // Every field named, so that a new one is not forgotten here.
        let Facts {
            title,
            date,
            source,
            place,
            awards,
            refs,
            programmes,
            figures,
        } = facts;
        let f = &mut self.facts;
        (f.place, f.awards, f.refs) = (place, awards, refs);
        (f.programmes, f.figures) = (programmes, figures);
        // Should the head differ after all, the loaded facts win.
        if f.title != title {
            f.title = title;
        }
        if f.date != date {
            f.date = date;
        }
        if f.source != source {
            f.source = source;
        }
    }

    /// Things noticed while reading: replaced bytes, removed controls …
    pub fn warnings(&self) -> &[String] {
        self.notes.as_deref().map_or(&[], |n| &n.warnings)
    }

    /// Where control characters or escape sequences were removed from the text, so the
    /// reader can show a visible placeholder there.
    pub fn marks(&self) -> &[clean::Mark] {
        self.notes.as_deref().map_or(&[], |n| &n.marks)
    }

    /// The format the file is read in (by its extension).
    pub fn format(&self) -> Format {
        Format::of_path(&self.path)
    }

    /// The clean text (NFC, LF newlines, no control characters).
    ///
    /// If the text is not in memory it is read from disk again. Should the file have changed
    /// since its facts were extracted, the text is a notice padded with spaces to the old
    /// length, so every span stays valid; restarting reads the new file.
    pub fn text(&self) -> &str {
        self.text
            .get_or_init(|| load_text(&self.path, self.stamp).into_boxed_str())
    }

    /// Where the article is in [`Document::text`], in whole lines; the rest is the page's
    /// furniture (see [`extract::layout::article_lines`]).
    pub fn article(&self) -> std::ops::Range<usize> {
        extract::layout::article_lines(self.text())
    }

    /// True for a document known by its head alone ([`Document::from_head`]): its
    /// awards, programmes, references and figures are not known yet.
    pub fn head_only(&self) -> bool {
        self.stamp.is_none()
    }

    /// Leave out the facts only the side panel shows (references, programmes, figures:
    /// half a document's memory), so a reader can hold a million documents; the awards,
    /// and what the list shows, stay. [`Document::hydrate`] brings the rest back.
    pub fn lighten(&mut self) {
        if self.head_only() {
            return;
        }
        self.facts.refs = Box::default();
        self.facts.programmes = Box::default();
        self.facts.figures = Box::default();
        self.light = true;
    }

    /// Extract again, from the text, the facts [`Document::lighten`] left out. Extraction
    /// is cheap next to reading a document (~0.1 ms), and the text is read to show it
    /// anyway. The rest of the facts stay as loaded, matching the list.
    pub fn hydrate(&mut self) {
        if !self.light {
            return;
        }
        let mut all = extract::extract(self.text());
        all.shrink();
        self.facts.refs = all.refs;
        self.facts.programmes = all.programmes;
        self.facts.figures = all.figures;
        self.light = false;
    }

    /// A copy with what the awards table reads (path, name, title, date, place, awards),
    /// without the text or the other facts, to keep while the rest is dropped.
    pub fn awards_part(&self) -> Document {
        let f = &self.facts;
        Document {
            path: self.path.clone(),
            name: self.name.clone(),
            encoding: self.encoding,
            notes: None,
            text: OnceLock::new(),
            stamp: self.stamp,
            facts: Facts {
                title: f.title.clone(),
                date: f.date.clone(),
                place: f.place.clone(),
                awards: f.awards.clone(),
                ..Facts::default()
            },
            light: true,
        }
    }

    /// True for a document [`Document::lighten`]ed and not hydrated since.
    pub fn is_light(&self) -> bool {
        self.light
    }

    /// True when the text is in memory (a later [`Document::text`] will not touch the disk).
    pub fn text_loaded(&self) -> bool {
        self.text.get().is_some()
    }

    /// Forget the text; [`Document::text`] reads it again when asked.
    pub(crate) fn unload_text(&mut self) -> Option<String> {
        self.text.take().map(String::from)
    }

    pub(crate) fn stamp(&self) -> Option<TextStamp> {
        self.stamp
    }
}

/// Read, decode and clean the file again; a notice of the same length if it changed
/// (without a stamp to compare, the text as it is now, or a short notice).
pub(crate) fn load_text(path: &Path, stamp: Option<TextStamp>) -> String {
    let read =
        super::discover::read_file(path).and_then(|bytes| clean_text(Format::of_path(path), bytes));
    if let Ok(text) = read {
        if stamp.is_none_or(|s| TextStamp::of(&text) == s) {
            return text;
        }
    }
    changed_notice(stamp.map_or(NOTICE.len(), |s| s.len))
}

/// ASCII text of exactly `len` bytes saying the file changed or vanished.
const NOTICE: &str =
    "[vanban: this file changed or was removed after it was loaded; reopen it to read it]\n";

fn changed_notice(len: usize) -> String {
    let mut s: String = NOTICE.chars().take(len).collect();
    s += &" ".repeat(len - s.len());
    s
}

/// A fast 64-bit hash to notice changed bytes (not for security).
pub(crate) fn hash64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64) ^ K;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn text_is_reloaded_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "Học tập\r\nlàm theo").unwrap();
        let mut doc = Document::from_bytes(&path, "a.txt", &fs::read(&path).unwrap());
        let first = doc.text().to_string();
        assert_eq!(doc.unload_text(), Some(first.clone()));
        assert!(!doc.text_loaded());
        assert_eq!(doc.text(), first);
    }

    #[test]
    fn changed_file_keeps_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "Học tập và làm theo gương Bác").unwrap();
        let mut doc = Document::from_bytes(&path, "a.txt", &fs::read(&path).unwrap());
        let len = doc.text().len();
        doc.unload_text();
        fs::write(&path, "khác").unwrap();
        assert_eq!(doc.text().len(), len);
        assert!(doc.text().starts_with("[vanban: this file changed"));
    }

    /// A reader holds a million of each (issue #13): growing one should be a choice.
    #[test]
    fn documents_and_awards_stay_small() {
        use std::mem::size_of;
        assert!(size_of::<Document>() <= 256, "{}", size_of::<Document>());
        assert!(size_of::<Facts>() <= 144, "{}", size_of::<Facts>());
        let award = size_of::<crate::extract::Award>();
        assert!(award <= 88, "{award}");
    }

    /// A plain text's bytes: Vietnamese as it comes, now and then something that needs the
    /// long way (mojibake, legacy bytes, controls, BOMs, UTF-16, signatures) or the cleaner
    /// (a CR, a tab, decomposed letters, zero-width and bidi characters, spaces U+2000).
    fn mostly_plain() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let plain = prop_oneof![
            Just("Việt Nam được công nhận ".as_bytes().to_vec()),
            Just(
                "“Học tập và làm theo” – xuân toàn quân, uý hoá "
                    .as_bytes()
                    .to_vec()
            ),
            Just("3.150 tập thể… 1,5 tỷ đồng\n".as_bytes().to_vec()),
            Just("Ông Nguyễn Ánh ÔNG TỔNG KẾT ‘bé’ • ".as_bytes().to_vec()),
            Just("Biểu dương điển hình tiên tiến. ".repeat(100).into_bytes()),
            Just(b"ascii words\n".to_vec()),
        ];
        let other = prop_oneof![
            Just("ViÖt Nam ®\u{AD}îc c«ng nhËn ".as_bytes().to_vec()),
            Just("Vieät Nam ñöôïc coâng nhaän ".as_bytes().to_vec()),
            Just("Viá»‡t Nam Ä‘Æ°á»£c cÃ´ng ".as_bytes().to_vec()),
            // Each alone is suspicious by one rule of the mojibake check, or by none.
            Just("Míi ".as_bytes().to_vec()),
            Just("víi ".as_bytes().to_vec()),
            Just("coâng ".as_bytes().to_vec()),
            Just("taùc ".as_bytes().to_vec()),
            Just("nhÊt ".as_bytes().to_vec()),
            Just("giá\u{A0}100 ".as_bytes().to_vec()),
            Just("Microsoft® José Muñoz ".as_bytes().to_vec()),
            Just(b"Vi\xD6t Nam \xAE\xAD\xEEc ".to_vec()),
            Just(b"Vie\xE4t Nam \xF1\xF6\xF4\xEFc ".to_vec()),
            Just(b"\x1b[31m\x1b]0;t\x07".to_vec()),
            Just(b"\r\n\t\x00\x08\x7F\x0C".to_vec()),
            // Each alone is for the cleaner only (a control byte only past the head).
            Just(b"\r\n".to_vec()),
            Just(b"\t".to_vec()),
            Just(b"\x7F".to_vec()),
            Just("Vie\u{323}\u{302}t ".as_bytes().to_vec()),
            Just("\u{200B}\u{FEFF}".as_bytes().to_vec()),
            Just("\u{202E}\u{2066}".as_bytes().to_vec()),
            Just("\u{2028}".as_bytes().to_vec()),
            Just("\u{2000}".as_bytes().to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xFF\xFE".to_vec()),
            Just(b"H\0e\0l\0l\0o\0 \0".to_vec()),
            Just(b"%PDF-".to_vec()),
            Just(
                "Vie\u{323}\u{302}t \u{200B}\u{202E}\u{85}\u{9B}\u{2028}\u{2000}"
                    .as_bytes()
                    .to_vec()
            ),
            prop::collection::vec(any::<u8>(), 0..8),
        ];
        let piece = prop_oneof![30 => plain, 1 => other];
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    /// What a text's preparation gave, to compare.
    type Outcome = Result<(decode::Encoding, Vec<String>, Vec<clean::Mark>, String), String>;

    fn outcome(p: Result<Prepared, String>) -> Outcome {
        p.map(|p| (p.encoding, p.warnings, p.marks, p.text))
    }

    #[test]
    fn the_short_way_is_the_long_way() {
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 4000,
            failure_persistence: None,
            ..Config::default()
        });
        // Texts that went the short way, and of them those the cleaner went over.
        let (short, cleaned) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
        runner
            .run(&mostly_plain(), |bytes| {
                let long = outcome(match decode::looks_binary(&bytes) {
                    true => Err("binary file".to_string()),
                    false => Ok(prepare(Cow::Owned(bytes.clone()))),
                });
                if let Ok(p) = plain::plain(Cow::Borrowed(&bytes)) {
                    short.set(short.get() + 1);
                    cleaned.set(cleaned.get() + usize::from(p.to_clean));
                }
                let borrowed = prepare_as(Format::Txt, Cow::Borrowed(&bytes));
                let owned = prepare_as(Format::Txt, Cow::Owned(bytes.clone()));
                proptest::prop_assert_eq!(outcome(borrowed), long.clone(), "{:?}", bytes);
                proptest::prop_assert_eq!(outcome(owned), long, "{:?}", bytes);
                Ok(())
            })
            .unwrap();
        // Where the CPU can look (AVX2), most texts went the short way.
        if plain::plain(Cow::Borrowed(b"x")).is_ok() {
            assert!(short.get() > 1000, "{} of 4000 the short way", short.get());
            assert!(cleaned.get() > 100, "{} of them cleaned", cleaned.get());
        }
    }

    #[test]
    fn hash_notices_one_byte() {
        assert_ne!(hash64(b"abcdefghij"), hash64(b"abcdefghik"));
        assert_ne!(hash64(b""), hash64(b"\0"));
    }
}
