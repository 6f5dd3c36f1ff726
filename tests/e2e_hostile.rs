//! End to end, hostile: the real binary in tmux with every byte it writes recorded
//! (pipe-pane) while a hostile document and a hostile file name are shown and scrolled;
//! and dropped connections (a hangup, a terminal that goes away without one).

mod support;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use support::cli::BIN;
use support::hostile::{contains, write_fixtures, NAME_SEQUENCES, PAYLOADS, SEQUENCES};
use support::paths::sample_dir;
use support::tmux::{alive, pid_of, quote, Tmux};
use vanban::corpus::Library;

#[test]
fn hostile_bytes_never_reach_the_terminal() {
    let Some(t) = Tmux::start("hostile", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write_fixtures(&docs);
    let lib = Library::load(std::slice::from_ref(&docs));
    let hostile = lib.docs.iter().find(|d| &*d.name == "hostile.txt").unwrap();
    let mut glyphs: Vec<char> = hostile.marks().iter().map(|m| m.glyph).collect();
    glyphs.dedup();

    // Record everything written to the terminal from before the reader starts.
    let log = dir.path().join("terminal.out");
    let pipe = format!("cat >> {}", quote(&log.display().to_string()));
    t.tmux(&["pipe-pane", "-o", "-t", "t", &pipe]);
    t.launch_on(&dir.path().join("pid"), "", "", &[&docs]);
    t.wait_for("the list with the odd name", |s| {
        s.contains("Documents (2)") && s.contains("NAME-TITLE")
    });
    // The hostile document is first: open it and page to its end.
    t.key("Enter");
    t.wait_for("the hostile document", |s| s.contains("Đoạn 1:"));
    let mut seen = String::new();
    for _ in 0..60 {
        t.key("PageDown");
        sleep(Duration::from_millis(30));
        seen += &t.screen();
    }
    seen += &t.wait_for("the end of the document", |s| s.contains("Đoạn 30:"));
    for g in &glyphs {
        assert!(seen.contains(*g), "placeholder {g:?} never on screen");
    }
    // Back to the top, then the other document (the odd name).
    t.key("g");
    t.wait_for("the top again", |s| s.contains("Đoạn 1:"));
    t.key("Escape");
    t.key("Down");
    t.key("Enter");
    t.wait_for("the odd-named document", |s| s.contains("Có 3 tập thể"));
    // The awards table and the warnings list show names and titles too.
    t.key("a");
    t.wait_for("the awards table", |s| s.contains("Awards:"));
    t.key("Escape");
    t.wait_for("the table closed", |s| !s.contains("Awards:"));
    t.key("w");
    t.wait_for("the warnings", |s| s.contains("removed"));
    t.key("Escape");
    t.key("q");
    t.assert_restored(Some("0"));
    // The subcommands, on a terminal (so `show` paints), the odd name reached by a glob.
    let bin = quote(BIN);
    let d = quote(&docs.display().to_string());
    t.text(&format!(
        "clear; B={bin}; D={d}; $B show $D/hostile.txt; $B show $D/t*; $B extract $D; $B awards $D; echo DONE=$?"
    ));
    t.key("Enter");
    t.wait_for("the subcommands", |s| s.contains("DONE=0"));
    t.tmux(&["pipe-pane", "-t", "t"]);

    let out = std::fs::read(&log).unwrap();
    assert!(
        contains(&out, "NAME-TITLE".as_bytes()),
        "the recording holds what was drawn"
    );
    for s in SEQUENCES.iter().chain(NAME_SEQUENCES) {
        assert!(!contains(&out, s), "{s:?} reached the terminal");
    }
    for p in PAYLOADS {
        assert!(!contains(&out, p.as_bytes()), "{p} reached the terminal");
    }
    // Nothing raw from outside the app's own CSI sequences: no BEL, BS, 8-bit controls,
    // OSC or DCS (the reader itself writes none of those).
    for raw in [
        &b"\x07"[..],
        b"\x08",
        b"\x1b]",
        b"\x1bP",
        "\u{9b}".as_bytes(),
        "\u{9d}".as_bytes(),
    ] {
        assert!(!contains(&out, raw), "{raw:?} reached the terminal");
    }
}

/// CPU time (user + system, in clock ticks) the process has used; `None` once it is gone.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state is field 3, utime 14, stime 15.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Start the reader under `wrapper`, check it sits idle, close its terminal (the tmux
/// session goes, as an SSH connection would), and check it is gone within a second and
/// ended with `status` (no panic on the way out).
fn closed_terminal_ends_the_reader(name: &str, wrapper: &str, status: &[&str]) {
    let Some(t) = Tmux::start(name, 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pidf = dir.path().join("pid");
    let statusf = dir.path().join("status");
    // An outer shell that ignores the hangup outlives the reader to write its status.
    t.text(&format!(
        "{} {wrapper} sh -c 'trap \"\" HUP; sh -c \"echo \\$\\$ > {}; exec {} {}\"; echo $? > {}'",
        t.home_env(),
        pidf.display(),
        BIN,
        sample_dir().display(),
        statusf.display()
    ));
    t.key("Enter");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    let pid = pid_of(&pidf);
    // Reading document 002 when the connection drops.
    t.key("j");
    t.key("j");
    t.key("Enter");
    t.key("PgDn");
    t.wait_for("document 002, scrolled, the library loaded", |s| {
        s.contains("Long An qua 2 năm") && !s.contains("lines 1-") && !s.contains("loading")
    });
    // Idle, it does not spin.
    let before = cpu_ticks(pid).unwrap();
    sleep(Duration::from_secs(1));
    let idle = cpu_ticks(pid).unwrap() - before;
    assert!(idle <= 3, "{idle} ticks of CPU in one idle second");

    t.tmux(&["kill-session", "-t", "t"]);
    if let Err(used) = gone_within(pid, Duration::from_secs(1)) {
        panic!("{name}: still running 1 s after its terminal closed, using {used} CPU ticks");
    }
    let start = Instant::now();
    let code = loop {
        match std::fs::read_to_string(&statusf) {
            Ok(s) if s.ends_with('\n') => break s.trim().to_string(),
            _ if start.elapsed() > Duration::from_secs(5) => panic!("{name}: no exit status"),
            _ => sleep(Duration::from_millis(20)),
        }
    };
    assert!(
        status.contains(&code.as_str()),
        "{name}: exit status {code}, want one of {status:?} (101 is a panic)"
    );
    // Nothing lost: the place in 002 was saved on the way out.
    let saved = std::fs::read_to_string(t.state_home().join("vanban/state.json")).unwrap();
    assert!(saved.contains("002_"), "{saved}");
}

/// Wait for the process to end; after `limit`, kill it (a test must leave nothing
/// spinning) and give the CPU ticks it used meanwhile.
fn gone_within(pid: u32, limit: Duration) -> Result<(), u64> {
    let start = Instant::now();
    let ticks = cpu_ticks(pid).unwrap_or(0);
    while alive(pid) {
        if start.elapsed() > limit {
            let used = cpu_ticks(pid).unwrap_or(ticks) - ticks;
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            return Err(used);
        }
        sleep(Duration::from_millis(10));
    }
    Ok(())
}

#[test]
fn a_closed_terminal_ends_the_reader_within_a_second() {
    // The session's processes get SIGHUP and the terminal goes.
    // SIGHUP and the terminal's hangup race: whichever the reader sees first ends it,
    // by the signal (129) or by the closed input (0). Both are clean; a panic is not.
    closed_terminal_ends_the_reader("hup", "", &["129", "0"]);
}

#[test]
fn a_terminal_gone_without_a_hangup_ends_the_reader_within_a_second() {
    // In a session of its own the reader gets no SIGHUP: only its input dies.
    closed_terminal_ends_the_reader("nohup", "setsid -w", &["0"]);
}

#[test]
fn sighup_restores_the_terminal_and_ends_the_reader() {
    let Some(t) = Tmux::start("sighup", 100, 30) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let pidf = dir.path().join("pid");
    t.launch(&pidf, "");
    t.wait_for("the list", |s| s.contains("Documents (5)"));
    let pid = pid_of(&pidf);
    Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    if let Err(used) = gone_within(pid, Duration::from_secs(1)) {
        panic!("still running 1 s after SIGHUP, using {used} CPU ticks");
    }
    t.assert_restored(Some("129"));
}
