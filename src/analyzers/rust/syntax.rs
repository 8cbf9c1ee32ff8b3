//! Small helpers over `syn` trees shared by the checks: resolving aliased imports, reading paths
//! and string literals through the conversions code wraps them in, and local `let` bindings.
//!
//! Resolution is per file and by name only: `use reqwest::Client as Http;` makes `Http::new` read
//! as `reqwest::Client::new`. There is no type inference and no cross-file resolution; a check
//! that needs a type (a `Patient`) looks at the annotations written in the same function.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashMap;
use syn::visit::Visit;
use syn::{Expr, Lit, LitStr, UseTree};

/// `use` declarations of one file: local name → full path.
#[derive(Debug, Default)]
pub struct Aliases {
    map: HashMap<String, Vec<String>>,
}

impl Aliases {
    pub fn of(file: &syn::File) -> Aliases {
        struct Uses(Aliases);
        impl<'ast> Visit<'ast> for Uses {
            fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
                collect(&u.tree, &mut Vec::new(), &mut self.0.map);
            }
            // Function bodies may `use` too; expressions are not walked for speed.
            fn visit_expr(&mut self, _: &'ast Expr) {}
        }
        fn collect(
            tree: &UseTree,
            prefix: &mut Vec<String>,
            map: &mut HashMap<String, Vec<String>>,
        ) {
            match tree {
                UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    collect(&p.tree, prefix, map);
                    prefix.pop();
                }
                UseTree::Name(n) => {
                    let name = n.ident.to_string();
                    if name == "self" {
                        if let Some(last) = prefix.last() {
                            map.insert(last.clone(), prefix.clone());
                        }
                    } else {
                        let mut full = prefix.clone();
                        full.push(name.clone());
                        map.insert(name, full);
                    }
                }
                UseTree::Rename(r) => {
                    let mut full = prefix.clone();
                    if r.ident != "self" {
                        full.push(r.ident.to_string());
                    }
                    map.insert(r.rename.to_string(), full);
                }
                UseTree::Glob(_) => {}
                UseTree::Group(g) => {
                    for t in &g.items {
                        collect(t, prefix, map);
                    }
                }
            }
        }
        let mut u = Uses(Aliases::default());
        u.visit_file(file);
        u.0
    }

    /// The path's segments with its first segment expanded through the imports.
    pub fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve_segments(segs)
    }

    pub fn resolve_segments(&self, segs: Vec<String>) -> Vec<String> {
        match segs.first().and_then(|f| self.map.get(f)) {
            Some(full) if full.len() > 1 || full[0] != segs[0] => {
                let mut out = full.clone();
                out.extend(segs.into_iter().skip(1));
                out
            }
            _ => segs,
        }
    }
}

/// The name of the type an `impl` block is for (`Store` in `impl Kv for Store<T>`).
pub fn impl_type(i: &syn::ItemImpl) -> Option<String> {
    match &*i.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Does `path` end with `suffix` (compared segment by segment)?
pub fn ends_with(path: &[String], suffix: &[&str]) -> bool {
    path.len() >= suffix.len()
        && path[path.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// Strips parentheses, groups, references and derefs: `&(x)` → `x`.
pub fn peel(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Reference(r) => &r.expr,
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            _ => return e,
        }
    }
}

/// The resolved path of a path expression (`SslVerifyMode::NONE`).
pub fn expr_path(e: &Expr, aliases: &Aliases) -> Option<Vec<String>> {
    match peel(e) {
        Expr::Path(p) => Some(aliases.resolve(&p.path)),
        _ => None,
    }
}

/// The single identifier of a local-variable expression (`x`, `&x`).
pub fn local_name(e: &Expr) -> Option<String> {
    match peel(e) {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// The name a value expression is known by: `x` for `x`, `ssn` for `patient.ssn`, the method for
/// `p.ssn()`.
/// The name a `let` binds, for `let x = …` and `let x: T = …`.
pub fn binding_name(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::Type(t) => match &*t.pat {
            syn::Pat::Ident(i) => Some(i.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

pub fn value_name(e: &Expr) -> Option<String> {
    match peel(e) {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(i) => Some(i.to_string()),
            syn::Member::Unnamed(_) => value_name(&f.base),
        },
        Expr::MethodCall(m) if m.args.is_empty() => Some(m.method.to_string()),
        _ => None,
    }
}

/// Methods that turn a literal into an owned or borrowed string without changing its value.
const CONVERSIONS: &[&str] = &[
    "to_string",
    "to_owned",
    "into",
    "as_str",
    "as_ref",
    "as_bytes",
    "to_vec",
    "clone",
];

/// The string literal an expression stands for, through the conversions code wraps literals in:
/// `"x"`, `"x".to_string()`, `String::from("x")`, `Some("x".into())`, `b"x"` (as text).
pub fn str_lit(e: &Expr) -> Option<LitStr> {
    match peel(e) {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.clone()),
            Lit::ByteStr(b) => Some(LitStr::new(&String::from_utf8_lossy(&b.value()), b.span())),
            _ => None,
        },
        Expr::MethodCall(m)
            if m.args.is_empty() && CONVERSIONS.contains(&m.method.to_string().as_str()) =>
        {
            str_lit(&m.receiver)
        }
        Expr::Call(c) if c.args.len() == 1 => {
            let Expr::Path(p) = peel(&c.func) else {
                return None;
            };
            let last = p.path.segments.last()?.ident.to_string();
            if matches!(
                last.as_str(),
                "from" | "Some" | "new" | "Ok" | "Cow" | "Borrowed" | "Owned"
            ) {
                str_lit(&c.args[0])
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Is this the literal `true` (or `false` when `want` is false)?
pub fn is_bool(e: &Expr, want: bool) -> bool {
    matches!(peel(e), Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if b.value == want))
}

/// Is this a name written in SCREAMING_CASE (a constant, by convention)?
pub fn is_const_name(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Splits a macro's tokens at top-level `,` and `;` (the argument separators of `format!`, `log`
/// and `tracing` macros).
pub fn split_args(tokens: &TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for t in tokens.clone() {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';' => out.push(Vec::new()),
            _ => out.last_mut().expect("never empty").push(t),
        }
    }
    if out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

/// The value of a segment that is exactly one string literal.
pub fn seg_str(seg: &[TokenTree]) -> Option<LitStr> {
    match seg {
        [TokenTree::Literal(l)] => syn::parse2::<LitStr>(TokenTree::Literal(l.clone()).into()).ok(),
        _ => None,
    }
}

/// Every identifier in a token sequence, descending into groups.
pub fn idents(tokens: &[TokenTree], out: &mut Vec<proc_macro2::Ident>) {
    for t in tokens {
        match t {
            TokenTree::Ident(i) => out.push(i.clone()),
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                idents(&inner, out);
            }
            _ => {}
        }
    }
}

/// Macros whose arguments are ordinary expressions separated by commas.
const EXPR_MACROS: &[&str] = &[
    "format",
    "format_args",
    "print",
    "println",
    "eprint",
    "eprintln",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "vec",
    "dbg",
    "todo",
    "unreachable",
    "unimplemented",
    "info",
    "warn",
    "error",
    "debug",
    "trace",
    "Ok",
    "Some",
    "bail",
    "anyhow",
    "ensure",
];

/// The argument expressions of a `format!`-like macro, so checks see code written inside macro
/// calls (`format!("{:x}", md5::compute(pw))`). Macros whose bodies are not expression lists
/// (tracing field syntax, `macro_rules!`, DSLs) give nothing.
pub fn macro_exprs(m: &syn::Macro) -> Vec<Expr> {
    let Some(name) = m.path.segments.last().map(|s| s.ident.to_string()) else {
        return Vec::new();
    };
    if !EXPR_MACROS.contains(&name.as_str()) {
        return Vec::new();
    }
    m.parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        .map(|p| p.into_iter().collect())
        .unwrap_or_default()
}

/// One `{...}` placeholder of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgRef {
    /// `{}`: the next positional argument (its index filled in).
    Index(usize),
    /// `{name}`: a named argument, or a variable captured from the scope.
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub arg: ArgRef,
    /// `{:?}`, `{x:#?}`: Debug formatting.
    pub debug: bool,
}

/// The placeholders of a format string, in order (`{{` and `}}` are text).
pub fn placeholders(fmt: &str) -> Vec<Placeholder> {
    placeholders_at(fmt).into_iter().map(|(_, p)| p).collect()
}

/// The placeholders of a format string with the byte offset of each one's `{`.
pub fn placeholders_at(fmt: &str) -> Vec<(usize, Placeholder)> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut rest = fmt;
    while let Some(i) = rest.find(['{', '}']) {
        let c = rest.as_bytes()[i];
        if rest[i + 1..].starts_with(c as char) {
            rest = &rest[i + 2..];
            continue;
        }
        if c == b'}' {
            rest = &rest[i + 1..];
            continue;
        }
        let Some(close) = rest[i..].find('}') else {
            break;
        };
        let inner = &rest[i + 1..i + close];
        let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
        let arg = arg.trim();
        let arg = if arg.is_empty() {
            next += 1;
            ArgRef::Index(next - 1)
        } else if let Ok(n) = arg.parse::<usize>() {
            ArgRef::Index(n)
        } else {
            ArgRef::Name(arg.to_string())
        };
        out.push((
            fmt.len() - rest.len() + i,
            Placeholder {
                arg,
                debug: spec.ends_with('?'),
            },
        ));
        rest = &rest[i + close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_renamed_and_grouped_imports() {
        let f: syn::File = syn::parse_str(
            "use reqwest::{Client as Http, tls}; use openssl::ssl::SslVerifyMode as Mode; use std::process;",
        )
        .unwrap();
        let a = Aliases::of(&f);
        let p: syn::Path = syn::parse_str("Http::builder").unwrap();
        assert_eq!(a.resolve(&p), ["reqwest", "Client", "builder"]);
        let p: syn::Path = syn::parse_str("Mode::NONE").unwrap();
        assert!(ends_with(&a.resolve(&p), &["SslVerifyMode", "NONE"]));
        let p: syn::Path = syn::parse_str("process::Command").unwrap();
        assert_eq!(a.resolve(&p), ["std", "process", "Command"]);
    }

    #[test]
    fn literals_are_read_through_conversions() {
        for src in [
            r#""pw""#,
            r#""pw".to_string()"#,
            r#"String::from("pw")"#,
            r#"Some("pw".into())"#,
        ] {
            let e: Expr = syn::parse_str(src).unwrap();
            assert_eq!(
                str_lit(&e).map(|l| l.value()).as_deref(),
                Some("pw"),
                "{src}"
            );
        }
        let e: Expr = syn::parse_str(r#"std::env::var("PW").unwrap_or("x".into())"#).unwrap();
        assert!(str_lit(&e).is_none());
    }

    #[test]
    fn placeholders_number_positional_arguments() {
        let p = placeholders("{} {{lit}} {name:?} {} {0:#?}");
        assert_eq!(
            p,
            vec![
                Placeholder {
                    arg: ArgRef::Index(0),
                    debug: false
                },
                Placeholder {
                    arg: ArgRef::Name("name".into()),
                    debug: true
                },
                Placeholder {
                    arg: ArgRef::Index(1),
                    debug: false
                },
                Placeholder {
                    arg: ArgRef::Index(0),
                    debug: true
                },
            ]
        );
    }
}
