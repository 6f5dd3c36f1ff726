//! The library cache: reused when files are unchanged, a changed file read again, a deleted
//! one dropped, a damaged or older cache rebuilt (never a crash), written atomically, and
//! found through XDG_CACHE_HOME.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use support::cli;
use support::paths::samples_copy;
use vanban::corpus::cache::{self, Listing, FORMAT_VERSION};
use vanban::corpus::Library;
use vanban::search::full_text;

/// What a library holds, comparable across loads.
fn summary(lib: &Library) -> Vec<(String, String, Option<String>, usize, String)> {
    lib.docs
        .iter()
        .map(|d| {
            (
                d.name.to_string(),
                d.facts.title.clone(),
                d.facts.date.as_deref().map(str::to_string),
                d.facts.awards.len(),
                d.text().to_string(),
            )
        })
        .collect()
}

/// The facts and notes of each document, as loaded: a cache must give them back equal.
fn facts_of(lib: &Library) -> Vec<(vanban::extract::Facts, Vec<String>, usize)> {
    lib.docs
        .iter()
        .map(|d| (d.facts.clone(), d.warnings().to_vec(), d.marks().len()))
        .collect()
}

/// What a listing shows and searches, per document.
type HeadRow = (String, String, Option<String>, Option<String>, Vec<String>);

fn heads_of(l: &Listing) -> Vec<HeadRow> {
    (0..l.heads.len())
        .map(|i| {
            let h = &l.heads;
            (
                l.names.get(i).to_string(),
                h.title(i).to_string(),
                h.date(i).map(str::to_string),
                h.source(i).map(str::to_string),
                h.programmes(i).map(str::to_string).collect(),
            )
        })
        .collect()
}

fn cache_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == ext));
    v
}

fn only_file(dir: &Path, ext: &str) -> PathBuf {
    let files = cache_files(dir, ext);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Set a file's mtime forward so a rewrite is noticed even within one clock tick.
fn touch_later(path: &Path) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
}

#[test]
fn second_load_reuses_everything_and_equals_a_fresh_load() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    let fresh = Library::load(&paths);

    let (cold, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (5, 0, true));
    assert_eq!(summary(&cold), summary(&fresh));

    let (warm, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.dropped, r.written), (0, 5, 0, false));
    assert_eq!(r.invalid, None);
    // Texts are read from disk only when asked for.
    assert!(warm.docs.iter().all(|d| !d.text_loaded()));
    assert_eq!(summary(&warm), summary(&fresh));
    assert_eq!(facts_of(&warm), facts_of(&fresh));
    // Awarding bodies and kinds read from the cache are the shared copies.
    let shared = |lib: &Library| -> Vec<*const u8> {
        let awards = lib.docs.iter().flat_map(|d| &d.facts.awards);
        awards
            .flat_map(|a| [&a.by, &a.kind])
            .flatten()
            .map(|s| s.as_ptr())
            .collect()
    };
    assert!(!shared(&fresh).is_empty());
    assert_eq!(shared(&warm), shared(&fresh));
    // Full text over the lazily loaded bodies equals full text over a fresh load.
    for q in ["tập thể", "bac ho", "khen thuong"] {
        assert_eq!(full_text(&warm, q), full_text(&fresh, q), "{q}");
    }
    // And the heads alone, for the list, agree too.
    let listing = cache::load_heads(&paths, cache_dir.path()).expect("fresh cache");
    assert!(listing.skipped.is_empty());
    assert_eq!(heads_of(&listing), heads_of(&Listing::of_library(&fresh)));
}

#[test]
fn a_changed_file_is_read_again_and_a_deleted_one_dropped() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    cache::load(&paths, cache_dir.path());

    let mut files: Vec<PathBuf> = fs::read_dir(docs.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    fs::write(&files[1], "Tiêu đề mới về Quỳnh Lưu\nTin Quỳnh Lưu.").unwrap();
    touch_later(&files[1]);
    fs::remove_file(&files[3]).unwrap();
    assert!(
        cache::load_heads(&paths, cache_dir.path()).is_none(),
        "stale cache"
    );

    let (lib, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.dropped, r.written), (1, 3, 1, true));
    assert_eq!(lib.docs.len(), 4);
    assert_eq!(summary(&lib), summary(&Library::load(&paths)));
    let changed = lib.docs.iter().find(|d| *d.path == *files[1]).unwrap();
    assert!(changed.text().contains("Tin Quỳnh Lưu"));
    assert_eq!(full_text(&lib, "quynh luu"), [(1, 4)]);
    assert_eq!(
        full_text(&lib, "tap the"),
        full_text(&Library::load(&paths), "tap the")
    );

    // A new file joins; the rest comes from the updated cache.
    fs::write(docs.path().join("zz.txt"), "Thêm một bài\nvề Kỳ Lân Quỳnh").unwrap();
    let (lib, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.dropped), (1, 4, 0));
    assert_eq!(&*lib.docs.last().unwrap().name, "zz.txt");
    assert_eq!(full_text(&lib, "ky lan quynh"), [(4, 3)]);
}

#[test]
fn a_damaged_cache_is_rebuilt() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let expected = summary(&Library::load(&paths));
    type Spoil = fn(&mut Vec<u8>);
    let damage: [(&str, Spoil); 5] = [
        ("truncated", |b| b.truncate(b.len() / 2)),
        ("empty", |b| b.clear()),
        ("garbage", |b| {
            b.iter_mut()
                .for_each(|x| *x = x.wrapping_mul(7).wrapping_add(3))
        }),
        ("one byte flipped", |b| {
            let at = b.len() - 10;
            b[at] ^= 0x40;
        }),
        ("too long", |b| b.extend_from_slice(b"trailing")),
    ];
    for (what, spoil) in damage {
        let cache_dir = tempfile::tempdir().unwrap();
        cache::load(&paths, cache_dir.path());
        let idx = only_file(cache_dir.path(), "idx");
        let mut bytes = fs::read(&idx).unwrap();
        spoil(&mut bytes);
        fs::write(&idx, &bytes).unwrap();
        // The list reads only the heads: damage there is refused, damage elsewhere does
        // not change what it shows.
        if let Some(listing) = cache::load_heads(&paths, cache_dir.path()) {
            let titles: Vec<String> = heads_of(&listing).into_iter().map(|h| h.1).collect();
            let want: Vec<String> = expected.iter().map(|e| e.1.clone()).collect();
            assert_eq!(titles, want, "{what}");
        }
        let (lib, r) = cache::load(&paths, cache_dir.path());
        assert!(r.invalid.is_some(), "{what}: {r:?}");
        assert_eq!((r.read, r.written), (5, true), "{what}");
        assert_eq!(summary(&lib), expected, "{what}");
        let (_, r) = cache::load(&paths, cache_dir.path());
        assert_eq!(
            (r.reused, r.invalid),
            (5, None),
            "{what}: rebuilt cache is used"
        );
    }
}

/// The index is renamed into place without a flush to disk: what a crash may leave of it
/// (cut short, its blocks zeros, a header without its payloads) is refused and rebuilt.
#[test]
fn a_head_only_index_left_by_a_crash_is_rebuilt() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let want = heads_of(&Listing::of_library(&Library::load(&paths)));
    type Spoil = fn(&mut Vec<u8>);
    let damage: [(&str, Spoil); 5] = [
        ("cut short", |b| b.truncate(b.len() - 1)),
        ("all zeros", |b| b.iter_mut().for_each(|x| *x = 0)),
        ("zeros after the header", |b| {
            b.iter_mut().skip(76).for_each(|x| *x = 0)
        }),
        ("zeros in the middle", |b| {
            let n = b.len() / 2;
            b[n..n + 8].iter_mut().for_each(|x| *x = 0)
        }),
        ("header alone", |b| b.truncate(76)),
    ];
    for (what, spoil) in damage {
        let cache_dir = tempfile::tempdir().unwrap();
        let (_, r) = cache::list(&paths, cache_dir.path());
        assert!(r.written, "{what}");
        let idx = only_file(cache_dir.path(), "idx");
        let mut bytes = fs::read(&idx).unwrap();
        assert!(bytes.len() > 76, "{what}");
        spoil(&mut bytes);
        fs::write(&idx, &bytes).unwrap();
        assert!(
            cache::load_heads(&paths, cache_dir.path()).is_none(),
            "{what}"
        );
        let (listing, r) = cache::list(&paths, cache_dir.path());
        assert!(r.invalid.is_some(), "{what}: {r:?}");
        assert_eq!((r.read, r.written), (want.len(), true), "{what}");
        assert_eq!(heads_of(&listing), want, "{what}");
        let (again, r) = cache::list(&paths, cache_dir.path());
        assert_eq!(
            (r.read, r.reused, r.invalid),
            (0, want.len(), None),
            "{what}"
        );
        assert_eq!(heads_of(&again), want, "{what}");
    }
}

#[test]
fn an_older_format_is_rebuilt() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    let idx = only_file(cache_dir.path(), "idx");
    let mut bytes = fs::read(&idx).unwrap();
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION - 1).to_le_bytes());
    fs::write(&idx, &bytes).unwrap();
    let (lib, r) = cache::load(&paths, cache_dir.path());
    assert!(
        r.invalid.as_deref().unwrap_or("").contains("format"),
        "{r:?}"
    );
    assert_eq!((lib.docs.len(), r.read, r.written), (5, 5, true));
}

#[test]
fn damaged_bodies_are_folded_again() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    let fresh = Library::load(&paths);
    cache::load(&paths, cache_dir.path());
    let bodies = only_file(cache_dir.path(), "bodies");
    let mut bytes = fs::read(&bodies).unwrap();
    let at = bytes.len() - 3;
    bytes[at] ^= 0x20;
    fs::write(&bodies, &bytes).unwrap();
    // The header still matches, so the next load uses the index; full text notices the
    // damaged content and folds the bodies again from the documents.
    let (lib, _) = cache::load(&paths, cache_dir.path());
    assert_eq!(full_text(&lib, "tap the"), full_text(&fresh, "tap the"));
    // A bodies file that is gone is written again by the next load.
    fs::remove_file(&bodies).unwrap();
    let (lib, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.reused, r.written), (5, true));
    assert_eq!(full_text(&lib, "bang khen"), full_text(&fresh, "bang khen"));
    assert!(bodies.exists());
}

#[test]
fn writes_leave_no_temporary_files() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let cache_dir = tempfile::tempdir().unwrap();
    cache::load(&paths, cache_dir.path());
    fs::write(docs.path().join("new.txt"), "Bài mới").unwrap();
    cache::load(&paths, cache_dir.path());
    let names: Vec<String> = fs::read_dir(cache_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The index, the bodies, and the bodies' token index (base and added part).
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names.iter().all(|n| [".idx", ".bodies", ".post", ".plus"]
        .iter()
        .any(|e| n.ends_with(e))));
}

#[test]
fn an_unwritable_cache_folder_still_loads() {
    let docs = samples_copy();
    let paths = vec![docs.path().to_path_buf()];
    let blocker = tempfile::NamedTempFile::new().unwrap();
    // A file where the cache folder should be: nothing can be written under it.
    let (lib, r) = cache::load(&paths, &blocker.path().join("vanban"));
    assert_eq!(lib.docs.len(), 5);
    assert!(!r.written && r.write_error.is_some(), "{r:?}");
    assert!(!full_text(&lib, "bac ho").is_empty());
}

#[test]
fn xdg_cache_home_moves_the_cache() {
    let docs = samples_copy();
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg-cache");
    let run = || {
        cli::command()
            .args(["list", "--filter", "hoc tap"])
            .arg(docs.path())
            .env("HOME", home.path())
            .env("XDG_CACHE_HOME", &xdg)
            .env_remove("VANBAN_NO_CACHE")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let dir = xdg.join("vanban");
    assert_eq!(
        cache_files(&dir, "idx").len(),
        1,
        "cache under XDG_CACHE_HOME/vanban"
    );
    // A list needs no bodies: none are written.
    assert_eq!(cache_files(&dir, "bodies").len(), 0);
    assert!(!home.path().join(".cache").exists());
    let idx = only_file(&dir, "idx");
    let written = fs::metadata(&idx).unwrap().modified().unwrap();
    // A second run reads the cache without rewriting it, and prints the same.
    let second = run();
    assert_eq!(second.stdout, first.stdout);
    assert!(!second.stdout.is_empty());
    assert_eq!(fs::metadata(&idx).unwrap().modified().unwrap(), written);
    // A damaged cache: same output, cache rebuilt.
    fs::write(&idx, b"VANBANIX garbage").unwrap();
    let third = run();
    assert!(third.status.success());
    assert_eq!(third.stdout, first.stdout);
    assert!(fs::metadata(&idx).unwrap().len() > 100);
}

#[test]
fn a_list_reads_heads_only_and_a_full_load_completes_them() {
    let docs = samples_copy();
    fs::write(docs.path().join("zz.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    let fresh = Library::load(&paths);
    let want = heads_of(&Listing::of_library(&fresh));
    assert!(
        want.iter().any(|h| !h.4.is_empty()),
        "programmes are listed"
    );

    // Cold: every file read for its head; a cache of heads written, no bodies.
    let (cold, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (6, 0, true));
    assert_eq!(heads_of(&cold), want);
    assert_eq!(cold.skipped.len(), 1);
    assert!(cold.skipped[0].reason.contains("binary"));
    assert!(cache_files(cache_dir.path(), "bodies").is_empty());

    // Warm: nothing read, nothing written, the same list.
    let (warm, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (0, 6, false));
    assert_eq!(heads_of(&warm), want);
    assert_eq!(warm.skipped, cold.skipped);

    // One changed file: only it is read again.
    let mut files: Vec<PathBuf> = fs::read_dir(docs.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    fs::write(&files[2], "Tiêu đề mới\nTin Quỳnh Lưu.").unwrap();
    touch_later(&files[2]);
    let (changed, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (1, 5, true));
    assert_eq!(changed.heads.title(2), "Tiêu đề mới");
    let want = heads_of(&Listing::of_library(&Library::load(&paths)));
    assert_eq!(heads_of(&changed), want);

    // A full load reads the documents again for their facts (the skipped file is kept).
    let (lib, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (5, 1, true));
    assert_eq!(summary(&lib), summary(&Library::load(&paths)));
    // From then on a list is answered from the full cache, which a list never downgrades.
    let (after, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.written), (0, false));
    assert_eq!(heads_of(&after), want);
    touch_later(&files[0]);
    let (_, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused), (1, 5));
    let (_, r) = cache::load(&paths, cache_dir.path());
    assert_eq!((r.read, r.reused, r.written), (0, 6, false));
}

/// A cold list takes each file's size and time from the file it opens, not from a stat
/// by the walk: what it skips, and where, is what a walk that stats skips, and the cache it
/// writes is up to date for a walk that stats.
#[cfg(unix)]
#[test]
fn a_cold_list_skips_what_the_walk_skips_and_its_cache_is_up_to_date() {
    let docs = samples_copy();
    let sub = docs.path().join("m");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("bin.txt"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    fs::File::create(sub.join("big.txt"))
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let pipe = std::ffi::CString::new(sub.join("pipe.txt").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("nowhere.txt", sub.join("broken.txt")).unwrap();
    fs::write(sub.join("z.txt"), "Tiêu đề\nBài viết.").unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];

    let fresh = Library::load(&paths);
    let (cold, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.written), (fresh.docs.len() + 1, true));
    assert_eq!(cold.skipped, fresh.skipped);
    let reasons: Vec<_> = cold.skipped.iter().map(|s| &s.reason[..9]).collect();
    assert_eq!(reasons.len(), 4, "{:?}", cold.skipped);
    assert_eq!(heads_of(&cold), heads_of(&Listing::of_library(&fresh)));
    assert_eq!(cold.paths, cache::read_listing(&paths).paths);

    let warm = cache::load_heads(&paths, cache_dir.path()).expect("up to date");
    assert_eq!(heads_of(&warm), heads_of(&cold));
    assert_eq!(warm.skipped, cold.skipped);
    let (_, r) = cache::list(&paths, cache_dir.path());
    assert_eq!((r.read, r.written), (0, false));
}

#[test]
fn a_cached_listing_shows_what_the_cache_saw() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    assert!(cache::cached_listing(&paths, cache_dir.path()).is_none());
    cache::load(&paths, cache_dir.path());
    let checked = cache::load_heads(&paths, cache_dir.path()).unwrap();
    let seen = cache::cached_listing(&paths, cache_dir.path()).unwrap();
    assert_eq!(heads_of(&seen), heads_of(&checked));
    assert_eq!(seen.paths, checked.paths);

    // A file gone since: the preview still shows what the cache saw; a checked list not.
    fs::remove_file(&checked.paths[0]).unwrap();
    assert!(cache::load_heads(&paths, cache_dir.path()).is_none());
    let stale = cache::cached_listing(&paths, cache_dir.path()).unwrap();
    assert_eq!(heads_of(&stale), heads_of(&checked));

    // The same folder reached through another spelling (a link): the cached paths would
    // not be the ones a walk from here gives, so there is no preview.
    #[cfg(unix)]
    {
        let link = cache_dir.path().join("link");
        std::os::unix::fs::symlink(docs.path(), &link).unwrap();
        assert!(cache::cached_listing(&[link], cache_dir.path()).is_none());
    }
}

/// The documents a stream gives, as a summary, and what it reported.
fn streamed(
    paths: &[PathBuf],
    dir: Option<&Path>,
) -> (Vec<(String, String, usize)>, cache::Streamed) {
    let mut got = Vec::new();
    let s = cache::stream(paths, dir)
        .run(true, |docs| {
            for d in docs {
                assert!(d.text_loaded(), "texts asked for are in memory");
                got.push((
                    d.name.to_string(),
                    d.facts.title.clone(),
                    d.facts.awards.len(),
                ));
            }
            Ok(())
        })
        .unwrap();
    (got, s)
}

fn names_titles(lib: &Library) -> Vec<(String, String, usize)> {
    lib.docs
        .iter()
        .map(|d| {
            (
                d.name.to_string(),
                d.facts.title.clone(),
                d.facts.awards.len(),
            )
        })
        .collect()
}

#[test]
fn a_cold_stream_writes_a_complete_cache_that_the_next_one_reads() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    let want = names_titles(&Library::load(&paths));
    let (got, s) = streamed(&paths, Some(cache_dir.path()));
    assert_eq!(got, want);
    assert!(s.report.written, "{:?}", s.report);
    assert_eq!(s.report.read, want.len());
    // A full load finds every document in the cache, bodies too.
    let (lib, report) = cache::load(&paths, cache_dir.path());
    assert_eq!((report.reused, report.read), (want.len(), 0), "{report:?}");
    assert_eq!(summary(&lib), summary(&Library::load(&paths)));
    assert_eq!(
        full_text(&lib, "khen thuong").len(),
        full_text(&Library::load(&paths), "khen thuong").len()
    );
    // A second stream reads the cache, not the files.
    let (again, s) = streamed(&paths, Some(cache_dir.path()));
    assert_eq!(again, want);
    assert_eq!((s.report.reused, s.report.read), (want.len(), 0));
    // No cache: the same documents, nothing written.
    let (none, s) = streamed(&paths, None);
    assert_eq!(none, want);
    assert!(!s.report.written);
}

#[test]
fn a_stream_stops_at_an_output_error_and_leaves_no_cache() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    let mut calls = 0;
    let r = cache::stream(&paths, Some(cache_dir.path())).run(false, |_| {
        calls += 1;
        Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    });
    assert_eq!(r.unwrap_err().kind(), std::io::ErrorKind::BrokenPipe);
    assert_eq!(calls, 1);
    // Neither a half-written index nor a temporary file is left behind.
    let left: Vec<_> = fs::read_dir(cache_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_stream_reads_the_files_again_when_the_cached_documents_are_damaged() {
    let docs = samples_copy();
    let cache_dir = tempfile::tempdir().unwrap();
    let paths = vec![docs.path().to_path_buf()];
    let want = names_titles(&Library::load(&paths));
    cache::load(&paths, cache_dir.path());
    let idx = fs::read_dir(cache_dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    // A byte of the last chunk of documents (before its 8-byte length and the count).
    let mut bytes = fs::read(&idx).unwrap();
    let at = bytes.len() - 20;
    bytes[at] ^= 0x55;
    fs::write(&idx, bytes).unwrap();
    let (got, s) = streamed(&paths, Some(cache_dir.path()));
    assert_eq!(got, want);
    assert!(s.report.invalid.is_some(), "{:?}", s.report);
    assert!(s.report.written);
    let (_, report) = cache::load(&paths, cache_dir.path());
    assert_eq!(report.reused, want.len(), "{report:?}");
}

#[test]
fn an_up_to_date_cache_completes_a_preview_in_place() {
    let (docs, dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    fs::write(docs.path().join("bad.txt"), b"\x00\x01\x02binary").unwrap();
    let full = cache::load(&paths, dir.path()).0;
    let listing = cache::cached_listing(&paths, dir.path()).unwrap();
    let listed = &listing.paths;

    let mut given: Vec<(usize, vanban::corpus::Document)> = Vec::new();
    let rest = cache::complete(&paths, dir.path(), listed, &mut |start, docs| {
        assert_eq!(start, given.len(), "documents come in order, each once");
        given.extend(docs.into_iter().enumerate().map(|(k, d)| (start + k, d)));
    })
    .expect("an up-to-date cache completes the preview");
    // The documents are the full load's, lightened; the rest brings what is not in them.
    assert_eq!(given.len(), full.docs.len());
    for ((_, d), f) in given.iter().zip(&full.docs) {
        let mut light = f.clone();
        light.lighten();
        assert!(d.is_light());
        assert_eq!((&d.path, &d.facts), (&light.path, &light.facts));
    }
    // Each document shares its path with the listing, not a copy of it.
    for ((i, d), listed) in given.iter().zip(listed) {
        assert!(std::sync::Arc::ptr_eq(&d.path, listed), "document {i}");
    }
    assert!(rest.docs.is_empty());
    assert_eq!(rest.skipped, full.skipped);
    assert_eq!(rest.skipped.len(), 1, "the binary file is skipped");
    let lib = Library {
        docs: given.into_iter().map(|(_, d)| d).collect(),
        ..rest
    };
    assert_eq!(
        full_text(&lib, "khen thuong"),
        full_text(&full, "khen thuong")
    );
    assert!(!full_text(&lib, "khen thuong").is_empty());

    // Another list of documents, or files changed since: nothing is given.
    let mut none = |_: usize, _: Vec<vanban::corpus::Document>| panic!("nothing is given");
    let fewer = &listed[1..];
    assert!(cache::complete(&paths, dir.path(), fewer, &mut none).is_none());
    let mut swapped = listed.to_vec();
    swapped.swap(0, 1);
    assert!(cache::complete(&paths, dir.path(), &swapped, &mut none).is_none());
    touch_later(&listing.paths[0]);
    assert!(cache::complete(&paths, dir.path(), listed, &mut none).is_none());
}

/// The documents a reader gets in parts after a first list (a cache of heads only): each
/// read, lightened, in order, sharing the preview's path; the rest of the library; and a
/// cache written with all the facts, which the next start completes from.
#[test]
fn a_first_list_is_completed_by_reading_the_files_in_parts() {
    let (docs, dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    fs::write(docs.path().join("bad.txt"), b"\x00\x01\x02binary").unwrap();
    let full = cache::load(&paths, tempfile::tempdir().unwrap().path()).0;
    let preview = Library::from_listing(cache::list(&paths, dir.path()).0);
    let (listed, heads): (Vec<_>, _) = (
        preview.docs.iter().map(|d| d.path.clone()).collect(),
        preview.heads(),
    );

    let mut given: Vec<vanban::corpus::Document> = Vec::new();
    let rest = cache::read_in_parts(&paths, dir.path(), (&listed, &heads), &mut |start, docs| {
        assert_eq!(start, given.len(), "documents come in order, each once");
        given.extend(docs);
    })
    .expect("a cache of heads is completed by reading the files");
    assert_eq!(given.len(), full.docs.len());
    for ((d, f), listed) in given.iter().zip(&full.docs).zip(&listed) {
        let mut light = f.clone();
        light.lighten();
        assert!(d.is_light());
        assert_eq!((&d.path, &d.facts), (&light.path, &light.facts));
        assert!(
            std::sync::Arc::ptr_eq(&d.path, listed),
            "the preview's path is shared"
        );
    }
    assert!(rest.docs.is_empty());
    assert_eq!(rest.skipped, full.skipped);
    assert!(
        rest.heads.is_none(),
        "the preview's heads are the files' still"
    );
    let lib = Library {
        docs: given,
        heads: Some(heads.clone()),
        ..rest
    };
    assert!(!full_text(&lib, "khen thuong").is_empty());
    assert_eq!(
        full_text(&lib, "khen thuong"),
        full_text(&full, "khen thuong")
    );

    // The cache now holds every document's facts: a list and a load read nothing, and a
    // preview is completed from it (not read again).
    let (listing, r) = cache::list(&paths, dir.path());
    assert_eq!((r.read, r.written), (0, false));
    assert_eq!(heads_of(&listing), heads_of(&Listing::of_library(&full)));
    let (loaded, r) = cache::load(&paths, dir.path());
    assert_eq!((r.read, r.reused), (0, full.docs.len() + 1));
    assert_eq!(facts_of(&loaded), facts_of(&full));
    let mut none = |_: usize, _: Vec<vanban::corpus::Document>| panic!("nothing is given");
    assert!(cache::read_in_parts(&paths, dir.path(), (&listed, &heads), &mut none).is_none());
    assert!(cache::complete(&paths, dir.path(), &listed, &mut |_, _| {}).is_some());
}

/// A file changed between the first list and the read in parts: its head is made again,
/// and the cache written holds the new one.
#[test]
fn a_file_changed_after_the_first_list_gets_its_new_head() {
    let (docs, dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    let preview = Library::from_listing(cache::list(&paths, dir.path()).0);
    let (listed, heads): (Vec<_>, _) = (
        preview.docs.iter().map(|d| d.path.clone()).collect(),
        preview.heads(),
    );
    fs::write(&listed[1], fs::read(&listed[0]).unwrap()).unwrap();
    touch_later(&listed[1]);

    let mut given = Vec::new();
    let rest = cache::read_in_parts(&paths, dir.path(), (&listed, &heads), &mut |_, docs| {
        given.extend(docs)
    })
    .expect("the same files, in the same order");
    let made = rest.heads.expect("heads made again");
    assert_eq!(made.title(1), made.title(0));
    assert_ne!(heads.title(1), heads.title(0));
    assert_eq!(given[1].facts.title, given[0].facts.title);
    let fresh = Listing::of_library(&Library::load(&paths));
    let (cached, r) = cache::list(&paths, dir.path());
    assert_eq!(r.read, 0);
    assert_eq!(heads_of(&cached), heads_of(&fresh));
}

/// A preview made from an up-to-date cache with all the facts searches the cache's bodies
/// for full text, as the full library does, without reading a file.
#[test]
fn a_cached_preview_searches_the_cached_bodies() {
    let (docs, dir) = (samples_copy(), tempfile::tempdir().unwrap());
    let paths = vec![docs.path().to_path_buf()];
    let full = cache::load(&paths, dir.path()).0;
    let preview = Library::from_listing(cache::cached_listing(&paths, dir.path()).unwrap());
    let hits = full_text(&preview, "khen thuong");
    assert!(!hits.is_empty());
    assert_eq!(hits, full_text(&full, "khen thuong"));
    assert!(
        !preview.bodies().in_memory(),
        "read from the cache's bodies file"
    );

    // A cache of titles only (as `vanban list` leaves) has no bodies to give.
    let titles = tempfile::tempdir().unwrap();
    cache::list(&paths, titles.path());
    let listing = cache::cached_listing(&paths, titles.path()).unwrap();
    assert!(listing.bodies.is_none());
}
