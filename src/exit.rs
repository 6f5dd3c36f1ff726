//! Exit codes of the binary, the same for every face: 0 ok, 1 error, 2 usage.

pub const EXIT_OK: i32 = 0;
pub const EXIT_ERROR: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
