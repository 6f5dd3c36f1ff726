//! Settings from a TOML file in the config directory: key bindings, colours,
//! the default library and mouse support. A bad file never stops vanban: every
//! problem becomes a warning naming the line, and that setting keeps its default.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// An action the `[keys]` table can bind: its name, its default keys (as the file
/// writes them) and its help. The reader passes its command table in
/// (`tui::keymap::BINDABLE`), so settings never depend on the reader, and the keymap,
/// the help and the config file still come from one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bindable {
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub help: &'static str,
}

/// The colour slots, their defaults and what they paint.
pub const COLORS: &[(&str, &str, &str)] = &[
    ("title", "yellow", "document titles"),
    ("award", "light-green", "award statements in the text"),
    ("matched", "light-yellow", "search matches"),
    (
        "selection",
        "blue",
        "the selected row (also shown reversed)",
    ),
    ("border", "dark-gray", "pane borders"),
    ("focus", "cyan", "the border of the pane that has the focus"),
    ("status", "cyan", "the status line"),
    (
        "mark",
        "dark-gray",
        "placeholders for removed control characters",
    ),
];

/// One key with its modifiers, as the terminal reports it (Shift is folded into
/// the character: "G", not "shift-g").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, normalised like parsed keys.
    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::normal(ev.code, ev.modifiers)
    }

    fn normal(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                // Terminals send ctrl-c as 'c' with CONTROL; treat ctrl-C alike.
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            c => c,
        };
        Key { code, mods }
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("space", KeyCode::Char(' ')),
];

impl FromStr for Key {
    type Err = String;

    /// "q", "G", "ctrl-c", "alt-x", "shift-tab", "enter", "pgdn", "f5", "space" …
    fn from_str(s: &str) -> Result<Key, String> {
        let mut rest = s;
        let mut mods = KeyModifiers::NONE;
        loop {
            let lower = rest.to_ascii_lowercase();
            let found = [
                ("ctrl", KeyModifiers::CONTROL),
                ("alt", KeyModifiers::ALT),
                ("shift", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(name, _)| {
                lower.len() > name.len() + 1
                    && lower.starts_with(name)
                    && matches!(lower.as_bytes()[name.len()], b'-' | b'+')
            });
            match found {
                Some((name, m)) => {
                    mods |= m;
                    rest = &rest[name.len() + 1..];
                }
                None => break,
            }
        }
        let lower = rest.to_ascii_lowercase();
        let mut chars = rest.chars();
        let code = if let (Some(c), None) = (chars.next(), chars.next()) {
            if crate::text::safe::is_unsafe(c) {
                return Err(format!("{s:?} is not a key"));
            }
            if mods.contains(KeyModifiers::SHIFT) {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            } else {
                KeyCode::Char(c)
            }
        } else if let Some(&(_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
            code
        } else if let Some(n) = lower
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=24).contains(n))
        {
            KeyCode::F(n)
        } else {
            return Err(format!(
                "{s:?} is not a key (try \"q\", \"ctrl-c\", \"enter\", \"pgdn\", \"f1\")"
            ));
        };
        Ok(Key::normal(code, mods))
    }
}

impl fmt::Display for Key {
    /// The canonical spelling, which parses back to the same key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, name) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.mods.contains(m) {
                f.write_str(name)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

/// Action name → keys. Lookup is by exact (normalised) key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// In the order of the [`Bindable`] list it was made from.
    bindings: Vec<(&'static str, Vec<Key>)>,
}

impl Keymap {
    /// Every action of `actions` with its default keys.
    pub fn new(actions: &[Bindable]) -> Keymap {
        let bindings = actions
            .iter()
            .map(|c| {
                let keys = c
                    .keys
                    .iter()
                    .map(|k| k.parse().expect("default keys parse"))
                    .collect();
                (c.name, keys)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action bound to `key`, if any.
    pub fn action(&self, key: &Key) -> Option<&'static str> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.contains(key))
            .map(|(a, _)| *a)
    }

    /// The action bound to a terminal key event, if any.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<&'static str> {
        self.action(&Key::from_event(ev))
    }

    /// The keys of `action` (empty when unbound or unknown).
    pub fn keys(&self, action: &str) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// Every action with its keys, in help order.
    pub fn bindings(&self) -> impl Iterator<Item = (&'static str, &[Key])> {
        self.bindings.iter().map(|(a, k)| (*a, k.as_slice()))
    }

    /// Bind `action` to exactly `keys`, taking those keys away from other actions.
    fn set(&mut self, action: &str, keys: Vec<Key>) {
        for (a, ks) in &mut self.bindings {
            if *a == action {
                *ks = keys.clone();
            } else {
                ks.retain(|k| !keys.contains(k));
            }
        }
    }
}

/// The colour of each slot in [`COLORS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colors(Vec<(&'static str, Color)>);

impl Default for Colors {
    fn default() -> Colors {
        Colors(
            COLORS
                .iter()
                .map(|(n, c, _)| (*n, c.parse().expect("default colours parse")))
                .collect(),
        )
    }
}

impl Colors {
    /// The colour of `slot` ("title", "award" …); `Color::Reset` for an unknown slot.
    pub fn get(&self, slot: &str) -> Color {
        self.0
            .iter()
            .find(|(n, _)| *n == slot)
            .map_or(Color::Reset, |(_, c)| *c)
    }

    fn set(&mut self, slot: &str, color: Color) -> bool {
        match self.0.iter_mut().find(|(n, _)| *n == slot) {
            Some(entry) => {
                entry.1 = color;
                true
            }
            None => false,
        }
    }
}

/// Everything the config file can set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub keys: Keymap,
    pub colors: Colors,
    /// Opened when vanban is started with no path.
    pub library: Option<PathBuf>,
    pub mouse: bool,
}

impl Config {
    /// The defaults, with `actions` bindable by the `[keys]` table.
    pub fn new(actions: &[Bindable]) -> Config {
        Config {
            keys: Keymap::new(actions),
            colors: Colors::default(),
            library: None,
            mouse: true,
        }
    }
}

/// Where the config file lives: `$XDG_CONFIG_HOME/vanban/config.toml` on Linux
/// (`~/.config/vanban/config.toml` by default); `None` with no home directory.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "vanban").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Read the config file at [`path`]. A missing file gives the defaults silently;
    /// anything wrong gives warnings and defaults for what was wrong. A file that is not
    /// TOML at all is set aside as `config.toml.bad` ([`Config::load_or_set_aside`]).
    pub fn load(actions: &[Bindable]) -> (Config, Vec<String>) {
        match path() {
            Some(p) => Config::load_or_set_aside(&p, actions),
            None => (Config::new(actions), Vec::new()),
        }
    }

    /// Read a config file; see [`Config::load`]. The file is left as it is.
    pub fn load_from(path: &Path, actions: &[Bindable]) -> (Config, Vec<String>) {
        let (cfg, warnings, _) = Config::read(path, actions);
        (cfg, warnings)
    }

    /// As [`Config::load_from`], but a corrupt file (not UTF-8, not TOML) is renamed to
    /// `PATH.bad`, so it is reported once and the defaults are used until it is fixed.
    pub fn load_or_set_aside(path: &Path, actions: &[Bindable]) -> (Config, Vec<String>) {
        let (cfg, mut warnings, corrupt) = Config::read(path, actions);
        if corrupt {
            let mut bad = path.as_os_str().to_owned();
            bad.push(".bad");
            let bad = PathBuf::from(bad);
            warnings.push(match std::fs::rename(path, &bad) {
                Ok(()) => format!(
                    "moved the unreadable config file to {}; fix it and move it back",
                    bad.display()
                ),
                Err(e) => format!("could not move the config file aside: {e}"),
            });
        }
        (cfg, warnings)
    }

    /// The config, its warnings, and whether the file is corrupt (unusable as a whole).
    fn read(path: &Path, actions: &[Bindable]) -> (Config, Vec<String>, bool) {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (Config::new(actions), vec![], false)
            }
            Err(e) => (
                Config::new(actions),
                vec![format!("{}: {e}; using defaults", path.display())],
                false,
            ),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse_file(&text, &path.display().to_string(), actions),
                Err(_) => (
                    Config::new(actions),
                    vec![format!("{}: not UTF-8; using defaults", path.display())],
                    true,
                ),
            },
        }
    }

    /// Parse config text. `origin` (the file name) starts each warning, which reads
    /// "ORIGIN:LINE: message"; warnings are in line order.
    pub fn parse(text: &str, origin: &str, actions: &[Bindable]) -> (Config, Vec<String>) {
        let (cfg, warnings, _) = Config::parse_file(text, origin, actions);
        (cfg, warnings)
    }

    /// [`Config::parse`], and whether the text is not TOML at all.
    fn parse_file(text: &str, origin: &str, actions: &[Bindable]) -> (Config, Vec<String>, bool) {
        let mut cfg = Config::new(actions);
        let mut problems: Vec<(usize, String)> = Vec::new();
        let parsed = DeTable::parse(text);
        let corrupt = parsed.is_err();
        match parsed {
            Err(e) => {
                let at = e.span().map_or(0, |s| s.start);
                let msg = e.message().trim().to_string();
                problems.push((at, format!("{msg}; using the default settings")));
            }
            Ok(doc) => cfg.apply(doc.get_ref(), actions, &mut problems),
        }
        problems.sort_by_key(|(at, _)| *at);
        let warnings = problems
            .into_iter()
            .map(|(at, msg)| format!("{origin}:{}: {msg}", line_of(text, at)))
            .collect();
        (cfg, warnings, corrupt)
    }

    fn apply(
        &mut self,
        doc: &DeTable<'_>,
        actions: &[Bindable],
        problems: &mut Vec<(usize, String)>,
    ) {
        for (key, value) in doc {
            let at = key.span().start;
            match (&**key.get_ref(), value.get_ref()) {
                ("library", DeValue::String(s)) => {
                    self.library = (!s.trim().is_empty()).then(|| expand_home(s));
                }
                ("mouse", DeValue::Boolean(b)) => self.mouse = *b,
                ("keys", DeValue::Table(t)) => self.apply_keys(t, actions, problems),
                ("colors", DeValue::Table(t)) => self.apply_colors(t, problems),
                (name @ ("library" | "mouse" | "keys" | "colors"), v) => {
                    let want = match name {
                        "library" => "a string (a folder path)",
                        "mouse" => "true or false",
                        _ => "a table",
                    };
                    problems.push((
                        value.span().start,
                        format!(
                            "`{name}` should be {want}, not {}; using the default",
                            v.type_str()
                        ),
                    ));
                }
                (name, _) => problems.push((at, format!("unknown key `{name}` (ignored)"))),
            }
        }
    }

    fn apply_keys(
        &mut self,
        table: &DeTable<'_>,
        actions: &[Bindable],
        problems: &mut Vec<(usize, String)>,
    ) {
        let mut bound: Vec<(Key, String)> = Vec::new();
        for (action, value) in table {
            let name: &str = action.get_ref();
            if !actions.iter().any(|c| c.name == name) {
                problems.push((
                    action.span().start,
                    format!("unknown action `keys.{name}` (ignored)"),
                ));
                continue;
            }
            match parse_keys(value) {
                Ok(keys) => {
                    for k in &keys {
                        if let Some((_, other)) = bound.iter().find(|(b, _)| b == k) {
                            problems.push((
                                value.span().start,
                                format!("key \"{k}\" is bound to both `{other}` and `{name}`; `{name}` gets it"),
                            ));
                        }
                        bound.push((*k, name.to_string()));
                    }
                    self.keys.set(name, keys);
                }
                Err((at, msg)) => {
                    problems.push((at, format!("keys.{name}: {msg}; keeping the default keys")))
                }
            }
        }
    }

    fn apply_colors(&mut self, table: &DeTable<'_>, problems: &mut Vec<(usize, String)>) {
        for (slot, value) in table {
            let name: &str = slot.get_ref();
            if !COLORS.iter().any(|(n, _, _)| *n == name) {
                problems.push((
                    slot.span().start,
                    format!("unknown colour `colors.{name}` (ignored)"),
                ));
                continue;
            }
            let parsed = match value.get_ref() {
                DeValue::String(s) => s.parse::<Color>().ok(),
                _ => None,
            };
            match parsed {
                Some(c) => {
                    self.colors.set(name, c);
                }
                None => problems.push((
                    value.span().start,
                    format!(
                        "colors.{name}: not a colour (use a name like \"light-blue\", \"#rrggbb\" or 0-255); keeping the default"
                    ),
                )),
            }
        }
    }

    /// A commented config file holding the defaults; it parses back to [`Config::new`].
    pub fn default_file(actions: &[Bindable]) -> String {
        let d = Config::new(actions);
        let mut s = String::from(
            "# vanban configuration (TOML). Every setting is optional; delete what you\n\
             # do not change. Problems are reported with their line, and defaults used.\n\n\
             # Folder (or file) opened when vanban is started with no path; \"~/\" is your home.\n\
             # library = \"~/van-ban\"\n\n\
             # Mouse support (wheel scrolling, clicks). `vanban --no-mouse` also turns it off.\n",
        );
        s += &format!("mouse = {}\n\n", d.mouse);
        s += "# Keys for each action. A key is a character (\"q\", \"G\", \"/\"), a name (enter, esc,\n\
              # tab, shift-tab, backspace, up, down, left, right, home, end, pgup, pgdn, space,\n\
              # f1..f24), with optional ctrl-, alt- prefixes. A key given here is taken away\n\
              # from any other action; an empty list leaves the action unbound. Ctrl-C always\n\
              # quits unless you give it to an action.\n[keys]\n";
        for (action, keys) in d.keys.bindings() {
            let help = actions
                .iter()
                .find(|c| c.name == action)
                .map_or("", |c| c.help);
            let list: Vec<String> = keys
                .iter()
                .map(|k| format!("{:?}", k.to_string()))
                .collect();
            s += &format!("{action} = [{}]  # {help}\n", list.join(", "));
        }
        s += "\n# Colours: a name (black, red, green, yellow, blue, magenta, cyan, gray,\n\
              # dark-gray, light-red … white, reset), \"#rrggbb\", or a number 0-255.\n[colors]\n";
        for (slot, _, help) in COLORS {
            let name = color_name(d.colors.get(slot));
            s += &format!("{slot} = \"{name}\"  # {help}\n");
        }
        s
    }
}

/// Lower-case, hyphenated colour name that `Color::from_str` reads back.
fn color_name(c: Color) -> String {
    let mut out = String::new();
    for (i, ch) in c.to_string().chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 && !matches!(c, Color::Rgb(..)) {
            out.push('-');
        }
        out.push(if matches!(c, Color::Rgb(..)) {
            ch
        } else {
            ch.to_ascii_lowercase()
        });
    }
    out
}

/// A key list: `["q", "ctrl-c"]` or a single string `"q"`.
fn parse_keys(value: &Spanned<DeValue<'_>>) -> Result<Vec<Key>, (usize, String)> {
    let one = |v: &Spanned<DeValue<'_>>| match v.get_ref() {
        DeValue::String(s) => s.parse::<Key>().map_err(|e| (v.span().start, e)),
        other => Err((
            v.span().start,
            format!("a key should be a string, not {}", other.type_str()),
        )),
    };
    match value.get_ref() {
        DeValue::Array(items) => items.iter().map(one).collect(),
        DeValue::String(_) => one(value).map(|k| vec![k]),
        other => Err((
            value.span().start,
            format!("should be a list of keys, not {}", other.type_str()),
        )),
    }
}

/// 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// "~/x" → "$HOME/x".
fn expand_home(s: &str) -> PathBuf {
    match (s.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(b)) => b.home_dir().join(rest),
        _ if s == "~" => directories::BaseDirs::new()
            .map_or_else(|| PathBuf::from(s), |b| b.home_dir().to_path_buf()),
        _ => PathBuf::from(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_canonically() {
        for (text, shown) in [
            ("q", "q"),
            ("G", "G"),
            ("shift-g", "G"),
            ("Ctrl-C", "ctrl-c"),
            ("ctrl+c", "ctrl-c"),
            ("alt-x", "alt-x"),
            ("shift-tab", "shift-tab"),
            ("Enter", "enter"),
            ("pagedown", "pgdn"),
            ("space", "space"),
            (" ", "space"),
            ("F12", "f12"),
            ("-", "-"),
            ("ctrl--", "ctrl--"),
            ("'", "'"),
        ] {
            let k: Key = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(k.to_string(), shown, "{text}");
            assert_eq!(shown.parse::<Key>().unwrap(), k, "{shown} round trip");
        }
        for bad in [
            "", "ctrl-", "hyper-x", "f0", "f25", "enterr", "\u{1b}", "\u{202e}",
        ] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn events_map_to_actions() {
        const ACTIONS: &[Bindable] = &[
            Bindable {
                name: "quit",
                keys: &["q", "ctrl-c"],
                help: "",
            },
            Bindable {
                name: "bottom",
                keys: &["G", "end"],
                help: "",
            },
            Bindable {
                name: "back",
                keys: &["shift-tab"],
                help: "",
            },
        ];
        let km = Keymap::new(ACTIONS);
        let ev = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some("quit")
        );
        // Shift is part of the character: 'G' with SHIFT is "G".
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some("bottom")
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Tab, KeyModifiers::SHIFT)),
            Some("back")
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn color_names_round_trip() {
        for c in [
            Color::LightGreen,
            Color::DarkGray,
            Color::Rgb(1, 0xab, 0xff),
            Color::Indexed(42),
            Color::Reset,
        ] {
            assert_eq!(color_name(c).parse::<Color>(), Ok(c), "{c}");
        }
    }

    #[test]
    fn line_numbers_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
