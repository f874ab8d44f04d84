fn main() {
    let a = tinyz_sys::adler32(b"xlinkdiag");
    println!("adler32 = {a:08x}, mix = {:08x}", cmix_sys::mix(a, 7));
}
