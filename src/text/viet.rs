//! Vietnamese letters and syllables: enough to tell real Vietnamese from mojibake.
//!
//! [`score`] rates a piece of text by how many of its words are well-formed Vietnamese
//! syllables; the decoder uses it to choose between candidate decodings.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The twelve vowels, each in its six tones: level, grave, acute, hook, tilde, dot below.
pub const VOWELS: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];

/// Tone numbers used throughout: the position in a [`VOWELS`] row.
pub const LEVEL: u8 = 0;
pub const GRAVE: u8 = 1;
pub const ACUTE: u8 = 2;
pub const HOOK: u8 = 3;
pub const TILDE: u8 = 4;
pub const DOT: u8 = 5;

/// Index of `đ` as a "vowel" index in [`Letter::vowel`].
pub const D_STROKE: u8 = 12;

/// Every Vietnamese letter that is not plain ASCII (67 lower case, 67 upper case).
pub fn all_letters() -> impl Iterator<Item = char> {
    let lower = VOWELS
        .iter()
        .flat_map(|row| row.chars().skip(1))
        .chain("ăâêôơưđ".chars());
    lower.flat_map(|c| [c, upper(c)])
}

/// The upper-case form of a Vietnamese letter (every one has a single-char form).
pub fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// A non-ASCII Vietnamese letter taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    /// Row of [`VOWELS`], or [`D_STROKE`].
    pub vowel: u8,
    pub tone: u8,
    pub upper: bool,
}

impl Letter {
    /// The toneless lower-case letter: one of a ă â e ê i o ô ơ u ư y đ.
    pub fn base(self) -> char {
        if self.vowel == D_STROKE {
            'đ'
        } else {
            VOWELS[self.vowel as usize].chars().next().unwrap_or('a')
        }
    }

    /// The letter as one char.
    pub fn to_char(self) -> char {
        let c = if self.vowel == D_STROKE {
            'đ'
        } else {
            VOWELS[self.vowel as usize]
                .chars()
                .nth(self.tone as usize)
                .unwrap_or('a')
        };
        if self.upper {
            upper(c)
        } else {
            c
        }
    }
}

const LATIN_START: u32 = 0xC0;
const LATIN_END: u32 = 0x1B1;
const EXT_START: u32 = 0x1EA0;
const EXT_END: u32 = 0x1EFA;

/// Packed letters for U+00C0..U+01B0 and U+1EA0..U+1EF9; 0 = not a Vietnamese letter.
struct Table {
    latin: [u8; (LATIN_END - LATIN_START) as usize],
    ext: [u8; (EXT_END - EXT_START) as usize],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            latin: [0; (LATIN_END - LATIN_START) as usize],
            ext: [0; (EXT_END - EXT_START) as usize],
        };
        let mut put = |c: char, packed: u8| {
            let u = c as u32;
            if (LATIN_START..LATIN_END).contains(&u) {
                t.latin[(u - LATIN_START) as usize] = packed;
            } else if (EXT_START..EXT_END).contains(&u) {
                t.ext[(u - EXT_START) as usize] = packed;
            }
        };
        for (v, row) in VOWELS.iter().enumerate() {
            for (tone, c) in row.chars().enumerate() {
                let packed = 1 + (v * 6 + tone) as u8;
                put(c, packed);
                put(upper(c), packed | 0x80);
            }
        }
        put('đ', 1 + D_STROKE * 6);
        put('Đ', (1 + D_STROKE * 6) | 0x80);
        t
    })
}

/// Take apart a non-ASCII Vietnamese letter; `None` for ASCII and anything else.
pub fn letter(c: char) -> Option<Letter> {
    let u = c as u32;
    let packed = if (LATIN_START..LATIN_END).contains(&u) {
        table().latin[(u - LATIN_START) as usize]
    } else if (EXT_START..EXT_END).contains(&u) {
        table().ext[(u - EXT_START) as usize]
    } else {
        0
    };
    if packed == 0 {
        return None;
    }
    let n = (packed & 0x7F) - 1;
    Some(Letter {
        vowel: n / 6,
        tone: n % 6,
        upper: packed & 0x80 != 0,
    })
}

/// Compose a letter from its parts; `None` if the vowel index is out of range.
pub fn compose(vowel: u8, tone: u8, upper: bool) -> Option<char> {
    if vowel > D_STROKE || tone > DOT || (vowel == D_STROKE && tone != LEVEL) {
        return None;
    }
    Some(Letter { vowel, tone, upper }.to_char())
}

/// May a vowel group stand without a final consonant, with one, and where does its
/// tone mark sit (bit i = the i-th letter of the group; two bits where the old and new
/// styles differ, "hoà"/"hòa")?
struct Group {
    open: bool,
    closed: bool,
    places: u8,
}

const fn group(open: bool, closed: bool, places: u8) -> Option<Group> {
    Some(Group {
        open,
        closed,
        places,
    })
}

fn vowel_group(v: &[char]) -> Option<Group> {
    match v {
        ['a'] | ['e'] | ['ê'] | ['i'] | ['o'] | ['ô'] | ['ơ'] | ['u'] | ['ư'] | ['y'] => {
            group(true, true, 0b1)
        }
        ['o', 'a'] | ['o', 'e'] | ['u', 'y'] => group(true, true, 0b11),
        ['u', 'ê'] => group(true, true, 0b10),
        ['a', 'i']
        | ['a', 'o']
        | ['a', 'u']
        | ['a', 'y']
        | ['â', 'u']
        | ['â', 'y']
        | ['e', 'o']
        | ['ê', 'u']
        | ['i', 'a']
        | ['i', 'u']
        | ['o', 'i']
        | ['ô', 'i']
        | ['ơ', 'i']
        | ['u', 'i']
        | ['ư', 'a']
        | ['ư', 'i']
        | ['ư', 'u']
        | ['u', 'a']
        | ['y', 'u'] => group(true, false, 0b1),
        ['u', 'ơ']
        | ['i', 'ê', 'u']
        | ['y', 'ê', 'u']
        | ['o', 'a', 'i']
        | ['o', 'a', 'o']
        | ['o', 'a', 'y']
        | ['o', 'e', 'o']
        | ['u', 'â', 'y']
        | ['u', 'ô', 'i']
        | ['ư', 'ơ', 'i']
        | ['ư', 'ơ', 'u']
        | ['u', 'y', 'a']
        | ['u', 'y', 'u']
        | ['u', 'ê', 'u'] => group(true, false, 0b10),
        ['ă'] | ['â'] => group(false, true, 0b1),
        ['i', 'ê']
        | ['y', 'ê']
        | ['u', 'ô']
        | ['ư', 'ơ']
        | ['o', 'ă']
        | ['u', 'â']
        | ['o', 'o'] => group(false, true, 0b10),
        ['u', 'y', 'ê'] => group(false, true, 0b100),
        _ => None,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn is_onset(c: &[char]) -> bool {
    matches!(
        c,
        [] | ['b'
            | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x']
            | ['n', 'g' | 'h']
            | ['c' | 'g' | 'k' | 'p' | 't', 'h']
            | ['t', 'r']
            | ['n', 'g', 'h']
            | ['q', 'u']
            | ['g', 'i']
    )
}

fn is_coda(c: &[char]) -> bool {
    matches!(
        c,
        [] | ['c' | 'm' | 'n' | 'p' | 't'] | ['n', 'g' | 'h'] | ['c', 'h']
    )
}

/// True when `word` (letters only) is a well-formed Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    let mut base = ['\0'; 8];
    let mut len = 0;
    let mut tone = LEVEL;
    let mut tone_at = 0;
    let mut uppers = 0;
    let mut first_upper = false;
    for (i, c) in word.chars().enumerate() {
        let (b, t, up) = if c.is_ascii_alphabetic() {
            (c.to_ascii_lowercase(), LEVEL, c.is_ascii_uppercase())
        } else if let Some(l) = letter(c) {
            (l.base(), l.tone, l.upper)
        } else {
            return false;
        };
        if t != LEVEL {
            if tone != LEVEL {
                return false; // two tone marks
            }
            tone = t;
            tone_at = i;
        }
        if up {
            uppers += 1;
            first_upper |= i == 0;
        }
        if len == base.len() {
            return false;
        }
        base[len] = b;
        len += 1;
    }
    // lower case, Capitalised or ALL CAPS
    if !(uppers == 0 || uppers == len || (uppers == 1 && first_upper)) {
        return false;
    }
    let w = &base[..len];
    let Some(first_vowel) = w.iter().position(|&c| is_vowel(c)) else {
        return false;
    };
    // "qu" and "gi" take the vowel letter after them into the onset; "gi" need not ("gìn").
    let glide = match w[..first_vowel] {
        ['q'] | ['g'] if w.get(first_vowel + 1).is_some_and(|&c| is_vowel(c)) => {
            (w[first_vowel] == 'u' && w[0] == 'q') || (w[first_vowel] == 'i' && w[0] == 'g')
        }
        _ => false,
    };
    let onsets = [first_vowel + usize::from(glide), first_vowel];
    onsets[..1 + usize::from(glide && w[0] == 'g')]
        .iter()
        .any(|&o| rime_ok(w, o, tone, tone_at))
}

/// Does `w` split at `o` into a valid onset, vowel group and final consonant, with a
/// tone allowed by the final and sitting where the group carries it?
fn rime_ok(w: &[char], o: usize, tone: u8, tone_at: usize) -> bool {
    let (onset, rest) = w.split_at(o);
    let v = rest.iter().take_while(|&&c| is_vowel(c)).count();
    let (nucleus, coda) = rest.split_at(v);
    if !is_onset(onset) || !is_coda(coda) {
        return false;
    }
    let Some(g) = vowel_group(nucleus) else {
        return false;
    };
    if !(if coda.is_empty() { g.open } else { g.closed }) {
        return false;
    }
    let front_ie = matches!(nucleus[0], 'i' | 'e' | 'ê' | 'y');
    match onset {
        ['k'] | ['g', 'h'] | ['n', 'g', 'h'] if !front_ie => return false,
        ['c'] | ['n', 'g'] if front_ie => return false,
        ['c'] | ['k']
            if nucleus[0] == 'u' && nucleus.len() > 1 && !matches!(nucleus[1], 'a' | 'i' | 'ô') =>
        {
            return false; // a gliding u is written "qu"
        }
        _ => {}
    }
    if matches!(coda, ['c'] | ['c', 'h'] | ['p'] | ['t']) && !matches!(tone, ACUTE | DOT) {
        return false;
    }
    match coda {
        ['n', 'h'] | ['c', 'h']
            if !matches!(
                nucleus,
                ['a'] | ['ê'] | ['i'] | ['u', 'y'] | ['o', 'a'] | ['u', 'ê']
            ) =>
        {
            return false
        }
        ['n', 'g'] | ['c']
            if matches!(
                nucleus,
                ['ê'] | ['i'] | ['y'] | ['u', 'y'] | ['u', 'ê'] | ['ơ']
            ) =>
        {
            return false
        }
        _ => {}
    }
    tone == LEVEL
        || tone_at
            .checked_sub(o)
            .is_some_and(|p| p < 8 && g.places >> p & 1 == 1)
}

/// How Vietnamese a piece of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Sum over words: +2 a syllable with diacritics, +1 a plain syllable, 0 an
    /// acronym or other ASCII word, -1 other words of Vietnamese letters, -2 a word
    /// with any other character (Latin-1 symbols, U+FFFD, foreign letters).
    pub total: i64,
    /// Syllables of two or more letters with diacritics: positive evidence of
    /// Vietnamese (a lone toned vowel is too easily a stray byte).
    pub viet: u64,
}

/// Characters that separate words: spaces, ASCII punctuation and digits, general
/// punctuation, and C1 controls (neutral, so that hostile text never scores as mojibake).
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_alphabetic()
    } else {
        c.is_whitespace()
            || ('\u{80}'..='\u{9F}').contains(&c)
            || ('\u{2000}'..='\u{206F}').contains(&c)
    }
}

/// Rate `text` word by word (see [`Score`]).
pub fn score(text: &str) -> Score {
    let mut s = Score::default();
    for word in text.split(is_separator).filter(|w| !w.is_empty()) {
        let (w, ws) = word_score(word);
        s.total += w;
        s.viet += ws;
    }
    s
}

fn word_score(word: &str) -> (i64, u64) {
    if word.chars().any(|c| ('\u{300}'..='\u{36F}').contains(&c)) {
        let composed: String = word.nfc().collect();
        if composed
            .chars()
            .all(|c| !('\u{300}'..='\u{36F}').contains(&c))
        {
            return word_score(&composed);
        }
        return (-2, 0);
    }
    let mut ascii = true;
    for c in word.chars() {
        if c.is_ascii() {
            continue;
        }
        ascii = false;
        if letter(c).is_none() {
            return (-2, 0);
        }
    }
    if is_syllable(word) {
        if ascii {
            (1, 0)
        } else {
            (2, u64::from(word.chars().nth(1).is_some()))
        }
    } else if ascii || word.chars().all(|c| !c.is_lowercase()) {
        (0, 0)
    } else {
        (-1, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_take_apart_and_compose() {
        assert_eq!(all_letters().count(), 134);
        for c in all_letters() {
            let l = letter(c).unwrap();
            assert_eq!(l.to_char(), c);
            assert_eq!(compose(l.vowel, l.tone, l.upper), Some(c));
        }
        assert_eq!(letter('a'), None);
        assert_eq!(letter('ñ'), None);
        assert_eq!(letter('ệ').unwrap().base(), 'ê');
        assert_eq!(letter('ệ').unwrap().tone, DOT);
    }

    #[test]
    fn syllables() {
        for w in [
            "Việt",
            "nam",
            "được",
            "nghiêng",
            "khuếch",
            "quốc",
            "giữa",
            "gì",
            "thuyền",
            "ĐƯỜNG",
            "Hồ",
            "Chí",
            "Minh",
            "năm",
            "tuyên",
            "truyền",
            "xuân",
            "khuya",
            "oai",
            "yêu",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "Viêt",
            "ViƯt",
            "®\u{AD}îc",
            "ccc",
            "UBND",
            "cêt",
            "gha",
            "nghang",
            "mat",
            "àá",
            "Muñoz",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn score_prefers_real_text() {
        let good = score("Việt Nam được công nhận");
        let bad = score("ViÖt Nam ®\u{AD}îc c«ng nhËn");
        assert!(good.total > bad.total + 6, "{good:?} {bad:?}");
        assert_eq!(good.viet, 4);
        assert_eq!(bad.viet, 0);
        assert_eq!(score("Vie\u{323}\u{302}t").viet, 1);
    }
}
