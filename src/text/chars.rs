//! Character classes and lower case exactly as `char`'s own methods give them: ASCII
//! directly, the Latin letters Vietnamese is written in from a table. The standard
//! library looks non-ASCII letters up in compressed Unicode tables, which is slow when
//! every letter of a text is asked about.

use std::sync::OnceLock;

/// Code points answered from the table: ASCII, Latin-1, Latin Extended-A and -B (Ă, Đ,
/// Ơ, Ư …) below `LATIN_END`, and Latin Extended Additional (Ạ … ỹ) in `EXTENDED`.
/// Others go to the standard library.
const LATIN_END: u32 = 0x250;
const EXTENDED: std::ops::Range<u32> = 0x1E00..0x1F00;

const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const UPPERCASE: u8 = 4;
const LOWERCASE: u8 = 8;
/// The lower case is the single character in `Info::lower`.
const ONE_LOWER: u8 = 16;

#[derive(Clone, Copy)]
struct Info {
    flags: u8,
    lower: char,
}

#[inline]
fn info(c: char) -> Option<Info> {
    let code = c as u32;
    let at = if code < LATIN_END {
        code
    } else if EXTENDED.contains(&code) {
        LATIN_END + code - EXTENDED.start
    } else {
        return None;
    };
    table().get(at as usize).copied()
}

fn table() -> &'static [Info] {
    static TABLE: OnceLock<Vec<Info>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LATIN_END)
            .chain(EXTENDED)
            .filter_map(char::from_u32)
            .map(|c| {
                let mut lower = c.to_lowercase();
                let first = lower.next().unwrap_or(c);
                let flags = [
                    (c.is_alphabetic(), ALPHABETIC),
                    (c.is_alphanumeric(), ALPHANUMERIC),
                    (c.is_uppercase(), UPPERCASE),
                    (c.is_lowercase(), LOWERCASE),
                    (lower.next().is_none(), ONE_LOWER),
                ]
                .iter()
                .filter(|(yes, _)| *yes)
                .fold(0, |all, (_, flag)| all | flag);
                Info {
                    flags,
                    lower: first,
                }
            })
            .collect()
    })
}

#[inline]
fn has(c: char, flag: u8) -> Option<bool> {
    info(c).map(|i| i.flags & flag != 0)
}

/// `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    has(c, ALPHABETIC).unwrap_or_else(|| c.is_alphabetic())
}

/// `c.is_alphanumeric()`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    has(c, ALPHANUMERIC).unwrap_or_else(|| c.is_alphanumeric())
}

/// `c.is_uppercase()`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    has(c, UPPERCASE).unwrap_or_else(|| c.is_uppercase())
}

/// `c.is_lowercase()`.
#[inline]
pub fn is_lowercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    has(c, LOWERCASE).unwrap_or_else(|| c.is_lowercase())
}

/// The lower case of `c` when it is one character (`c.to_lowercase()` yields just it).
#[inline]
pub fn lower_one(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match info(c) {
        Some(i) => (i.flags & ONE_LOWER != 0).then_some(i.lower),
        None => {
            let mut lower = c.to_lowercase();
            lower.next().filter(|_| lower.next().is_none())
        }
    }
}

/// The first character of `c.to_lowercase()`.
#[inline]
pub fn lower_first(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match info(c) {
        Some(i) => i.lower,
        None => c.to_lowercase().next().unwrap_or(c),
    }
}

/// `c.to_lowercase()`: the same characters.
#[inline]
pub fn lowercase(c: char) -> Lower {
    match lower_one(c) {
        Some(l) => Lower::One(Some(l)),
        None => Lower::Std(c.to_lowercase()),
    }
}

/// The characters of [`lowercase`].
pub enum Lower {
    One(Option<char>),
    Std(std::char::ToLowercase),
}

impl Iterator for Lower {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        match self {
            Lower::One(c) => c.take(),
            Lower::Std(rest) => rest.next(),
        }
    }
}

/// Append `c.to_lowercase()` to `out`.
#[inline]
pub fn push_lower(c: char, out: &mut String) {
    match lower_one(c) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// What a byte says about a whitespace character starting there: 0 none does, 1 an ASCII
/// one, 2 maybe (every other whitespace character starts with C2, E1 9A, E2 80, E2 81 or
/// E3 80; a test checks this over all of Unicode).
static SPACE_START: [u8; 256] = {
    let mut t = [0; 256];
    t[b' ' as usize] = 1;
    let mut b = b'\t';
    while b <= b'\r' {
        t[b as usize] = 1;
        b += 1;
    }
    t[0xC2] = 2;
    t[0xE1] = 2;
    t[0xE2] = 2;
    t[0xE3] = 2;
    t
};

/// The byte length of the whitespace character (`char::is_whitespace`) starting at byte
/// `i` of `s`, or 0, also when `i` is inside a character. Only characters that may be
/// whitespace are decoded. Always inlined: it is asked about every byte of a line.
#[inline(always)]
pub fn space_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let Some(&first) = b.get(i) else { return 0 };
    match SPACE_START[usize::from(first)] {
        0 => return 0,
        1 => return 1,
        _ => {}
    }
    let second = b.get(i + 1).copied();
    let may_be = match first {
        0xE1 => second == Some(0x9A),
        0xE2 => matches!(second, Some(0x80 | 0x81)),
        0xE3 => second == Some(0x80),
        _ => true,
    };
    if !may_be {
        return 0;
    }
    match s.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

/// `s.split_whitespace().take(max).count()`.
pub fn count_words(s: &str, max: usize) -> usize {
    count_spaced_words(s.as_bytes(), max).unwrap_or_else(|| count_words_by_byte(s, max))
}

/// [`count_words`] for bytes whose only whitespace is ' ' (most lines), a block of bytes at
/// a time without a branch per byte, so it is vectorised; `None` for other bytes.
fn count_spaced_words(b: &[u8], max: usize) -> Option<usize> {
    // Every whitespace character but ' ' starts with a byte from 09 to 0D, or with C2,
    // E1 9A, E2 or E3 (9A stands for E1 9A: E1 starts most Vietnamese letters).
    let other = |c: u8| c.wrapping_sub(0x09) < 5 || matches!(c, 0xC2 | 0xE2 | 0xE3 | 0x9A);
    // A word starts at the first byte unless it is a space, and after each space that is
    // not followed by one.
    let mut count = match b.first() {
        Some(&c) if other(c) => return None,
        first => usize::from(first.is_some_and(|&c| c != b' ')),
    };
    let pairs = b.len().saturating_sub(1);
    let (before, after) = (&b[..pairs], &b[b.len() - pairs..]);
    for (x, y) in before.chunks(255).zip(after.chunks(255)) {
        if x.iter()
            .chain(y.last())
            .fold(false, |any, &c| any | other(c))
        {
            return None;
        }
        let starts = x
            .iter()
            .zip(y)
            .fold(0u8, |n, (&p, &q)| n + u8::from((p == b' ') & (q != b' ')));
        count += usize::from(starts);
        if count >= max {
            return Some(max);
        }
    }
    Some(count.min(max))
}

/// [`count_words`] byte by byte, for any text.
fn count_words_by_byte(s: &str, max: usize) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let space = match SPACE_START[usize::from(b)] {
            0 => 0,
            1 => 1,
            _ => space_len(s, i),
        };
        if space > 0 {
            in_word = false;
            i += space;
            continue;
        }
        if !in_word {
            if count == max {
                break;
            }
            count += 1;
            in_word = true;
        }
        i += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn count_words_is_split_whitespace(s in "[ a\\tđệ\u{a0}\u{85}\u{1680}\u{2003}\u{3000}\u{1ea1}-]{0,30}", max in 0usize..8) {
            prop_assert_eq!(count_words(&s, max), s.split_whitespace().take(max).count());
        }

        /// Long lines of words and single or double spaces: counted a block at a time.
        #[test]
        fn long_spaced_lines_count_as_split_whitespace(s in "[ aệ]{0,700}", tail in "[ a\u{a0}]{0,2}", max in 0usize..400) {
            prop_assert_eq!(count_words(&s, max), s.split_whitespace().take(max).count());
            let s = s + &tail;
            prop_assert_eq!(count_words(&s, max), s.split_whitespace().take(max).count());
        }
    }

    #[test]
    fn space_len_is_char_is_whitespace() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("{c}x");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_len(&s, 0), want, "{c:?}");
            for inside in 1..c.len_utf8() {
                assert_eq!(space_len(&s, inside), 0, "{c:?}");
            }
        }
    }

    #[test]
    fn answers_as_the_standard_library_does() {
        let samples = (0..0x3000u32)
            .chain(0x1E00..0x1F80)
            .chain([0x10400, 0x1D400]);
        for c in samples.filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lowercase(c), c.is_lowercase(), "{c:?}");
            let lower: String = c.to_lowercase().collect();
            let mut one = [0; 4];
            let single = lower_one(c).map(|l| &*l.encode_utf8(&mut one));
            assert_eq!(single.is_some(), lower.chars().count() == 1, "{c:?}");
            assert!(single.is_none_or(|s| s == lower), "{c:?}");
            assert_eq!(Some(lower_first(c)), lower.chars().next(), "{c:?}");
            let mut pushed = String::new();
            push_lower(c, &mut pushed);
            assert_eq!(pushed, lower, "{c:?}");
            assert_eq!(lowercase(c).collect::<String>(), lower, "{c:?}");
        }
    }

    #[test]
    fn vietnamese_letters() {
        assert!(is_alphabetic('ệ') && is_lowercase('ệ'));
        assert!(is_uppercase('Đ') && !is_alphabetic('×'));
        assert_eq!(lower_one('Ỹ'), Some('ỹ'));
        assert_eq!(lower_one('İ'), None);
        let mut s = String::new();
        "HỌC İ".chars().for_each(|c| push_lower(c, &mut s));
        assert_eq!(s, "học i\u{307}");
    }
}
