//! Text from files (paths, member names, compiler strings) may hold terminal escapes;
//! they are made visible before they reach a terminal.

use std::borrow::Cow;

pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(super::text("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(super::text("plain"), "plain");
    }
}
