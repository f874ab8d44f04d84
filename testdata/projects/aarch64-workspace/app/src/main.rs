fn main() {
    println!("adler32 = {:08x}", tinyz_sys::adler32(b"xlinkdiag"));
}
