//! A cheap lexical estimate of how deeply `syn` will recurse on a file, so pathological input
//! (thousands of nested brackets, an expression chained ten thousand times) is skipped with a note
//! instead of overflowing the stack, which would abort the whole process rather than panic.
//!
//! The estimate is the maximum, over the file, of the open bracket depth plus the operators, `.`
//! and prefix or chaining keywords (`return`, `yield`, `break`, `as`, `if`, `match`, ...) chained at
//! every open level (reset at `,` `;` and braces), plus the `else` branches of an `if` chain at every
//! level (syn nests each `else if` inside the one before, and so do its visitors and `Drop`; the
//! count resets when a closing brace is not followed by `else`). It over-approximates for long
//! flat arrays of expressions (each comma resets, so those stay small) and does not try to be a
//! lexer: comments, strings, raw strings and char literals are skipped well enough to not count
//! their brackets. What it does not do: measure real stack use; the limits in the analyzer are
//! set with a wide margin from measurements on debug builds.

/// Keywords that syn parses as a prefix of, or a link in, an expression or type it recurses into:
/// `return return return x`, `x as u8 as u8`, `if if if`... Each counts like an operator.
const CHAINING_KEYWORDS: &[&[u8]] = &[
    b"return", b"yield", b"break", b"as", b"if", b"match", b"while", b"loop", b"let", b"move",
    b"async", b"await", b"unsafe", b"in", b"dyn", b"impl", b"mut", b"const", b"static", b"become",
    b"do", b"box", b"try",
];

/// The estimated nesting depth of `text` (see the module doc).
pub fn nesting_estimate(text: &str) -> usize {
    let b = text.as_bytes();
    let n = b.len();
    // One counter per open bracket level: operators chained at that level.
    let mut chain: Vec<usize> = vec![0];
    let mut sum = 0usize; // sum of `chain`
    // One counter per open bracket level: `else` branches chained at that level.
    let mut elses: Vec<usize> = vec![0];
    let mut else_sum = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while i < n {
        let c = b[i];
        match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &b[start..i];
                // `r#match` is an identifier, not a keyword.
                let raw_ident = start >= 2 && &b[start - 2..start] == b"r#";
                if !raw_ident && word == b"else" {
                    if let Some(l) = elses.last_mut() {
                        *l += 1;
                        else_sum += 1;
                    }
                } else if !raw_ident
                    && CHAINING_KEYWORDS.contains(&word)
                    && let Some(l) = chain.last_mut()
                {
                    *l += 1;
                    sum += 1;
                }
                max = max.max(chain.len() + sum + else_sum);
                continue;
            }
            b'0'..=b'9' => {
                // A number with its suffix (`1u8`, `0x_ff`) is one token, never a keyword.
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < n {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b'"' => {
                // A raw string `r#"..."#` ends at `"` plus as many `#` as it opened with.
                let mut hashes = 0;
                let mut j = i;
                while j > 0 && b[j - 1] == b'#' {
                    hashes += 1;
                    j -= 1;
                }
                let raw = j > 0 && b[j - 1] == b'r';
                i += 1;
                while i < n {
                    if !raw && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == b'"'
                        && (!raw
                            || (b.len() >= i + 1 + hashes
                                && b[i + 1..i + 1 + hashes].iter().all(|&h| h == b'#')))
                    {
                        i += 1 + if raw { hashes } else { 0 };
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'\'' => {
                // `'\n'`, `'x'` are chars; `'a` is a lifetime.
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < n && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                let ch_len = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                if b.get(i + 1 + ch_len) == Some(&b'\'') {
                    i += 2 + ch_len;
                    continue;
                }
            }
            b'(' | b'[' | b'{' => {
                if c == b'{' {
                    sum -= chain.last().copied().unwrap_or(0);
                    if let Some(l) = chain.last_mut() {
                        *l = 0;
                    }
                }
                chain.push(0);
                elses.push(0);
            }
            b')' | b']' | b'}' if chain.len() > 1 => {
                sum -= chain.pop().unwrap_or(0);
                else_sum -= elses.pop().unwrap_or(0);
                if c == b'}' && !next_word_is(b, i + 1, b"else") {
                    else_sum -= elses.last().copied().unwrap_or(0);
                    if let Some(l) = elses.last_mut() {
                        *l = 0;
                    }
                }
            }
            b',' | b';' => {
                sum -= chain.last().copied().unwrap_or(0);
                if let Some(l) = chain.last_mut() {
                    *l = 0;
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'.' | b'!' | b'<' | b'>'
            | b'?' | b'=' => {
                if let Some(l) = chain.last_mut() {
                    *l += 1;
                    sum += 1;
                }
            }
            _ => {}
        }
        max = max.max(chain.len() + sum + else_sum);
        i += 1;
    }
    max
}

/// Whether the first word at or after `i` (past whitespace) is `word`.
fn next_word_is(b: &[u8], i: usize, word: &[u8]) -> bool {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_whitespace() {
        j += 1;
    }
    b[j..].starts_with(word)
        && b.get(j + word.len())
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_is_shallow() {
        let code = r##"
            fn main() { let v = vec![1, 2, 3]; // ((((((((
                let s = "(((((((("; let r = r#"[[[[["#; let c = '('; let l: &'static str = "";
                if a && b { x.y().z()?; }
            }
        "##;
        assert!(nesting_estimate(code) < 20, "{}", nesting_estimate(code));
    }

    #[test]
    fn nested_brackets_and_long_chains_are_deep() {
        let deep = format!("fn f() {{ {}1{} }}", "(".repeat(5000), ")".repeat(5000));
        assert!(nesting_estimate(&deep) >= 5000);
        let chain = format!("fn f() {{ let x = 1{}; }}", " + 1".repeat(5000));
        assert!(nesting_estimate(&chain) >= 5000);
        let table = format!("const T: [u8; 5000] = [{}];", "1, ".repeat(5000));
        assert!(nesting_estimate(&table) < 10);
    }

    #[test]
    fn keyword_chains_are_deep() {
        let ret = format!("fn f() -> u8 {{ {}1 }}", "return ".repeat(800));
        assert!(nesting_estimate(&ret) >= 800);
        let cast = format!("fn f() {{ let x = 1{}; }}", " as u8".repeat(3000));
        assert!(nesting_estimate(&cast) >= 3000);
        let yields = format!("fn f() {{ {}1; }}", "yield ".repeat(3000));
        assert!(nesting_estimate(&yields) >= 3000);
        let elses = format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(3000));
        assert!(nesting_estimate(&elses) >= 3000);
    }

    #[test]
    fn many_separate_ifs_and_keywords_stay_shallow() {
        let ifs = "if a { x(); } else if b { y(); } else { z(); }\n".repeat(500);
        let code = format!("fn f() {{ {ifs} }}");
        assert!(nesting_estimate(&code) < 20, "{}", nesting_estimate(&code));
        let lets = "let x = y as u8; return_value(); let r#match = 1;\n".repeat(500);
        let code = format!("fn f() {{ {lets} }}");
        assert!(nesting_estimate(&code) < 20, "{}", nesting_estimate(&code));
    }
}
