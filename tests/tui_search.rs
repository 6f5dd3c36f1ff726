//! The reader's search: full-text mode (bodies, counts, n/N) and results from the worker
//! thread (stale ones dropped).

mod support;

use crossterm::event::{KeyCode, KeyModifiers};
use support::tui::{keys, library, press, press_mod, state};
use vanban::search::{Mode, Results};
use vanban::tui::State;

fn ctrl_f(s: &mut State) {
    press_mod(s, KeyCode::Char('f'), KeyModifiers::CONTROL);
}

fn texts() -> Vec<&'static str> {
    vec![
        "Báo cáo quý một\n\nNội dung không liên quan.\n",
        "Tổng kết năm\n\nHội thảo về thi đua. Thi đua yêu nước, thi đua lao động, thi đua học tập.\n",
        "Thi đua khen thưởng\n\nTiêu đề có từ đó nhưng thân bài không có.\n",
        "Kế hoạch\n\nPhát động thi đua trong toàn ngành.\n",
    ]
}

#[test]
fn full_text_lists_documents_whose_body_matches_with_counts() {
    let mut s = state(library(&texts()), 100, 30);
    ctrl_f(&mut s);
    assert!(s.full_text);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "thi");
    // Documents 1 and 3 say "thi" in their body (1 four times), not in their title.
    let counts: Vec<(usize, usize)> = s.visible.iter().copied().zip(s.counts.clone()).collect();
    assert_eq!(counts[0], (1, 4));
    assert!(counts.contains(&(3, 1)));
    assert!(!s.visible.contains(&0));
    for (d, k) in &counts {
        let found = vanban::search::find_in(s.lib.docs[*d].text(), "thi").len();
        assert_eq!(found, *k, "count of doc {d}");
    }
    // Back in title mode the list is the title ranking again, without counts.
    ctrl_f(&mut s);
    assert!(!s.full_text);
    assert!(s.counts.is_empty());
    assert_eq!(s.visible, vanban::search::rank(&s.lib, "thi"));
}

#[test]
fn n_and_shift_n_step_through_full_text_matches() {
    let mut s = state(library(&texts()), 100, 30);
    ctrl_f(&mut s);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "thi");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.open, Some(1));
    let text = s.lib.docs[1].text().to_string();
    let found: Vec<&str> = s.matches.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(found.len(), 4);
    assert!(found.iter().all(|f| f.to_lowercase() == "thi"));
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.current, Some(0));
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(s.current, Some(1));
    press(&mut s, KeyCode::Char('N'));
    press(&mut s, KeyCode::Char('N'));
    assert_eq!(s.current, Some(3));
}

#[test]
fn worker_results_for_an_old_query_are_dropped() {
    let mut s = state(library(&texts()), 100, 30);
    s.start_search(|| {});
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "ke");
    assert!(s.settle());
    let ke = s.visible.clone();
    assert_eq!(ke, vanban::search::rank(&s.lib, "ke"));
    press(&mut s, KeyCode::Char('h'));
    // The answer to "ke" coming late changes nothing: the query is "keh" now.
    let stale = Results {
        query: "ke".into(),
        mode: Mode::Keys,
        docs: vec![0],
        counts: Vec::new(),
        ranked: true,
    };
    assert!(!s.apply(stale));
    assert_eq!(s.visible, ke);
    // Nor does an answer in the other mode.
    let other = Results {
        query: "keh".into(),
        mode: Mode::FullText,
        docs: vec![0],
        counts: vec![1],
        ranked: true,
    };
    assert!(!s.apply(other));
    assert!(s.settle());
    assert_eq!(s.visible, vanban::search::rank(&s.lib, "keh"));
}

#[test]
fn worker_full_text_results_bring_counts() {
    let mut s = state(library(&texts()), 100, 30);
    s.start_search(|| {});
    ctrl_f(&mut s);
    press(&mut s, KeyCode::Char('/'));
    keys(&mut s, "thi");
    assert!(s.settle());
    let want = vanban::search::full_text(&s.lib, "thi");
    let got: Vec<(usize, usize)> = s.visible.iter().copied().zip(s.counts.clone()).collect();
    assert_eq!(got, want);
}
