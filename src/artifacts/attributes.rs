//! ELF build attributes (`.ARM.attributes`, `.gnu.attributes`, `.riscv.attributes`).
//!
//! Layout: 'A', then subsections `u32 len, vendor NUL, { tag uleb, u32 size, attrs… }`.
//! Only file-scope (tag 1) integer attributes are kept: the float-ABI tags are among them.

use crate::target::Endian;

const TAG_FILE: u64 = 1;
const TAG_COMPATIBILITY: u64 = 32;
/// Past this many attributes a section is hostile or corrupt; stop rather than loop long.
const MAX_ATTRS: usize = 4096;

/// File-scope integer attributes of `vendor`, in order.
pub fn file_ints(data: &[u8], endian: Endian, vendor: &str) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let Some((&b'A', mut rest)) = data.split_first() else {
        return out;
    };
    while rest.len() >= 4 {
        let len = read_u32(rest, endian) as usize;
        if len < 4 || len > rest.len() {
            break;
        }
        let (sub, next) = rest.split_at(len);
        rest = next;
        let body = &sub[4..];
        let Some(nul) = body.iter().position(|&c| c == 0) else {
            continue;
        };
        if &body[..nul] != vendor.as_bytes() {
            continue;
        }
        parse_vendor(&body[nul + 1..], endian, vendor, &mut out);
    }
    out
}

fn parse_vendor(mut data: &[u8], endian: Endian, vendor: &str, out: &mut Vec<(u64, u64)>) {
    while !data.is_empty() {
        let Some((scope, n)) = uleb(data) else { return };
        let Some(size_bytes) = data.get(n..n + 4) else {
            return;
        };
        let size = read_u32(size_bytes, endian) as usize;
        if size < n + 4 || size > data.len() {
            return;
        }
        let (block, next) = data.split_at(size);
        data = next;
        if scope == TAG_FILE {
            parse_attrs(&block[n + 4..], vendor, out);
        }
    }
}

fn parse_attrs(mut data: &[u8], vendor: &str, out: &mut Vec<(u64, u64)>) {
    while !data.is_empty() && out.len() < MAX_ATTRS {
        let Some((tag, n)) = uleb(data) else { return };
        data = &data[n..];
        if tag == TAG_COMPATIBILITY {
            let Some((_, n)) = uleb(data) else { return };
            data = &data[n..];
            let Some(nul) = data.iter().position(|&c| c == 0) else {
                return;
            };
            data = &data[nul + 1..];
        } else if is_string_tag(tag, vendor) {
            let Some(nul) = data.iter().position(|&c| c == 0) else {
                return;
            };
            data = &data[nul + 1..];
        } else {
            let Some((v, n)) = uleb(data) else { return };
            data = &data[n..];
            out.push((tag, v));
        }
    }
}

fn is_string_tag(tag: u64, vendor: &str) -> bool {
    match vendor {
        // Tag_CPU_raw_name, Tag_CPU_name, Tag_conformance.
        "aeabi" if matches!(tag, 4 | 5 | 67) => true,
        // Tag_RISCV_arch.
        "riscv" if tag == 5 => true,
        _ => tag >= 32 && tag % 2 == 1,
    }
}

fn read_u32(b: &[u8], endian: Endian) -> u32 {
    let a = [b[0], b[1], b[2], b[3]];
    match endian {
        Endian::Little => u32::from_le_bytes(a),
        Endian::Big => u32::from_be_bytes(a),
    }
}

fn uleb(data: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &b) in data.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_attributes_from_gcc() {
        // Real bytes from arm-linux-gnueabihf-gcc: Tag_CPU_name "7-A", Tag_ABI_VFP_args=1.
        let mut sub = Vec::new();
        sub.extend_from_slice(b"aeabi\0");
        let attrs: &[u8] = &[5, b'7', b'-', b'A', 0, 6, 10, 28, 1, 30, 6];
        sub.push(1);
        sub.extend_from_slice(&((attrs.len() + 5) as u32).to_le_bytes());
        sub.extend_from_slice(attrs);
        let mut data = vec![b'A'];
        data.extend_from_slice(&((sub.len() + 4) as u32).to_le_bytes());
        data.extend_from_slice(&sub);
        let got = file_ints(&data, Endian::Little, "aeabi");
        assert_eq!(got, vec![(6, 10), (28, 1), (30, 6)]);
        assert!(file_ints(&data, Endian::Little, "gnu").is_empty());
    }

    #[test]
    fn hostile_lengths_do_not_panic() {
        for data in [
            &b"A"[..],
            b"A\xff\xff\xff\xff",
            b"A\x08\0\0\0gnu",
            b"A\x10\0\0\0gnu\0\x01\xff\xff\xff\x7f",
            b"A\x0d\0\0\0gnu\0\x01\x05\0\0\0\x04",
            b"A\x0e\0\0\0gnu\0\x01\x06\0\0\0\x04\x80",
        ] {
            let _ = file_ints(data, Endian::Little, "gnu");
            let _ = file_ints(data, Endian::Big, "gnu");
        }
    }
}
