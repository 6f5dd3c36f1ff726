//! A value made once: when first needed, or ahead of that on a thread of its own, so
//! that work which takes memory or time is done neither at start-up nor while a user
//! waits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// A value of `T`, made once.
#[derive(Debug)]
pub struct Later<T> {
    cell: Arc<OnceLock<T>>,
    /// A thread was started to make it.
    asked: AtomicBool,
}

impl<T> Default for Later<T> {
    fn default() -> Self {
        Later {
            cell: Arc::default(),
            asked: AtomicBool::new(false),
        }
    }
}

impl<T: Send + Sync + 'static> Later<T> {
    /// The value, if made.
    pub fn get(&self) -> Option<&T> {
        self.cell.get()
    }

    /// The value, made now by `make` unless it is made; waits for a thread making it.
    pub fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        self.cell.get_or_init(make)
    }

    /// Make the value with `make` on a thread named `name`, once, unless it is made.
    pub fn make_ahead(&self, name: &str, make: impl FnOnce() -> T + Send + 'static) {
        if self.cell.get().is_some() || self.asked.swap(true, Ordering::SeqCst) {
            return;
        }
        let cell = self.cell.clone();
        let _ = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                cell.get_or_init(make);
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn made_once_ahead_or_on_need() {
        let made = Arc::new(AtomicUsize::new(0));
        let later: Later<usize> = Later::default();
        assert_eq!(later.get(), None);
        for _ in 0..3 {
            let m = made.clone();
            later.make_ahead("test-later", move || m.fetch_add(1, Ordering::SeqCst) + 7);
        }
        // Needed before or after the thread made it: one value, made once.
        let m = made.clone();
        assert_eq!(
            *later.get_or_init(|| m.fetch_add(1, Ordering::SeqCst) + 7),
            7
        );
        assert_eq!(later.get(), Some(&7));
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }
}
