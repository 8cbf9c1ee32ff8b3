//! Strings built at run time: `format!` with interpolated values, `+` concatenation and
//! `push_str`/`+=`/`write!` onto a local, followed through local variables within a function.
//! The SQL and shell checks use it to tell a query or command assembled from values from a
//! constant one.
//!
//! An interpolated value counts as constant when it is a literal or a SCREAMING_CASE name
//! (`TABLE`, `Self::COLUMNS`), or a local named like a list of bind placeholders
//! (`placeholders`, `binds`): building `$1, $2, ...` is the documented safe way to bind a list.
//! Nothing is tracked across functions, through fields or through function calls.

use super::names::words;
use super::syntax::{
    ArgRef, is_const_name, local_name, peel, placeholders, seg_str, split_args, str_lit,
};
use proc_macro2::TokenTree;
use std::collections::HashMap;
use syn::Expr;

/// What is known about a string built at run time.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The literal parts, concatenated (what the check matches SQL keywords against).
    pub text: String,
    /// Some part is a run-time value.
    pub dynamic: bool,
    /// How: `format!`, `+`, `push_str`.
    pub how: &'static str,
}

fn const_tokens(seg: &[TokenTree]) -> bool {
    match seg {
        [TokenTree::Literal(_)] => true,
        _ => {
            let last_ident = seg.iter().rev().find_map(|t| match t {
                TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            });
            let path_only = seg.iter().all(|t| {
                matches!(t, TokenTree::Ident(_))
                    || matches!(t, TokenTree::Punct(p) if p.as_char() == ':' || p.as_char() == '&')
            });
            last_ident.is_some_and(|n| {
                (path_only && is_const_name(&n))
                    || words(&n).iter().any(|w| {
                        matches!(
                            w.as_str(),
                            "placeholder" | "placeholders" | "binds" | "markers"
                        )
                    })
            })
        }
    }
}

/// A `format!` (or `format_args!`) call: its literal text and whether it interpolates a value.
pub fn format_macro(m: &syn::Macro) -> Option<Built> {
    let name = m.path.segments.last()?.ident.to_string();
    if name != "format" && name != "format_args" {
        return None;
    }
    let segs = split_args(&m.tokens);
    let fmt = seg_str(segs.first()?)?.value();
    let mut dynamic = false;
    let named: Vec<(String, &[TokenTree])> = segs[1..]
        .iter()
        .filter_map(|s| {
            let eq = s.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone))?;
            Some((s[..eq].iter().map(|t| t.to_string()).collect(), &s[eq + 1..]))
        })
        .collect();
    for ph in placeholders(&fmt) {
        // A capture that is not an identifier (`{a.b}`, `{1x}`: rustc rejects them) is taken as
        // a value; `{r#type}` is the raw identifier `type`.
        if let ArgRef::Name(n) = &ph.arg
            && !named.iter().any(|(k, _)| k == n)
            && !syn::parse_str::<syn::Ident>(n).is_ok_and(|i| const_tokens(&[TokenTree::Ident(i)]))
        {
            dynamic = true;
        }
    }
    for s in &segs[1..] {
        let eq = s.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone));
        let v = match eq {
            Some(e) => &s[e + 1..],
            None => &s[..],
        };
        if !const_tokens(v) {
            dynamic = true;
        }
    }
    Some(Built {
        text: fmt,
        dynamic,
        how: "format!",
    })
}

/// What `e` builds, if it is a string built from literals and values (through locals in `vars`).
pub fn built(e: &Expr, vars: &HashMap<String, Built>) -> Option<Built> {
    if let Some(l) = str_lit(e) {
        return Some(Built {
            text: l.value(),
            dynamic: false,
            how: "literal",
        });
    }
    match peel(e) {
        Expr::Macro(m) => format_macro(&m.mac),
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "as_str" | "to_string" | "to_owned" | "clone" | "as_ref" | "into" | "as_bytes"
                ) =>
        {
            built(&m.receiver, vars)
        }
        Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
            let l = built(&b.left, vars);
            let r = built(&b.right, vars);
            if l.is_none() && r.is_none() {
                return None;
            }
            let part = |x: Option<Built>, side: &Expr| {
                x.unwrap_or_else(|| Built {
                    text: String::new(),
                    dynamic: !is_const_expr(side),
                    how: "+",
                })
            };
            let (l, r) = (part(l, &b.left), part(r, &b.right));
            Some(Built {
                text: l.text + &r.text,
                dynamic: l.dynamic || r.dynamic,
                how: "+",
            })
        }
        other => local_name(other).and_then(|n| vars.get(&n).cloned()),
    }
}

fn is_const_expr(e: &Expr) -> bool {
    match peel(e) {
        Expr::Lit(_) => true,
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| is_const_name(&s.ident.to_string())),
        _ => false,
    }
}

/// Local string variables of one function and how they were built.
#[derive(Debug, Default)]
pub struct StringVars {
    pub vars: HashMap<String, Built>,
}

impl StringVars {
    /// `let name = init;`
    pub fn bind(&mut self, name: &str, init: &Expr) {
        match built(init, &self.vars) {
            Some(b) => {
                self.vars.insert(name.to_string(), b);
            }
            None => {
                // `String::new()`, `String::with_capacity(n)`: an empty string to append to.
                let empty = matches!(peel(init), Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "new" || s.ident == "with_capacity")) && p_is_string(&c.func));
                if empty {
                    self.vars.insert(name.to_string(), Built::default());
                } else {
                    self.vars.remove(name);
                }
            }
        }
    }

    /// `name.push_str(x)`, `name += x`, `write!(name, ...)`: appends.
    pub fn append(&mut self, name: &str, piece: Option<Built>) {
        if let Some(v) = self.vars.get_mut(name) {
            match piece {
                Some(p) => {
                    v.text.push_str(&p.text);
                    if p.dynamic {
                        v.dynamic = true;
                        v.how = p.how;
                    }
                }
                None => {
                    v.dynamic = true;
                    v.how = "push_str";
                }
            }
        }
    }

    /// Follows the appends of one method call or `+=` expression.
    pub fn observe(&mut self, e: &Expr) {
        match e {
            Expr::MethodCall(m) if m.method == "push_str" || m.method == "push" => {
                if let (Some(name), Some(arg)) = (local_name(&m.receiver), m.args.first()) {
                    let piece = built(arg, &self.vars).map(|mut b| {
                        if b.how == "literal" {
                            b.how = "push_str";
                        }
                        b
                    });
                    let piece = match piece {
                        Some(p) => Some(p),
                        None if is_const_expr(arg) => Some(Built::default()),
                        None => None,
                    };
                    self.append(&name, piece);
                }
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                if let Some(name) = local_name(&b.left) {
                    let piece = built(&b.right, &self.vars);
                    let piece = match piece {
                        Some(p) => Some(p),
                        None if is_const_expr(&b.right) => Some(Built::default()),
                        None => None,
                    };
                    self.append(&name, piece);
                }
            }
            Expr::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "write" || s.ident == "writeln") =>
            {
                let segs = split_args(&m.mac.tokens);
                if let Some(first) = segs.first() {
                    let target = first.iter().rev().find_map(|t| match t {
                        TokenTree::Ident(i) => Some(i.to_string()),
                        _ => None,
                    });
                    if let Some(name) = target {
                        let rest: proc_macro2::TokenStream = m
                            .mac
                            .tokens
                            .clone()
                            .into_iter()
                            .skip_while(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                            .skip(1)
                            .collect();
                        let fake = syn::Macro {
                            path: syn::parse_quote!(format),
                            bang_token: Default::default(),
                            delimiter: m.mac.delimiter.clone(),
                            tokens: rest,
                        };
                        self.append(
                            &name,
                            format_macro(&fake).map(|mut b| {
                                b.how = "write!";
                                b
                            }),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn p_is_string(f: &Expr) -> bool {
    matches!(f, Expr::Path(p) if p.path.segments.iter().any(|s| s.ident == "String"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &str) -> Option<Built> {
        built(&syn::parse_str(src).unwrap(), &HashMap::new())
    }

    #[test]
    fn interpolation_of_values_is_dynamic_and_of_constants_is_not() {
        assert!(
            b(r#"format!("SELECT * FROM t WHERE id = {}", id)"#)
                .unwrap()
                .dynamic
        );
        assert!(
            b(r#"format!("SELECT * FROM t WHERE id = {id}")"#)
                .unwrap()
                .dynamic
        );
        assert!(
            !b(r#"format!("SELECT * FROM {} WHERE id = $1", TABLE)"#)
                .unwrap()
                .dynamic
        );
        assert!(
            !b(r#"format!("SELECT * FROM t WHERE id IN ({})", placeholders)"#)
                .unwrap()
                .dynamic
        );
        assert!(
            b(r#""SELECT * FROM t WHERE name = '".to_string() + &name + "'""#)
                .unwrap()
                .dynamic
        );
        assert!(!b(r#""SELECT 1""#).unwrap().dynamic);
    }

    #[test]
    fn captures_that_are_not_identifiers_do_not_panic() {
        for src in [
            r#"format!("SELECT {a.b} FROM t")"#,
            r#"format!("SELECT {1x} FROM t")"#,
            r#"format!("SELECT {r#type} FROM t")"#,
            r#"format!("SELECT {} FROM t {:} {a-b}")"#,
        ] {
            assert!(b(src).unwrap().dynamic, "{src}");
        }
        assert!(!b(r#"format!("SELECT * FROM {TABLE}")"#).unwrap().dynamic);
    }

    #[test]
    fn appends_to_a_local_are_followed() {
        let mut v = StringVars::default();
        v.bind(
            "q",
            &syn::parse_str(r#"String::from("SELECT * FROM t WHERE a = ")"#).unwrap(),
        );
        assert!(!v.vars["q"].dynamic);
        v.observe(&syn::parse_str("q.push_str(&name)").unwrap());
        assert!(v.vars["q"].dynamic);
        assert!(v.vars["q"].text.contains("SELECT"));
    }
}
