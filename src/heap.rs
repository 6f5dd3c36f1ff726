//! The allocator's part in a reader's memory at a million documents (glibc only; elsewhere
//! these do nothing). glibc keeps memory freed by a thread for reuse in that thread's own
//! arena, where it lies among what is still in use: a load that reads a million files on a
//! dozen threads leaves hundreds of megabytes held for nothing.

/// Let the threads started from here on share two arenas, not one each (up to 8 per
/// core): less memory held apart, for a little more waiting on the allocator's locks. For
/// the reader, which runs for hours; a command that runs for seconds keeps the default.
pub fn few_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes a setting of the allocator; M_ARENA_MAX takes any count.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Give the memory freed so far back to the system, where whole pages of it are free.
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the heap to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}
