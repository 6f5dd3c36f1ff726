//! LEB128 numbers: seven bits a byte, low first, the high bit set on all but the last.

/// Append `n` to `out`.
pub fn put(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The number at `*at` in `bytes`, moving `*at` past it; `None` if cut short or too long.
#[inline]
pub fn get(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut n: u32 = 0;
    for shift in [0, 7, 14, 21, 28] {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return (shift < 28 || b < 0x10).then_some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_back() {
        let nums = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 28, u32::MAX];
        let mut buf = Vec::new();
        for n in nums {
            put(&mut buf, n);
        }
        let mut at = 0;
        for n in nums {
            assert_eq!(get(&buf, &mut at), Some(n));
        }
        assert_eq!(get(&buf, &mut at), None);
        assert_eq!(get(&[0x80], &mut 0), None, "cut short");
        assert_eq!(get(&[0xff; 6], &mut 0), None, "too long");
    }
}
