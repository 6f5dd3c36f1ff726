//! Plain text told in one look.
//!
//! Nearly every document is valid UTF-8 with nothing for the decoder to repair and nothing
//! for the cleaner to change, and the long way ([`looks_binary`], [`decode_owned`],
//! [`clean_owned`]) passes over its bytes five times to learn it: the UTF-16 probe (twice),
//! the control bytes, the mojibake check, the cleaner's scan. After the UTF-8 check
//! (simdutf8), one pass here looks for all that would send a text the long way, 32 bytes at
//! a time. By hand: no crate finds bytes of these classes, and the mojibake rules look at
//! two bytes either side.
//!
//! [`looks_binary`]: super::decode::looks_binary
//! [`decode_owned`]: super::decode::decode_owned
//! [`clean_owned`]: super::clean::clean_owned

use std::borrow::Cow;

#[cfg(test)]
use super::clean::VISIT;
use super::decode::{has_signature, BINARY_HEAD, UTF8_BOM};
#[cfg(test)]
use super::mojibake::suspicious_at;

/// What one look over a valid UTF-8 text found (in order: the worst found wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verdict {
    /// Nothing for the decoder or the cleaner: the text is clean as it is.
    Plain,
    /// Nothing for the decoder; something the cleaner must look at.
    Clean,
    /// A control byte in the head [`looks_binary`](super::decode::looks_binary) counts
    /// (binary? UTF-16?), or a character [`suspicious`](super::mojibake::suspicious) to the
    /// mojibake check: the long way.
    Long,
}

/// Text read the short way.
#[derive(Debug)]
pub struct Plain {
    /// What [`decode`](super::decode::decode) gives: the bytes as they are, as UTF-8, nothing
    /// replaced or repaired.
    pub text: String,
    /// Whether the cleaner must still go over it; if not, it is clean as it is.
    pub to_clean: bool,
}

/// The text of a file's bytes if they are plain: valid UTF-8 without a BOM, no binary
/// signature, no control byte but LF in the head (so neither binary nor UTF-16), nothing
/// suspicious to the mojibake check. Else the bytes, for the long way. Owned bytes become
/// the text without a copy.
pub fn plain(bytes: Cow<[u8]>) -> Result<Plain, Cow<[u8]>> {
    if has_signature(&bytes) || bytes.starts_with(UTF8_BOM) {
        return Err(bytes);
    }
    let verdict = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => survey(text),
        Err(_) => Verdict::Long,
    };
    if verdict == Verdict::Long {
        return Err(bytes);
    }
    // SAFETY: the bytes were checked to be UTF-8 just above (std's check is many times
    // slower on Vietnamese text).
    let text = unsafe { String::from_utf8_unchecked(bytes.into_owned()) };
    Ok(Plain {
        text,
        to_clean: verdict == Verdict::Clean,
    })
}

/// Look over `text` once; [`Verdict::Long`] where AVX2 is missing (the long way is then
/// the quicker one).
pub(crate) fn survey(text: &str) -> Verdict {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { avx2::survey(text.as_bytes()) };
    }
    let _ = text;
    Verdict::Long
}

/// A block's bytes are looked at with the two bytes either side of them.
const EDGE: usize = 2;
/// Bytes looked at in one step.
const BLOCK: usize = 32;

// The tests of one byte, which the blocks are held to.

/// Whether byte `j` of the valid UTF-8 `b` sends its text the long way: a control byte but
/// LF in the head, or a suspicious C2 or C3.
#[cfg(test)]
fn long_at(b: &[u8], j: usize) -> bool {
    (j < BINARY_HEAD && is_control(b[j])) || (b[j] & 0xFE == 0xC2 && suspicious_at(b, j))
}

#[cfg(test)]
fn is_control(x: u8) -> bool {
    x < 0x20 && x != b'\n'
}

/// Whether the cleaner has something to look at in byte `j` of `b`: a byte it visits, but
/// not a toned letter (E1 B8–BB) nor General Punctuation it keeps as it is (U+2010–U+2027:
/// dashes, quote marks, the ellipsis; E2 80 90–A7).
#[cfg(test)]
fn look_at(b: &[u8], j: usize) -> bool {
    let next = |k: usize| b.get(j + k).copied().unwrap_or(0);
    let toned = b[j] == 0xE1 && (0xB8..=0xBB).contains(&next(1));
    let kept = b[j] == 0xE2 && next(1) == 0x80 && (0x90..=0xA7).contains(&next(2));
    VISIT[b[j] as usize] && !toned && !kept
}

/// [`survey`] one byte at a time.
#[cfg(test)]
fn survey_bytes(b: &[u8]) -> Verdict {
    let mut verdict = Verdict::Plain;
    for j in 0..b.len() {
        if long_at(b, j) {
            return Verdict::Long;
        }
        if look_at(b, j) {
            verdict = Verdict::Clean;
        }
    }
    verdict
}

/// Bit k set when byte `at + k` is in the head [`looks_binary`](super::decode::looks_binary)
/// counts control bytes in.
fn head_bits(at: usize) -> u32 {
    match BINARY_HEAD.saturating_sub(at) {
        0 => 0,
        n if n >= BLOCK => u32::MAX,
        n => (1 << n) - 1,
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_blendv_epi8, _mm256_cmpeq_epi8,
        _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_shuffle_epi8, _mm256_sub_epi8,
    };

    use super::{head_bits, Verdict, BLOCK, EDGE};
    use crate::text::mojibake::{vowel_bit, C3_ALONE, C3_BEFORE_I, C3_RULES};

    /// Each lane's bit, by what a block holds there.
    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct Found {
        /// A C2 or C3 that starts a suspicious character.
        pub suspicious: u32,
        /// A byte below 0x20 but LF.
        pub control: u32,
        /// A byte the cleaner must look at.
        pub look: u32,
    }

    /// [`super::survey`], 32 bytes at a time.
    #[target_feature(enable = "avx2")]
    pub(super) fn survey(b: &[u8]) -> Verdict {
        let mut verdict = Verdict::Plain;
        for at in (0..b.len()).step_by(BLOCK) {
            let found = found_at(b, at);
            let lanes = lanes_in(b.len() - at);
            if (found.suspicious | (found.control & head_bits(at))) & lanes != 0 {
                return Verdict::Long;
            }
            if found.look & lanes != 0 {
                verdict = Verdict::Clean;
            }
        }
        verdict
    }

    /// Bit k set for the lanes of a block that hold bytes, when `left` bytes are left.
    pub(super) fn lanes_in(left: usize) -> u32 {
        match left {
            n if n >= BLOCK => u32::MAX,
            n => (1 << n) - 1,
        }
    }

    /// Bytes `at - 2 .. at + 34` of `b`, each 0 where `b` has none: a byte before the start
    /// or after the end is taken as no byte by every test in [`found_in`], as a 0 is.
    fn window(b: &[u8], at: usize) -> Window {
        let mut w = [0; WINDOW];
        let (from, to) = (at.saturating_sub(EDGE), b.len().min(at + BLOCK + EDGE));
        let start = from + EDGE - at;
        w[start..start + (to - from)].copy_from_slice(&b[from..to]);
        w
    }

    /// What bytes `at .. at + 32` of the valid UTF-8 `b` hold (lanes past its end hold
    /// nothing of note).
    #[target_feature(enable = "avx2")]
    pub(super) fn found_at(b: &[u8], at: usize) -> Found {
        // Most blocks are read in place; the first and the last from a copy.
        if at >= EDGE && at + BLOCK + EDGE <= b.len() {
            found_in(
                b[at - EDGE..at + BLOCK + EDGE]
                    .try_into()
                    .unwrap_or(&[0; WINDOW]),
            )
        } else {
            found_in(&window(b, at))
        }
    }

    /// [`C3_RULES`] by the low four bits, for bytes 80–8F (`LOW`) and 90–9F (`HIGH`, or
    /// A0–AF and B0–BF), in both 128-bit halves: a byte shuffle looks up within each half.
    const fn rules_half(high: bool) -> [u8; 32] {
        let mut t = [0; 32];
        let mut k = 0;
        while k < 32 {
            t[k] = C3_RULES[high as usize * 16 + k % 16];
            k += 1;
        }
        t
    }
    const RULES_LOW: [u8; 32] = rules_half(false);
    const RULES_HIGH: [u8; 32] = rules_half(true);

    #[target_feature(enable = "avx2")]
    fn load(bytes: &[u8; 32]) -> __m256i {
        // SAFETY: an unaligned load of the 32 bytes of `bytes`.
        unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
    }

    /// A block's bytes and two either side.
    const WINDOW: usize = BLOCK + 2 * EDGE;
    type Window = [u8; WINDOW];

    /// The 32 bytes of `window` from byte `k` (at most 4).
    #[target_feature(enable = "avx2")]
    fn load_from(window: &Window, k: usize) -> __m256i {
        let bytes: &[u8; 32] = window[k..k + BLOCK].try_into().unwrap_or(&[0; 32]);
        load(bytes)
    }

    #[target_feature(enable = "avx2")]
    fn splat(x: u8) -> __m256i {
        _mm256_set1_epi8(x as i8)
    }

    #[target_feature(enable = "avx2")]
    fn eq(a: __m256i, x: u8) -> __m256i {
        _mm256_cmpeq_epi8(a, splat(x))
    }

    /// Unsigned `a < x` (x > 0), as min(a, x - 1) == a.
    #[target_feature(enable = "avx2")]
    fn below(a: __m256i, x: u8) -> __m256i {
        _mm256_cmpeq_epi8(_mm256_min_epu8(a, splat(x - 1)), a)
    }

    /// Unsigned `a >= x`, as max(a, x) == a.
    #[target_feature(enable = "avx2")]
    fn at_least(a: __m256i, x: u8) -> __m256i {
        _mm256_cmpeq_epi8(_mm256_max_epu8(a, splat(x)), a)
    }

    #[target_feature(enable = "avx2")]
    fn and(a: __m256i, b: __m256i) -> __m256i {
        _mm256_and_si256(a, b)
    }

    #[target_feature(enable = "avx2")]
    fn or(a: __m256i, b: __m256i) -> __m256i {
        _mm256_or_si256(a, b)
    }

    /// `a` and not `b`.
    #[target_feature(enable = "avx2")]
    fn but(a: __m256i, b: __m256i) -> __m256i {
        _mm256_andnot_si256(b, a)
    }

    #[target_feature(enable = "avx2")]
    fn bits(a: __m256i) -> u32 {
        _mm256_movemask_epi8(a) as u32
    }

    /// What the 32 bytes in the middle of `window` hold, by the tests of [`super::long_at`]
    /// and [`super::look_at`]: lane k of each vector is about byte k + 2 of the window, the
    /// same lane of `p2`, `p1`, `n1`, `n2` about the bytes two and one before it and one
    /// and two after it.
    #[target_feature(enable = "avx2")]
    fn found_in(window: &Window) -> Found {
        let [p2, p1, v, n1, n2] = [0, 1, 2, 3, 4].map(|k| load_from(window, k));
        let control = but(below(v, 0x20), eq(v, b'\n'));
        let c2 = eq(v, 0xC2);
        // mojibake::suspicious_at. C2: anything but a no-break space.
        let odd_c2 = but(c2, eq(n1, 0xA0));
        // C3, then x (80–BF in valid UTF-8): the rules of x by its low five bits.
        let low4 = and(n1, splat(0x0F));
        let rules = _mm256_blendv_epi8(
            _mm256_shuffle_epi8(load(&RULES_LOW), low4),
            _mm256_shuffle_epi8(load(&RULES_HIGH), low4),
            eq(and(n1, splat(0x10)), 0x10),
        );
        // The vowel before it (mojibake::vowel_before): "ô", or an ASCII vowel.
        let lower = or(p1, splat(0x20));
        let o_hat = and(eq(p2, 0xC3), eq(lower, 0xB4));
        let mut vowel = and(o_hat, splat(vowel_bit(0xF4)));
        for c in [b'a', b'e', b'o', b'u', b'y'] {
            vowel = or(vowel, and(eq(lower, c), splat(vowel_bit(c))));
        }
        // Of its rules: alone wherever it is, a VNI mark after its vowels, before an "i".
        let before_i = and(eq(n2, b'i'), splat(C3_BEFORE_I));
        let apply = or(or(vowel, splat(C3_ALONE)), before_i);
        let ruled_out = eq(and(rules, apply), 0);
        // A capital (80–9F) after a lower-case letter (mojibake::after_lower_case).
        let capital = eq(and(n1, splat(0x20)), 0);
        let ascii_lower = below(_mm256_sub_epi8(p1, splat(b'a')), 26);
        let latin_lower = and(eq(p2, 0xC3), at_least(p1, 0xA0));
        let odd_capital = and(capital, or(ascii_lower, latin_lower));
        let odd_c3 = but(eq(v, 0xC3), but(ruled_out, odd_capital));
        // clean::VISIT, but toned letters (E1 B8–BB) and kept punctuation (E2 80 90–A7).
        let visit = or(or(control, at_least(v, 0xCC)), or(eq(v, 0x7F), c2));
        let toned = and(eq(v, 0xE1), eq(and(n1, splat(0xFC)), 0xB8));
        let kept = and(
            and(eq(v, 0xE2), eq(n1, 0x80)),
            below(_mm256_sub_epi8(n2, splat(0x90)), 0x18),
        );
        Found {
            suspicious: bits(or(odd_c2, odd_c3)),
            control: bits(control),
            look: bits(but(visit, or(toned, kept))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Characters about every rule's edges: Vietnamese letters, capitals after lower case,
    /// VNI marks after their vowels, toned vowels before "i", no-break spaces, Latin-1
    /// symbols, controls, toned letters, kept and other punctuation.
    const CHARS: &str = "aeouyiAEOUYIbn ôÔâáàãêéèúùõìíýÂÁÀÊÉÌÍÝÖñïËÇ×÷\u{A0}\u{AD}®«\u{85}\u{9B}\
        đơưệếỳ\u{1E00}\u{1EFF}‘’“”–—…•\u{2028}\u{2029}\u{200B}\u{202E}\u{2030}\u{2000}\u{2066}\
        \t\r\n\u{0}\u{1}\u{1B}\u{7F}\u{300}\u{301}€😀";

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars: Vec<char> = CHARS.chars().collect();
        prop::collection::vec(prop::sample::select(chars), 0..max)
            .prop_map(|v| v.into_iter().collect())
    }

    fn config(cases: u32) -> ProptestConfig {
        ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn each_lane_of_a_block_is_its_byte_test() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        proptest!(config(3000), |(s in text(60))| {
            let b = s.as_bytes();
            // Every block, the first and the last (read from copies) among them.
            for at in (0..b.len()).step_by(BLOCK) {
                // SAFETY: the CPU has AVX2, checked above.
                let found = unsafe { avx2::found_at(b, at) };
                let lanes = |test: &dyn Fn(usize) -> bool| {
                    (0..BLOCK.min(b.len() - at)).fold(0u32, |m, k| m | u32::from(test(at + k)) << k)
                };
                let by_bytes = avx2::Found {
                    suspicious: lanes(&|j| b[j] & 0xFE == 0xC2 && suspicious_at(b, j)),
                    control: lanes(&|j| is_control(b[j])),
                    look: lanes(&|j| look_at(b, j)),
                };
                let held = avx2::lanes_in(b.len() - at);
                let found = avx2::Found {
                    suspicious: found.suspicious & held,
                    control: found.control & held,
                    look: found.look & held,
                };
                prop_assert_eq!(&found, &by_bytes, "{:?} at {}", s, at);
            }
        });
    }

    /// Whether [`survey`] looks (with AVX2), rather than sending every text the long way.
    fn surveys() -> bool {
        survey("x") != Verdict::Long
    }

    #[test]
    fn the_survey_is_its_byte_test() {
        if !surveys() {
            return;
        }
        proptest!(config(3000), |(s in text(90))| {
            prop_assert_eq!(survey(&s), survey_bytes(s.as_bytes()), "{:?}", s);
        });
    }

    #[test]
    fn the_head_ends_inside_a_block() {
        // A control byte just inside the head sends the text the long way; one just
        // past it only gives the cleaner something to do.
        for at in [BINARY_HEAD - 1, BINARY_HEAD] {
            let mut s = "Hoc tap ".repeat(2000);
            s.replace_range(at..at + 1, "\u{7}");
            let expected = if at < BINARY_HEAD {
                Verdict::Long
            } else {
                Verdict::Clean
            };
            assert_eq!(survey_bytes(s.as_bytes()), expected);
            if surveys() {
                assert_eq!(survey(&s), expected);
            }
        }
        assert_eq!(head_bits(BINARY_HEAD - 3), 0b111);
        assert_eq!(head_bits(BINARY_HEAD - BLOCK), u32::MAX);
        assert_eq!(head_bits(BINARY_HEAD), 0);
    }
}
