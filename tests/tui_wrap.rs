//! Properties of display-width wrapping over arbitrary mixed text.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;
use vanban::text::wrap::{truncate, width, wrap};

/// Text mixing Vietnamese (NFC and NFD), ASCII, CJK, emoji, spaces and newlines.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Kết",
        "quả",
        "năm",
        "2009",
        " ",
        "  ",
        "\n",
        "漢字",
        "😀",
        "👨‍👩‍👧‍👦",
        "e\u{302}\u{301}",
        "a",
        "tập thể,",
        "\u{a0}",
        "1.743",
        "ĐƯỢC",
        "x",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn lines_fit_and_cover_every_word(s in text(), w in 1usize..30) {
        let lines = wrap(&s, w);
        let mut last_end = 0;
        for r in &lines {
            prop_assert!(r.start >= last_end && r.start <= r.end);
            let line = &s[r.clone()];
            prop_assert!(width(line) <= w || line.graphemes(true).count() == 1,
                "line {line:?} wider than {w}");
            // Lines start and end on grapheme boundaries.
            let bounds: Vec<usize> = s.grapheme_indices(true).map(|(i, _)| i).chain([s.len()]).collect();
            prop_assert!(bounds.contains(&r.start) && bounds.contains(&r.end));
            last_end = r.end;
        }
        // Whatever is not in a line is spaces or newlines.
        let mut covered = vec![false; s.len()];
        for r in &lines {
            covered[r.clone()].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in s.char_indices() {
            if !covered[i] {
                prop_assert!(c.is_whitespace(), "{c:?} at {i} dropped");
            }
        }
        // One line per newline at least.
        prop_assert!(lines.len() > s.matches('\n').count());
    }

    #[test]
    fn truncate_fits(s in text(), w in 0usize..30) {
        let t = truncate(&s, w);
        prop_assert!(width(&t) <= w);
        if width(&s) <= w {
            prop_assert_eq!(t.as_ref(), s.as_str());
        }
    }
}
