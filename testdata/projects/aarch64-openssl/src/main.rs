fn main() {
    unsafe { openssl_sys::OPENSSL_init_ssl(0, std::ptr::null_mut()) };
    println!("{}", unsafe { openssl_sys::OpenSSL_version_num() });
}
