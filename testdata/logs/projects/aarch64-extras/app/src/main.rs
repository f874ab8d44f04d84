fn main() {
    unsafe { nopic_sys::nopic_log(b"xlinkdiag\n\0".as_ptr().cast()) };
}
