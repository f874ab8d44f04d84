//! Bindings to log.c.
use std::os::raw::c_char;

extern "C" {
    pub fn nopic_log(msg: *const c_char);
}
