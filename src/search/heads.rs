//! What the document list shows and searches of every document, packed end to end: the
//! key (title, date, source, programme names), the same key folded, and the date as a
//! number. Built from documents, or read back whole from the cache without a single
//! allocation per document.

use rayon::prelude::*;

use crate::corpus::Document;
use crate::text::fold;

/// Separates the fields of a key, so no term matches across two of them. Document text
/// never holds it: cleaning removes control characters.
pub(crate) const SEP: char = '\u{1f}';

/// Strings stored end to end in one buffer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Packed {
    buf: String,
    /// `ends[i]` is where string `i` ends in `buf`.
    ends: Vec<usize>,
}

impl Packed {
    pub fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }

    /// String `i` (empty when out of range).
    pub fn get(&self, i: usize) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0),
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.buf.get(start..end).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn append(&mut self, other: Packed) {
        let base = self.buf.len();
        self.buf.push_str(&other.buf);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// The buffer and the end of each string.
    pub fn parts(&self) -> (&str, &[usize]) {
        (&self.buf, &self.ends)
    }

    /// Strings from their parts; `None` unless every end is in order, in the buffer and
    /// on a character boundary.
    pub fn from_parts(buf: String, ends: Vec<usize>) -> Option<Packed> {
        let mut last = 0;
        for &e in &ends {
            if e < last || !buf.is_char_boundary(e) {
                return None;
            }
            last = e;
        }
        Some(Packed { buf, ends })
    }
}

/// The keys of every document, in library order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Heads {
    /// Title, date, source and programmes, each field after the first preceded by [`SEP`]
    /// (date and source are empty when unknown).
    pub(crate) keys: Packed,
    /// The keys folded ([`fold_key_into`]), for matching.
    pub(crate) folded: Packed,
    /// Dates as YYYYMMDD (0 when unknown), for ties.
    pub(crate) dates: Vec<u32>,
}

impl Heads {
    /// The heads of these documents (built in parallel).
    pub fn of_docs(docs: &[&Document]) -> Heads {
        let parts: Vec<Heads> = docs
            .par_chunks(4096)
            .map(|chunk| {
                let mut h = Heads::default();
                for d in chunk {
                    h.push_doc(d);
                }
                h
            })
            .collect();
        let mut heads = Heads::default();
        for p in parts {
            heads.append(p);
        }
        heads
    }

    /// Add the head of one document.
    pub fn push_doc(&mut self, d: &Document) {
        let f = &d.facts;
        self.push(
            &f.title,
            f.date.as_deref(),
            f.source.as_deref(),
            &f.programmes,
        );
    }

    /// Add one document's head.
    pub fn push(
        &mut self,
        title: &str,
        date: Option<&str>,
        source: Option<&str>,
        programmes: &[String],
    ) {
        let at = self.keys.buf.len();
        write_fields(title, date, source, programmes, &mut self.keys.buf);
        self.keys.ends.push(self.keys.buf.len());
        fold_key_into(&self.keys.buf[at..], &mut self.folded.buf);
        self.folded.ends.push(self.folded.buf.len());
        self.dates.push(date_number(date));
    }

    /// Add a head made elsewhere (on a worker thread).
    pub fn push_one(&mut self, one: &OneHead) {
        self.keys.push(&one.key);
        self.folded.push(&one.folded);
        self.dates.push(one.date);
    }

    /// Heads of bare titles with dates (e.g. a list of titles for a benchmark).
    pub fn of_titles(titles: impl IntoIterator<Item = (String, u32)>) -> Heads {
        let mut h = Heads::default();
        for (title, date) in titles {
            h.keys.push(&title);
            fold_key_into(&title, &mut h.folded.buf);
            h.folded.ends.push(h.folded.buf.len());
            h.dates.push(date);
        }
        h
    }

    /// Heads from their parts as the cache stores them; `None` unless they agree.
    pub fn from_parts(keys: Packed, folded: Packed, dates: Vec<u32>) -> Option<Heads> {
        (keys.len() == folded.len() && keys.len() == dates.len()).then_some(Heads {
            keys,
            folded,
            dates,
        })
    }

    /// Add head `i` of `other`.
    pub fn push_from(&mut self, other: &Heads, i: usize) {
        self.keys.push(other.keys.get(i));
        self.folded.push(other.folded.get(i));
        self.dates.push(other.dates.get(i).copied().unwrap_or(0));
    }

    /// The keys, folded keys and dates, as the cache stores them.
    pub fn parts(&self) -> (&Packed, &Packed, &[u32]) {
        (&self.keys, &self.folded, &self.dates)
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    pub fn append(&mut self, other: Heads) {
        self.keys.append(other.keys);
        self.folded.append(other.folded);
        self.dates.extend(other.dates);
    }

    fn field(&self, i: usize, n: usize) -> Option<&str> {
        let key = self.keys.get(i);
        let mut start = 0;
        for _ in 0..n {
            start += memchr::memchr(SEP as u8, &key.as_bytes()[start..])? + 1;
        }
        let len = memchr::memchr(SEP as u8, &key.as_bytes()[start..]).unwrap_or(key.len() - start);
        key.get(start..start + len)
    }

    pub fn title(&self, i: usize) -> &str {
        self.field(i, 0).unwrap_or_default()
    }

    /// The date as written in the key (YYYY-MM-DD), if known.
    pub fn date(&self, i: usize) -> Option<&str> {
        self.field(i, 1).filter(|d| !d.is_empty())
    }

    pub fn source(&self, i: usize) -> Option<&str> {
        self.field(i, 2).filter(|s| !s.is_empty())
    }

    pub fn programmes(&self, i: usize) -> impl Iterator<Item = &str> {
        self.keys.get(i).split(SEP).skip(3)
    }

    /// The whole key of document `i`, fields separated by [`SEP`].
    pub fn key(&self, i: usize) -> &str {
        self.keys.get(i)
    }

    /// The folded key of document `i`.
    pub fn folded(&self, i: usize) -> &str {
        self.folded.get(i)
    }

    /// Every key lowercased with its diacritics kept, for exact-diacritic comparison.
    pub(crate) fn lowered(&self) -> Packed {
        let mut p = Packed::default();
        for i in 0..self.len() {
            p.push(&fold::lower(self.keys.get(i)));
        }
        p
    }
}

/// One document's head, on its own: two strings made to size, where a [`Heads`] of one
/// would make six growing lists (a cold list makes a million).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneHead {
    key: String,
    folded: String,
    date: u32,
}

impl OneHead {
    pub fn new(
        title: &str,
        date: Option<&str>,
        source: Option<&str>,
        programmes: &[String],
    ) -> OneHead {
        let fields = [title, date.unwrap_or(""), source.unwrap_or("")];
        let lens = fields
            .iter()
            .map(|f| f.len())
            .chain(programmes.iter().map(String::len));
        let mut key = String::with_capacity(lens.map(|n| n + 1).sum());
        write_fields(title, date, source, programmes, &mut key);
        let mut folded = String::new();
        fold_key_into(&key, &mut folded);
        OneHead {
            key,
            folded,
            date: date_number(date),
        }
    }
}

/// The text a document is found by: its key fields joined by [`SEP`].
fn write_fields(
    title: &str,
    date: Option<&str>,
    source: Option<&str>,
    programmes: &[String],
    key: &mut String,
) {
    key.push_str(title);
    key.push(SEP);
    key.push_str(date.unwrap_or(""));
    key.push(SEP);
    key.push_str(source.unwrap_or(""));
    for p in programmes {
        key.push(SEP);
        key.push_str(p);
    }
}

/// A YYYY-MM-DD date as the number YYYYMMDD (0 when absent or malformed).
pub fn date_number(date: Option<&str>) -> u32 {
    let mut n = 0u32;
    let mut digits = 0;
    for b in date.unwrap_or("").bytes().filter(u8::is_ascii_digit) {
        digits += 1;
        if digits > 8 {
            return 0;
        }
        n = n * 10 + u32::from(b - b'0');
    }
    if digits == 8 {
        n
    } else {
        0
    }
}

/// A key folded, with typographic quotes and dashes made ASCII so that most keys are.
pub(crate) fn fold_key_into(key: &str, out: &mut String) {
    out.reserve(key.len());
    for c in key.chars() {
        if c.is_ascii() {
            out.push(char::from(FOLD_ASCII[c as usize]));
            continue;
        }
        match c {
            // Latin letters with marks (all of Vietnamese): no space, quote or dash there.
            '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => {
                if let Some(f) = fold::fold_char(c) {
                    out.push(f);
                }
            }
            '“' | '”' | '„' | '«' | '»' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '–' | '—' | '‐' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            c if c.is_whitespace() || c.is_control() => out.push(' '),
            c => out.extend(fold::fold_char(c)),
        }
    }
}

/// ASCII in a folded key: capitals lowercased, [`SEP`] and printable characters kept, other
/// controls and whitespace made a space.
const FOLD_ASCII: [u8; 128] = {
    let mut t = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_graphic() || c == SEP as u8 {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back() {
        let mut h = Heads::default();
        let progs = ["Dân vận khéo".to_string(), "Mô hình A".to_string()];
        h.push("Học tập", Some("2024-05-19"), None, &progs);
        h.push("Tin", None, Some("Báo Long An"), &[]);
        assert_eq!(h.title(0), "Học tập");
        assert_eq!(h.date(0), Some("2024-05-19"));
        assert_eq!(h.source(0), None);
        assert_eq!(h.programmes(0).collect::<Vec<_>>(), progs);
        assert_eq!(h.date(1), None);
        assert_eq!(h.source(1), Some("Báo Long An"));
        assert_eq!(h.programmes(1).count(), 0);
        assert_eq!(h.dates, [20240519, 0]);
        assert_eq!(h.folded(0).split(SEP).next(), Some("hoc tap"));
    }

    #[test]
    fn a_head_made_alone_is_the_head_pushed() {
        let progs = ["Dân vận khéo".to_string()];
        let mut pushed = Heads::default();
        pushed.push("Học “tập”", Some("2024-05-19"), Some("TTX"), &progs);
        pushed.push("Tin", None, None, &[]);
        let mut alone = Heads::default();
        alone.push_one(&OneHead::new(
            "Học “tập”",
            Some("2024-05-19"),
            Some("TTX"),
            &progs,
        ));
        alone.push_one(&OneHead::new("Tin", None, None, &[]));
        assert_eq!(alone, pushed);
    }

    #[test]
    fn packed_parts_are_checked() {
        let mut p = Packed::default();
        p.push("Đức");
        p.push("");
        p.push("a");
        let (buf, ends) = p.parts();
        let back = Packed::from_parts(buf.to_string(), ends.to_vec()).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.get(0), "Đức");
        assert_eq!(back.get(1), "");
        assert_eq!(back.get(9), "");
        // Inside "Đ", out of order, past the end.
        assert!(Packed::from_parts("Đức".into(), vec![1]).is_none());
        assert!(Packed::from_parts("abc".into(), vec![2, 1]).is_none());
        assert!(Packed::from_parts("abc".into(), vec![4]).is_none());
    }

    #[test]
    fn dates_as_numbers() {
        assert_eq!(date_number(Some("2014-06-15")), 20140615);
        assert_eq!(date_number(Some("2014")), 0);
        assert_eq!(date_number(Some("2014-06-15-1")), 0);
        assert_eq!(date_number(None), 0);
    }

    #[test]
    fn keys_fold_typography() {
        let mut k = String::new();
        fold_key_into("“Dân vận khéo” – Đức", &mut k);
        assert_eq!(k, "\"dan van kheo\" - duc");
    }

    /// One character at a time, as the key was folded before runs of ASCII were copied.
    fn fold_key_by_char(key: &str) -> String {
        let mut out = String::new();
        for c in key.chars() {
            match c {
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                SEP => out.push(SEP),
                c if c.is_ascii_graphic() => out.push(c),
                '“' | '”' | '„' | '«' | '»' => out.push('"'),
                '‘' | '’' => out.push('\''),
                '–' | '—' | '‐' | '−' => out.push('-'),
                '…' => out.push_str("..."),
                c if c.is_whitespace() || c.is_control() => out.push(' '),
                c => out.extend(fold::fold_char(c)),
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]
        #[test]
        fn keys_fold_as_char_by_char(key in "[ aZ~\t\n\r\x7f\x1f\x00\u{85}\u{a0}“…–ĐệẠ\u{300}\u{3000}日]{0,30}") {
            let mut k = String::from("kept ");
            fold_key_into(&key, &mut k);
            proptest::prop_assert_eq!(k, format!("kept {}", fold_key_by_char(&key)));
        }
    }
}
