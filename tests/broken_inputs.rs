//! Broken inputs: each gets a clear message, good files beside bad ones are always read,
//! and nothing panics. Run against the real binary.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::cli::{self, stderr};

const GOOD: &str = "Tiêu đề một bài báo tốt về học tập và làm theo Bác\n\nCó 3 tập thể, 4 cá nhân được khen thưởng.";

/// Run the binary; a run that hangs is killed after a minute and fails the test.
fn vanban(args: &[&str], paths: &[&Path]) -> Output {
    let mut child = cli::command()
        .args(args)
        .args(paths)
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("vanban-test-cache-broken"),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read both streams while waiting, so a full pipe cannot stall the child.
    let drain = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                r.read_to_end(&mut buf).unwrap();
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|r| Box::new(r) as _));
    let err = drain(child.stderr.take().map(|r| Box::new(r) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("vanban {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn documents(out: &Output) -> serde_json::Map<String, Value> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["documents"].as_object().unwrap().clone()
}

fn no_panic(out: &Output) {
    assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = vanban(&["extract", "--json"], &[Path::new("/no/such/place")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/no/such/place"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_empty_folder_gives_no_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = vanban(&["extract", "--json"], &[dir.path()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(documents(&out).is_empty());
}

#[test]
fn bad_files_are_named_and_skipped_and_good_ones_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), GOOD).unwrap();
    fs::write(
        d.join("random.txt"),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend([0u8; 64]);
    fs::write(d.join("image.txt"), &png).unwrap();
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend([0u8; 64]);
    fs::write(d.join("archive.txt"), &zip).unwrap();
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling.txt")).unwrap();
    let out = vanban(&["extract", "--json"], &[d]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let docs = documents(&out);
    assert!(docs.contains_key("good.txt"));
    assert_eq!(docs["good.txt"]["awards"][0]["collectives"], 3);
    let err = stderr(&out);
    for bad in ["random.txt", "image.txt", "archive.txt", "dangling.txt"] {
        assert!(!docs.contains_key(bad), "{bad} should be skipped");
        assert!(err.contains(bad), "{bad} not named in: {err}");
    }
}

#[test]
fn empty_and_odd_utf16_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("empty.txt"), b"").unwrap();
    let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
    for u in GOOD.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    utf16.push(0x41); // an odd trailing byte
    fs::write(d.join("odd16.txt"), &utf16).unwrap();
    let out = vanban(&["extract", "--json"], &[d]);
    no_panic(&out);
    let docs = documents(&out);
    assert_eq!(docs["empty.txt"]["awards"].as_array().unwrap().len(), 0);
    assert_eq!(docs["odd16.txt"]["encoding"], "utf16-le");
    assert_eq!(docs["odd16.txt"]["awards"][0]["individuals"], 4);
    assert!(!docs["odd16.txt"]["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn symlink_loops_and_fifos_do_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/good.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    let fifo = d.join("pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let out = vanban(&["extract", "--json"], &[d]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let docs = documents(&out);
    assert!(docs.contains_key("sub/good.txt"), "{docs:?}");
    if made {
        assert!(stderr(&out).contains("pipe.txt"), "{}", stderr(&out));
    }
}

#[test]
fn non_utf8_file_names_are_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"t\xEAn-\xFF.txt");
    fs::write(dir.path().join(name), GOOD).unwrap();
    let out = vanban(&["extract", "--json"], &[dir.path()]);
    no_panic(&out);
    let docs = documents(&out);
    assert_eq!(docs.len(), 1);
    let (key, doc) = docs.iter().next().unwrap();
    assert!(key.ends_with(".txt"));
    assert!(!key.chars().any(char::is_control));
    assert_eq!(doc["awards"][0]["collectives"], 3);
}

#[test]
fn a_huge_file_is_skipped_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("huge.txt")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap(); // sparse: costs no disk
    fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    let out = vanban(&["extract", "--json"], &[dir.path()]);
    no_panic(&out);
    let docs = documents(&out);
    assert!(docs.contains_key("good.txt"));
    assert!(!docs.contains_key("huge.txt"));
    let err = stderr(&out);
    assert!(err.contains("huge.txt") && err.contains("MB"), "{err}");
}

#[test]
fn a_ten_megabyte_single_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Có 3 tập thể, 4 cá nhân được khen thưởng, mô hình \"Dân vận khéo\" và 05-CT/TW; "
        .repeat(10 * 1024 * 1024 / 90);
    fs::write(
        dir.path().join("line.txt"),
        format!("Tiêu đề một dòng rất dài ở đây nhé\n{line}"),
    )
    .unwrap();
    let out = vanban(&["extract", "--json"], &[dir.path()]);
    no_panic(&out);
    let docs = documents(&out);
    assert!(docs["line.txt"]["awards"].as_array().unwrap().len() > 1000);
    assert_eq!(docs["line.txt"]["refs"], serde_json::json!(["05-CT/TW"]));
}

#[test]
fn ten_thousand_files_in_one_folder_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        fs::write(
            dir.path().join(format!("d{i:05}.txt")),
            format!("Báo cáo số {i} về học tập và làm theo Bác\n\nNội dung."),
        )
        .unwrap();
    }
    let out = vanban(&["list"], &[dir.path()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10_000);
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("good.txt"), GOOD).unwrap();
    let locked = d.join("locked.txt");
    fs::write(&locked, GOOD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // A locked folder too: its files cannot even be listed.
    fs::create_dir(d.join("closed")).unwrap();
    fs::write(d.join("closed/inside.txt"), GOOD).unwrap();
    fs::set_permissions(d.join("closed"), fs::Permissions::from_mode(0o000)).unwrap();
    let out = vanban(&["extract", "--json"], &[d]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let docs = documents(&out);
    assert!(docs.contains_key("good.txt"));
    // Root reads everything; anyone else is refused, and told which file.
    if fs::read(&locked).is_err() {
        assert!(!docs.contains_key("locked.txt"));
        let err = stderr(&out);
        assert!(
            err.contains("locked.txt") && err.contains("closed"),
            "{err}"
        );
    } else {
        assert!(docs.contains_key("locked.txt") && docs.contains_key("closed/inside.txt"));
    }
    fs::set_permissions(d.join("closed"), fs::Permissions::from_mode(0o755)).unwrap();
}

/// Texts are read again from disk when a document is opened: files deleted, cut short,
/// grown, replaced by a pipe or by something huge after loading give a message in the
/// reader, and reading, paging, searching and jumping to facts never go past the end.
#[test]
fn files_changed_after_loading_show_a_message_in_the_reader() {
    use crossterm::event::KeyCode;
    use support::tui::{draw, keys, press, screen, state};

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long: String = (0..200)
        .map(|i| format!("Dòng {i}: có {i} tập thể, 2 cá nhân được khen thưởng năm 2010.\n"))
        .collect();
    let names = [
        "a-deleted",
        "b-truncated",
        "c-grown",
        "d-pipe",
        "e-huge",
        "f-same",
    ];
    for n in names {
        fs::write(d.join(format!("{n}.txt")), format!("Tiêu đề {n}\n\n{long}")).unwrap();
    }
    let lib = vanban::corpus::Library::load(&[d.to_path_buf()]);
    assert_eq!(lib.docs.len(), names.len());
    assert!(
        lib.docs.iter().all(|doc| !doc.text_loaded()),
        "texts are lazy"
    );
    fs::remove_file(d.join("a-deleted.txt")).unwrap();
    fs::write(d.join("b-truncated.txt"), "Tiêu").unwrap();
    fs::write(d.join("c-grown.txt"), format!("Tiêu đề c\n\n{long}{long}")).unwrap();
    fs::remove_file(d.join("d-pipe.txt")).unwrap();
    Command::new("mkfifo")
        .arg(d.join("d-pipe.txt"))
        .status()
        .unwrap();
    fs::File::create(d.join("e-huge.txt"))
        .unwrap()
        .set_len(100 << 20)
        .unwrap();

    for (i, name) in names.iter().enumerate() {
        // A reader on the loaded library (texts not read yet), document i selected.
        let docs = vanban::corpus::Library {
            docs: lib.docs.clone(),
            ..Default::default()
        };
        let mut s = state(docs, 100, 30);
        for _ in 0..i {
            press(&mut s, KeyCode::Down);
        }
        press(&mut s, KeyCode::Enter);
        let first = screen(draw(&s).backend().buffer());
        assert!(first.contains(&format!("{name}.txt")), "{first}");
        let changed = first.contains("this file changed or was removed");
        assert_eq!(changed, *name != "f-same", "{name}:\n{first}");
        // Page to the end and back, search, and jump to every fact: all inside the text.
        for k in [KeyCode::End, KeyCode::PageUp, KeyCode::Home] {
            press(&mut s, k);
            draw(&s);
        }
        press(&mut s, KeyCode::Char('/'));
        keys(&mut s, "tập thể");
        press(&mut s, KeyCode::Enter);
        press(&mut s, KeyCode::Char('n'));
        draw(&s);
        press(&mut s, KeyCode::Tab);
        for _ in 0..5 {
            press(&mut s, KeyCode::Down);
            press(&mut s, KeyCode::Enter);
            draw(&s);
        }
    }
}

/// The reader opens a document that is one 10 MB line, and pages to its end and back.
#[test]
fn the_reader_opens_a_ten_megabyte_line() {
    use crossterm::event::KeyCode;
    use support::tui::{draw, press, screen, state};

    let line = "Có 3 tập thể, 4 cá nhân được khen thưởng; ".repeat(10 * 1024 * 1024 / 50);
    let doc = vanban::corpus::Document::from_bytes(
        Path::new("line.txt"),
        "line.txt",
        format!("Tiêu đề một dòng rất dài\n{line}").as_bytes(),
    );
    let mut s = state(vanban::corpus::Library::from_docs(vec![doc]), 100, 30);
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::End);
    let end = screen(draw(&s).backend().buffer());
    assert!(end.contains("100%"), "{end}");
    press(&mut s, KeyCode::Home);
    let top = screen(draw(&s).backend().buffer());
    assert!(top.contains("Tiêu đề một dòng rất dài"), "{top}");
}
