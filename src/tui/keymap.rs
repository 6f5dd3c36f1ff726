//! Keys to actions. [`COMMANDS`] is the one list of what the reader can do: each command's
//! name (the name the config file's `[keys]` uses), its action, its default keys and its
//! help. The config file changes the keys ([`Keymap`]); the help overlay and the status bar
//! are generated from the keymap in use, so they always tell the keys that work.

use std::sync::LazyLock;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::action::Action;
use crate::config::{Bindable, Key, Keymap};

/// Which keys apply: while reading, while typing a filter, while the help is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Filter,
    Help,
}

/// The help's sections, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Moving,
    Finding,
    Tools,
    Program,
}

impl Group {
    const ALL: [Group; 4] = [Group::Moving, Group::Finding, Group::Tools, Group::Program];

    fn title(self) -> &'static str {
        match self {
            Group::Moving => "Moving",
            Group::Finding => "Finding",
            Group::Tools => "Awards, bookmarks, read marks, copying",
            Group::Program => "The program",
        }
    }
}

/// One thing the user can ask for by a key.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The name in the config file (`[keys] quit = ["q"]`).
    pub name: &'static str,
    pub action: Action,
    /// Also works while typing a filter (only through keys that do not type a character).
    pub typing: bool,
    /// Default keys, as the config file writes them.
    pub keys: &'static [&'static str],
    pub group: Group,
    pub help: &'static str,
}

const fn cmd(
    name: &'static str,
    action: Action,
    typing: bool,
    keys: &'static [&'static str],
    group: Group,
    help: &'static str,
) -> Command {
    Command {
        name,
        action,
        typing,
        keys,
        group,
        help,
    }
}

use Group::{Finding, Moving, Program, Tools};

/// Every command, in the order the help and the config file list them.
pub const COMMANDS: &[Command] = &[
    cmd(
        "down",
        Action::Down,
        true,
        &["j", "down"],
        Moving,
        "down: next document, line, fact or row",
    ),
    cmd("up", Action::Up, true, &["k", "up"], Moving, "up"),
    cmd(
        "page_down",
        Action::PageDown,
        true,
        &["pgdn", "space"],
        Moving,
        "page down",
    ),
    cmd(
        "page_up",
        Action::PageUp,
        true,
        &["pgup", "b"],
        Moving,
        "page up",
    ),
    cmd(
        "top",
        Action::Top,
        true,
        &["g", "home"],
        Moving,
        "to the top",
    ),
    cmd(
        "bottom",
        Action::Bottom,
        true,
        &["G", "end"],
        Moving,
        "to the end",
    ),
    cmd(
        "next_pane",
        Action::NextPane,
        true,
        &["tab"],
        Moving,
        "next pane: list, reader, facts",
    ),
    cmd(
        "prev_pane",
        Action::PrevPane,
        true,
        &["shift-tab"],
        Moving,
        "previous pane",
    ),
    cmd(
        "open",
        Action::Activate,
        false,
        &["enter"],
        Moving,
        "open the document; go to the fact, row or bookmark",
    ),
    cmd(
        "back",
        Action::Back,
        true,
        &["esc"],
        Moving,
        "back: close an overlay, go to the list, clear the filter",
    ),
    cmd(
        "filter",
        Action::StartFilter,
        false,
        &["/"],
        Finding,
        "filter the list and the awards table as you type",
    ),
    cmd(
        "next_match",
        Action::NextMatch,
        false,
        &["n"],
        Finding,
        "next match of the filter in the text",
    ),
    cmd(
        "prev_match",
        Action::PrevMatch,
        false,
        &["N"],
        Finding,
        "previous match",
    ),
    cmd(
        "full_text",
        Action::FullText,
        true,
        &["ctrl-f"],
        Finding,
        "filter by titles or by the full text (with match counts)",
    ),
    cmd(
        "facts",
        Action::ToggleFacts,
        false,
        &["f"],
        Finding,
        "show or hide the facts panel",
    ),
    cmd(
        "furniture",
        Action::Furniture,
        false,
        &["z"],
        Finding,
        "show or fold the page around the article (menus, “Phản hồi” …)",
    ),
    cmd(
        "awards",
        Action::Awards,
        false,
        &["a"],
        Tools,
        "the awards table of the whole library (again: close it)",
    ),
    cmd(
        "sort",
        Action::Sort,
        false,
        &["s"],
        Tools,
        "awards table: sort by the next column",
    ),
    cmd(
        "reverse",
        Action::Reverse,
        false,
        &["S"],
        Tools,
        "awards table: reverse the order",
    ),
    cmd(
        "group",
        Action::Group,
        false,
        &["v"],
        Tools,
        "awards table: statements, or totals by place and year (Enter: its statements)",
    ),
    cmd(
        "bookmark",
        Action::Bookmark,
        false,
        &["m"],
        Tools,
        "bookmark the reader's place",
    ),
    cmd(
        "bookmarks",
        Action::Bookmarks,
        false,
        &["'"],
        Tools,
        "list the bookmarks",
    ),
    cmd(
        "delete",
        Action::Delete,
        false,
        &["d", "delete"],
        Tools,
        "delete the selected bookmark",
    ),
    cmd(
        "read",
        Action::ToggleRead,
        false,
        &["u"],
        Tools,
        "mark the document read or unread (opening it marks it read)",
    ),
    cmd(
        "all_read",
        Action::MarkAllRead,
        false,
        &["A"],
        Tools,
        "mark every document listed read",
    ),
    cmd(
        "unread_only",
        Action::UnreadOnly,
        false,
        &["U"],
        Tools,
        "list unread documents only (again: all)",
    ),
    cmd(
        "copy",
        Action::Copy,
        false,
        &["y"],
        Tools,
        "copy the sentence of the fact, award row or reader (OSC 52)",
    ),
    cmd(
        "warnings",
        Action::Warnings,
        false,
        &["w"],
        Tools,
        "files skipped and other warnings",
    ),
    cmd(
        "help",
        Action::Help,
        false,
        &["?", "f1"],
        Program,
        "show or close this help",
    ),
    cmd(
        "quit",
        Action::Quit,
        true,
        &["q", "ctrl-c"],
        Program,
        "quit",
    ),
    cmd(
        "suspend",
        Action::Suspend,
        true,
        &["ctrl-z"],
        Program,
        "suspend (fg resumes)",
    ),
    cmd(
        "redraw",
        Action::Redraw,
        true,
        &["ctrl-l"],
        Program,
        "redraw the screen",
    ),
    cmd(
        "reload",
        Action::Reload,
        true,
        &["R", "ctrl-r"],
        Program,
        "read the documents again (the folder is also watched)",
    ),
];

/// The keys of the filter line, which the config file does not change.
/// What the config file's `[keys]` table may name, made from [`COMMANDS`]: settings are
/// read by the reader, so the reader hands its table to them.
pub static BINDABLE: LazyLock<Vec<Bindable>> = LazyLock::new(|| {
    COMMANDS
        .iter()
        .map(|c| Bindable {
            name: c.name,
            keys: c.keys,
            help: c.help,
        })
        .collect()
});

const TYPING_HELP: &[(&str, &str)] = &[
    ("text", "type: narrow the list"),
    ("Backspace", "delete the last character"),
    ("Enter", "keep the filter, read the document or the table"),
];

/// Ctrl-C quits even when the config file leaves it out of `quit`, unless it gives it to
/// another command: there is always a way out.
const CTRL_C_HELP: &str = "quit (always, unless given to another command)";

fn ctrl_c() -> Key {
    Key {
        code: KeyCode::Char('c'),
        mods: KeyModifiers::CONTROL,
    }
}

/// The command called `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The action a key asks for in `mode`, under `keys`.
pub fn key_action(keys: &Keymap, mode: Mode, k: &KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if mode == Mode::Filter {
        let plain = !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match k.code {
            KeyCode::Char(c) if plain && !c.is_control() => return Some(Action::Type(c)),
            KeyCode::Backspace => return Some(Action::Backspace),
            KeyCode::Enter => return Some(Action::Activate),
            _ => {}
        }
    }
    let key = Key::from_event(k);
    match keys.action(&key).and_then(command) {
        Some(c) if mode != Mode::Filter || c.typing => Some(c.action),
        Some(_) => None,
        None if key == ctrl_c() => Some(Action::Quit),
        None => None,
    }
}

/// Esc and a key that arrive together (quickly typed, or in one packet over SSH) reach us
/// as Alt+key. Unless the keymap binds that Alt key, it is split back into Esc, then the key.
pub fn split_alt(keys: &Keymap, ev: Event) -> Vec<Event> {
    match ev {
        Event::Key(k)
            if k.modifiers.contains(KeyModifiers::ALT)
                && keys.action(&Key::from_event(&k)).is_none() =>
        {
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
pub fn event_actions(keys: &Keymap, mode: Mode, ev: &Event, mouse: bool) -> Vec<Action> {
    match ev {
        Event::Key(k) => key_action(keys, mode, k).into_iter().collect(),
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

/// A key's name as the help shows it: "j", "↓", "PgDn", "Ctrl-C", "Shift-Tab".
pub fn key_name(k: &Key) -> String {
    let mut out = String::new();
    if k.mods.contains(KeyModifiers::CONTROL) {
        out += "Ctrl-";
    }
    if k.mods.contains(KeyModifiers::ALT) {
        out += "Alt-";
    }
    if k.mods.contains(KeyModifiers::SHIFT) {
        out += "Shift-";
    }
    let ctrl = k.mods.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Char(' ') => out += "Space",
        KeyCode::Char(c) if ctrl => out.extend(c.to_uppercase()),
        KeyCode::Char(c) => out.push(c),
        KeyCode::Down => out += "↓",
        KeyCode::Up => out += "↑",
        KeyCode::Left => out += "←",
        KeyCode::Right => out += "→",
        KeyCode::PageDown => out += "PgDn",
        KeyCode::PageUp => out += "PgUp",
        KeyCode::BackTab => out += "Shift-Tab",
        KeyCode::Delete => out += "Del",
        KeyCode::Insert => out += "Ins",
        KeyCode::F(n) => out += &format!("F{n}"),
        c => out += &c.to_string(),
    }
    out
}

/// The keys of command `name` as the help shows them, "" when it has none.
pub fn keys_of(keys: &Keymap, name: &str) -> String {
    let names: Vec<String> = keys.keys(name).iter().map(key_name).collect();
    names.join(" ")
}

/// The first key of command `name`, for hints ("? help"); `None` when it has none.
pub fn first_key(keys: &Keymap, name: &str) -> Option<String> {
    keys.keys(name).first().map(key_name)
}

/// The help text under `keys`: (keys, what they do) per command, a heading row (empty
/// keys) before each group. A command without keys shows "–".
pub fn help_lines(keys: &Keymap) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for g in Group::ALL {
        out.push((String::new(), g.title()));
        for c in COMMANDS.iter().filter(|c| c.group == g) {
            let k = keys_of(keys, c.name);
            out.push((if k.is_empty() { "–".into() } else { k }, c.help));
        }
        if g == Group::Program && keys.action(&ctrl_c()).is_none() {
            out.push((key_name(&ctrl_c()), CTRL_C_HELP));
        }
    }
    out.push((String::new(), "While typing a filter (/)"));
    for (k, what) in TYPING_HELP {
        out.push((k.to_string(), *what));
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

    fn action(mode: Mode, code: KeyCode, m: KeyModifiers) -> Option<Action> {
        key_action(&Keymap::new(&BINDABLE), mode, &key(code, m))
    }

    #[test]
    fn letters_type_while_filtering_and_act_otherwise() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            action(Mode::Filter, KeyCode::Char('j'), none),
            Some(Action::Type('j'))
        );
        assert_eq!(
            action(Mode::Normal, KeyCode::Char('j'), none),
            Some(Action::Down)
        );
        assert_eq!(
            action(Mode::Filter, KeyCode::Char('q'), none),
            Some(Action::Type('q'))
        );
        assert_eq!(
            action(Mode::Normal, KeyCode::Char('q'), none),
            Some(Action::Quit)
        );
        // Keys that do not type still move while typing; Enter keeps the filter.
        assert_eq!(
            action(Mode::Filter, KeyCode::Down, none),
            Some(Action::Down)
        );
        assert_eq!(
            action(Mode::Filter, KeyCode::Enter, none),
            Some(Action::Activate)
        );
        assert_eq!(action(Mode::Filter, KeyCode::F(1), none), None);
    }

    #[test]
    fn ctrl_keys_work_in_every_mode() {
        for m in [Mode::Normal, Mode::Filter, Mode::Help] {
            assert_eq!(
                action(m, KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::Quit)
            );
        }
        assert_eq!(
            action(Mode::Filter, KeyCode::Char('z'), KeyModifiers::CONTROL),
            Some(Action::Suspend)
        );
    }

    #[test]
    fn shifted_letters_and_release_events() {
        assert_eq!(
            action(Mode::Normal, KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Action::Bottom)
        );
        let mut up = key(KeyCode::Char('j'), KeyModifiers::NONE);
        up.kind = KeyEventKind::Release;
        assert_eq!(key_action(&Keymap::new(&BINDABLE), Mode::Normal, &up), None);
    }

    #[test]
    fn every_command_is_named_once_reachable_and_in_the_help() {
        let km = Keymap::new(&BINDABLE);
        let help = help_lines(&km);
        for (i, c) in COMMANDS.iter().enumerate() {
            assert!(
                COMMANDS[..i].iter().all(|o| o.name != c.name),
                "{} twice",
                c.name
            );
            assert_eq!(
                km.keys(c.name).len(),
                c.keys.len(),
                "{}: no key lost",
                c.name
            );
            let shown = keys_of(&km, c.name);
            assert!(
                help.iter().any(|(k, h)| *k == shown && *h == c.help),
                "{} missing from help",
                c.name
            );
            for k in km.keys(c.name) {
                let ev = KeyEvent::new(k.code, k.mods);
                assert_eq!(
                    key_action(&km, Mode::Normal, &ev),
                    Some(c.action),
                    "{k} in normal mode"
                );
            }
        }
    }

    #[test]
    fn a_remapped_key_acts_and_shows_in_the_help() {
        let (cfg, w) =
            crate::config::Config::parse("[keys]\nquit = [\"x\"]\n", "c.toml", &BINDABLE);
        assert!(w.is_empty(), "{w:?}");
        let km = cfg.keys;
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(key_action(&km, Mode::Normal, &x), Some(Action::Quit));
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(key_action(&km, Mode::Normal, &q), None);
        let help = help_lines(&km);
        assert!(help.iter().any(|(k, h)| k == "x" && *h == "quit"));
        // Ctrl-C still quits; given to another command, it does that instead.
        let c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(key_action(&km, Mode::Normal, &c), Some(Action::Quit));
        let (cfg, _) =
            crate::config::Config::parse("[keys]\ncopy = [\"ctrl-c\"]\n", "c.toml", &BINDABLE);
        assert_eq!(key_action(&cfg.keys, Mode::Normal, &c), Some(Action::Copy));
        assert!(!help_lines(&cfg.keys).iter().any(|(_, h)| *h == CTRL_C_HELP));
    }

    #[test]
    fn key_names() {
        let n = |s: &str| key_name(&s.parse().unwrap());
        assert_eq!(
            [n("j"), n("down"), n("pgdn"), n("space"), n("ctrl-c")],
            ["j", "↓", "PgDn", "Space", "Ctrl-C"]
        );
        assert_eq!(
            [n("shift-tab"), n("enter"), n("esc"), n("f1"), n("alt-x")],
            ["Shift-Tab", "Enter", "Esc", "F1", "Alt-x"]
        );
    }

    #[test]
    fn alt_keys_are_esc_then_the_key_unless_bound() {
        let km = Keymap::new(&BINDABLE);
        let alt_j = Event::Key(key(KeyCode::Char('j'), KeyModifiers::ALT));
        assert_eq!(
            split_alt(&km, alt_j.clone()),
            [
                Event::Key(key(KeyCode::Esc, KeyModifiers::NONE)),
                Event::Key(key(KeyCode::Char('j'), KeyModifiers::NONE)),
            ]
        );
        let j = Event::Key(key(KeyCode::Char('j'), KeyModifiers::NONE));
        assert_eq!(split_alt(&km, j.clone()), [j]);
        let (cfg, _) =
            crate::config::Config::parse("[keys]\ndown = [\"alt-j\"]\n", "c.toml", &BINDABLE);
        assert_eq!(split_alt(&cfg.keys, alt_j.clone()), [alt_j]);
    }

    #[test]
    fn mouse_can_be_turned_off() {
        let m = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        let km = Keymap::new(&BINDABLE);
        assert_eq!(
            event_actions(&km, Mode::Normal, &m, true),
            [Action::Wheel {
                x: 3,
                y: 4,
                down: true
            }]
        );
        assert!(event_actions(&km, Mode::Normal, &m, false).is_empty());
    }

    #[test]
    fn paste_types_only_printable_text() {
        let km = Keymap::new(&BINDABLE);
        let p = Event::Paste("Kết\nquả\u{1b}".into());
        let typed: String = event_actions(&km, Mode::Filter, &p, true)
            .into_iter()
            .map(|a| match a {
                Action::Type(c) => c,
                _ => '!',
            })
            .collect();
        assert_eq!(typed, "Kếtquả");
        assert!(event_actions(&km, Mode::Normal, &p, true).is_empty());
    }
}
