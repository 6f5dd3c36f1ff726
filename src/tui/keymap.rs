//! Keys to actions through one table, [`BINDINGS`]. The help overlay is generated from the
//! same table, so it always tells what the keys do.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::state::Action;

/// Which bindings apply: while reading, while typing a filter, while the help is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Help,
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any printable character (typed into the filter).
    AnyChar,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use Key::{AnyChar, Char, Code, Ctrl};
use Mode::{Filter, Help, Normal};

const ALL: &[Mode] = &[Normal, Filter, Help];
const READ: &[Mode] = &[Normal, Help];
const NORMAL: &[Mode] = &[Normal];
const TYPING: &[Mode] = &[Filter];

const fn bind(
    modes: &'static [Mode],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        help,
    }
}

/// The first binding that fits the mode and key wins, so typing comes before movement.
pub const BINDINGS: &[Binding] = &[
    bind(
        TYPING,
        &[AnyChar],
        Action::Type(' '),
        "type: narrow the list",
    ),
    bind(
        TYPING,
        &[Code(KeyCode::Backspace)],
        Action::Backspace,
        "delete the last character",
    ),
    bind(
        TYPING,
        &[Code(KeyCode::Enter)],
        Action::Activate,
        "keep the filter, read the document",
    ),
    bind(
        ALL,
        &[Char('j'), Code(KeyCode::Down)],
        Action::Down,
        "down: next document, line or fact",
    ),
    bind(ALL, &[Char('k'), Code(KeyCode::Up)], Action::Up, "up"),
    bind(
        ALL,
        &[Code(KeyCode::PageDown), Char(' ')],
        Action::PageDown,
        "page down",
    ),
    bind(
        ALL,
        &[Code(KeyCode::PageUp), Char('b')],
        Action::PageUp,
        "page up",
    ),
    bind(
        ALL,
        &[Char('g'), Code(KeyCode::Home)],
        Action::Top,
        "to the top",
    ),
    bind(
        ALL,
        &[Char('G'), Code(KeyCode::End)],
        Action::Bottom,
        "to the end",
    ),
    bind(
        &[Normal, Filter],
        &[Code(KeyCode::Tab)],
        Action::NextPane,
        "next pane: list, reader, facts",
    ),
    bind(
        &[Normal, Filter],
        &[Code(KeyCode::BackTab)],
        Action::PrevPane,
        "previous pane",
    ),
    bind(
        NORMAL,
        &[Code(KeyCode::Enter)],
        Action::Activate,
        "open the document / jump to the fact's sentence",
    ),
    bind(
        ALL,
        &[Code(KeyCode::Esc)],
        Action::Back,
        "back: close an overlay, go to the list, clear the filter",
    ),
    bind(
        NORMAL,
        &[Char('/')],
        Action::StartFilter,
        "filter the list as you type",
    ),
    bind(
        NORMAL,
        &[Char('n')],
        Action::NextMatch,
        "next match of the filter in the text",
    ),
    bind(NORMAL, &[Char('N')], Action::PrevMatch, "previous match"),
    bind(
        NORMAL,
        &[Char('f')],
        Action::ToggleFacts,
        "show or hide the facts panel",
    ),
    bind(READ, &[Char('?')], Action::Help, "show or close this help"),
    bind(READ, &[Char('q')], Action::Quit, "quit"),
    bind(ALL, &[Ctrl('c')], Action::Quit, "quit"),
    bind(ALL, &[Ctrl('z')], Action::Suspend, "suspend (fg resumes)"),
    bind(ALL, &[Ctrl('l')], Action::Redraw, "redraw the screen"),
];

impl Key {
    fn matches(self, k: &KeyEvent) -> bool {
        let ctrl_alt = k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (self, k.code) {
            (Char(c), KeyCode::Char(x)) => c == x && !ctrl_alt,
            (Ctrl(c), KeyCode::Char(x)) => {
                c == x.to_ascii_lowercase() && k.modifiers.contains(KeyModifiers::CONTROL)
            }
            (AnyChar, KeyCode::Char(x)) => !ctrl_alt && !x.is_control(),
            (Code(c), code) => c == code,
            _ => false,
        }
    }

    /// The key's name in the help.
    pub fn name(self) -> String {
        match self {
            Char(' ') => "Space".into(),
            Char(c) => c.to_string(),
            Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            AnyChar => "text".into(),
            Code(KeyCode::Down) => "↓".into(),
            Code(KeyCode::Up) => "↑".into(),
            Code(KeyCode::PageDown) => "PgDn".into(),
            Code(KeyCode::PageUp) => "PgUp".into(),
            Code(KeyCode::BackTab) => "Shift-Tab".into(),
            Code(c) => c.to_string(),
        }
    }
}

/// The action a key asks for in `mode`.
pub fn key_action(mode: Mode, k: &KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let b = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|key| key.matches(k)))?;
    Some(match (b.action, k.code) {
        (Action::Type(_), KeyCode::Char(c)) => Action::Type(c),
        (a, _) => a,
    })
}

/// Esc and a key that arrive together (quickly typed, or in one packet over SSH) reach us
/// as Alt+key. No binding uses Alt, so such a key is split back into Esc, then the key.
pub fn split_alt(ev: Event) -> Vec<Event> {
    match ev {
        Event::Key(k) if k.modifiers.contains(KeyModifiers::ALT) => {
            let mut plain = k;
            plain.modifiers.remove(KeyModifiers::ALT);
            vec![
                Event::Key(KeyEvent::new_with_kind(
                    KeyCode::Esc,
                    KeyModifiers::NONE,
                    k.kind,
                )),
                Event::Key(plain),
            ]
        }
        ev => vec![ev],
    }
}

/// The actions a terminal event asks for. Mouse events give none when `mouse` is off.
pub fn event_actions(mode: Mode, ev: &Event, mouse: bool) -> Vec<Action> {
    match ev {
        Event::Key(k) => key_action(mode, k).into_iter().collect(),
        Event::Resize(w, h) => vec![Action::Resize(*w, *h)],
        Event::Paste(s) if mode == Mode::Filter => s
            .chars()
            .filter(|c| !c.is_control())
            .map(Action::Type)
            .collect(),
        Event::Mouse(m) if mouse => mouse_action(m).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn mouse_action(m: &MouseEvent) -> Option<Action> {
    let (x, y) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollDown => Some(Action::Wheel { x, y, down: true }),
        MouseEventKind::ScrollUp => Some(Action::Wheel { x, y, down: false }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(x, y)),
        _ => None,
    }
}

/// The help text: (keys, what they do) per binding, a heading row before each group.
/// Headings have empty keys.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for (title, reading) in [("Reading", true), ("While typing a filter (/)", false)] {
        out.push((String::new(), title));
        for b in BINDINGS
            .iter()
            .filter(|b| b.modes.contains(&Normal) == reading)
        {
            let keys: Vec<String> = b.keys.iter().map(|k| k.name()).collect();
            out.push((keys.join(" "), b.help));
        }
    }
    out.push((
        String::new(),
        "Mouse: wheel scrolls, click selects (--no-mouse turns it off)",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn letters_type_while_filtering_and_move_otherwise() {
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(key_action(Mode::Filter, &j), Some(Action::Type('j')));
        assert_eq!(key_action(Mode::Normal, &j), Some(Action::Down));
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(key_action(Mode::Filter, &q), Some(Action::Type('q')));
        assert_eq!(key_action(Mode::Normal, &q), Some(Action::Quit));
    }

    #[test]
    fn ctrl_keys_work_in_every_mode() {
        let c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for m in [Mode::Normal, Mode::Filter, Mode::Help] {
            assert_eq!(key_action(m, &c), Some(Action::Quit));
        }
        let z = key(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(key_action(Mode::Filter, &z), Some(Action::Suspend));
    }

    #[test]
    fn shifted_letters_and_release_events() {
        let g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(key_action(Mode::Normal, &g), Some(Action::Bottom));
        let mut up = key(KeyCode::Char('j'), KeyModifiers::NONE);
        up.kind = KeyEventKind::Release;
        assert_eq!(key_action(Mode::Normal, &up), None);
    }

    #[test]
    fn every_binding_is_reachable_and_in_the_help() {
        let help = help_lines();
        for b in BINDINGS {
            let names: Vec<String> = b.keys.iter().map(|k| k.name()).collect();
            assert!(
                help.iter()
                    .any(|(k, h)| *k == names.join(" ") && *h == b.help),
                "{names:?} missing from help"
            );
            // The first key of each binding leads to its action in its first mode,
            // unless an earlier binding of that mode takes the key.
            let mode = b.modes[0];
            let k = b.keys[0];
            let ev = match k {
                Char(c) => key(KeyCode::Char(c), KeyModifiers::NONE),
                AnyChar => key(KeyCode::Char('x'), KeyModifiers::NONE),
                Ctrl(c) => key(KeyCode::Char(c), KeyModifiers::CONTROL),
                Code(c) => key(c, KeyModifiers::NONE),
            };
            let got = key_action(mode, &ev).expect("bound key gives an action");
            let same = match (got, b.action) {
                (Action::Type(_), Action::Type(_)) => true,
                (g, a) => g == a,
            };
            assert!(
                same,
                "{k:?} in {mode:?} gave {got:?}, table says {:?}",
                b.action
            );
        }
    }

    #[test]
    fn alt_keys_are_esc_then_the_key() {
        let alt_j = Event::Key(key(KeyCode::Char('j'), KeyModifiers::ALT));
        let split = split_alt(alt_j);
        assert_eq!(
            split,
            [
                Event::Key(key(KeyCode::Esc, KeyModifiers::NONE)),
                Event::Key(key(KeyCode::Char('j'), KeyModifiers::NONE)),
            ]
        );
        let j = Event::Key(key(KeyCode::Char('j'), KeyModifiers::NONE));
        assert_eq!(split_alt(j.clone()), [j]);
    }

    #[test]
    fn mouse_can_be_turned_off() {
        let m = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            event_actions(Mode::Normal, &m, true),
            [Action::Wheel {
                x: 3,
                y: 4,
                down: true
            }]
        );
        assert!(event_actions(Mode::Normal, &m, false).is_empty());
    }

    #[test]
    fn paste_types_only_printable_text() {
        let p = Event::Paste("Kết\nquả\u{1b}".into());
        let typed: String = event_actions(Mode::Filter, &p, true)
            .into_iter()
            .map(|a| match a {
                Action::Type(c) => c,
                _ => '!',
            })
            .collect();
        assert_eq!(typed, "Kếtquả");
        assert!(event_actions(Mode::Normal, &p, true).is_empty());
    }
}
