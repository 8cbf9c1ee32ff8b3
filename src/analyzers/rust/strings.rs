//! Strings built at run time: `format!` with interpolated values, `+` concatenation and
//! `push_str`/`+=`/`write!` onto a local, followed through local variables within a function.
//! The SQL and shell checks use it to tell a query or command assembled from values from a
//! constant one.
//!
//! Each interpolated value gets an [`Origin`] ([`super::origin`]): constants, bind placeholders
//! (`$1` numbering, a local named like a placeholder list: building `$1, $2, ...` is the
//! documented safe way to bind a list) and numbers are not values an attacker shapes; a parameter
//! of the enclosing function is left for the crate pass to settle from its call sites. Nothing is
//! tracked through fields or the return values of calls.

use super::names::words;
use super::origin::{self, FileFacts, Origin, Scope};
use super::syntax::{ArgRef, local_name, peel, placeholders_at, seg_str, split_args, str_lit};
use proc_macro2::TokenTree;
use std::collections::HashMap;
use std::sync::Arc;
use syn::Expr;

/// What is known about a string built at run time.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The literal parts, concatenated (what the check matches SQL keywords against).
    pub text: String,
    /// Where the interpolated parts come from.
    pub origin: Origin,
    /// How: `format!`, `+`, `push_str`.
    pub how: &'static str,
}

/// A local named like a list of bind placeholders (`placeholders`, `binds`).
fn placeholder_list(e: &Expr) -> bool {
    let name = match peel(e) {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Expr::MethodCall(m) => local_name(&m.receiver),
        _ => None,
    };
    name.is_some_and(|n| {
        words(&n).iter().any(|w| {
            matches!(
                w.as_str(),
                "placeholder" | "placeholders" | "binds" | "markers"
            )
        })
    })
}

/// A `format!` (or `format_args!`) call: its literal text and where its interpolated values come
/// from.
pub fn format_macro(m: &syn::Macro, scope: &StringVars) -> Option<Built> {
    let name = m.path.segments.last()?.ident.to_string();
    if name != "format" && name != "format_args" {
        return None;
    }
    let segs = split_args(&m.tokens);
    let fmt = seg_str(segs.first()?)?.value();
    let is_eq = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone);
    let mut positional: Vec<&[TokenTree]> = Vec::new();
    let mut named: HashMap<String, &[TokenTree]> = HashMap::new();
    for s in &segs[1..] {
        match s.iter().position(is_eq) {
            Some(eq) => {
                let key: String = s[..eq].iter().map(|t| t.to_string()).collect();
                named.insert(key, &s[eq + 1..]);
            }
            None => positional.push(s),
        }
    }
    let of_tokens = |toks: &[TokenTree]| -> Origin {
        let ts: proc_macro2::TokenStream = toks.iter().cloned().collect();
        match syn::parse2::<Expr>(ts) {
            Ok(e) if placeholder_list(&e) => Origin::CONSTANT,
            Ok(e) => scope.origin(&e),
            Err(_) => Origin::runtime(),
        }
    };
    let mut origin = Origin::CONSTANT;
    for (at, ph) in placeholders_at(&fmt) {
        // `${}`, `?{}`: the number of a bind parameter.
        if fmt[..at].ends_with(['$', '?']) {
            continue;
        }
        let o = match &ph.arg {
            ArgRef::Index(i) => match positional.get(*i) {
                Some(t) => of_tokens(t),
                None => continue,
            },
            ArgRef::Name(n) => match named.get(n) {
                Some(t) => of_tokens(t),
                None => {
                    let e: Expr = syn::parse_str(n).unwrap_or_else(|_| syn::parse_quote!(x));
                    if placeholder_list(&e) {
                        Origin::CONSTANT
                    } else {
                        origin::of_name(n, scope)
                    }
                }
            },
        };
        origin.join(&o);
    }
    Some(Built {
        text: fmt,
        origin,
        how: "format!",
    })
}

/// What `e` builds, if it is a string built from literals and values (through the locals of
/// `scope`).
pub fn built(e: &Expr, scope: &StringVars) -> Option<Built> {
    if let Some(l) = str_lit(e) {
        return Some(Built {
            text: l.value(),
            origin: Origin::CONSTANT,
            how: "literal",
        });
    }
    match peel(e) {
        Expr::Macro(m) => format_macro(&m.mac, scope),
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "as_str" | "to_string" | "to_owned" | "clone" | "as_ref" | "into" | "as_bytes"
                ) =>
        {
            built(&m.receiver, scope)
        }
        Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
            let l = built(&b.left, scope);
            let r = built(&b.right, scope);
            if l.is_none() && r.is_none() {
                return None;
            }
            let part = |x: Option<Built>, side: &Expr| {
                x.unwrap_or_else(|| Built {
                    text: String::new(),
                    origin: scope.origin(side),
                    how: "+",
                })
            };
            let (l, r) = (part(l, &b.left), part(r, &b.right));
            let mut origin = l.origin;
            origin.join(&r.origin);
            Some(Built {
                text: l.text + &r.text,
                origin,
                how: "+",
            })
        }
        other => local_name(other).and_then(|n| scope.vars.get(&n).cloned()),
    }
}

/// Local string variables of one function and how they were built, plus what the origin of a
/// value needs: the function's parameters, the file's constants and the other locals' origins.
#[derive(Debug, Default, Clone)]
pub struct StringVars {
    pub vars: HashMap<String, Built>,
    /// Locals that are not strings built here, with their origin (`let t = match ... { .. }`).
    pub others: HashMap<String, Origin>,
    /// The enclosing function's parameter names (receiver not counted).
    pub params: Vec<String>,
    /// What the file declares: constants, fields and functions whose values are constant.
    pub consts: Arc<FileFacts>,
    /// Which parameters have a number, bool or `&'static str` type.
    pub safe_params: Vec<bool>,
    /// The type of `self`, inside an `impl` block.
    pub self_ty: Option<String>,
}

impl Scope for StringVars {
    fn local(&self, name: &str) -> Option<Origin> {
        self.vars
            .get(name)
            .map(|b| b.origin.clone())
            .or_else(|| self.others.get(name).cloned())
    }
    fn param(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p == name)
    }
    fn safe_param(&self, i: usize) -> bool {
        self.safe_params.get(i).copied().unwrap_or(false)
    }
    fn facts(&self) -> &FileFacts {
        &self.consts
    }
    fn self_ty(&self) -> Option<&str> {
        self.self_ty.as_deref()
    }
}

impl StringVars {
    /// An empty frame for the body of a function with signature `sig`.
    pub fn for_fn(sig: Option<&syn::Signature>, consts: &Arc<FileFacts>) -> StringVars {
        StringVars {
            params: sig.map(origin::param_names).unwrap_or_default(),
            safe_params: sig.map(origin::safe_params).unwrap_or_default(),
            consts: consts.clone(),
            ..StringVars::default()
        }
    }

    /// The origin of a value expression in this scope.
    pub fn origin(&self, e: &Expr) -> Origin {
        origin::of_expr(e, self, &|m| format_macro(m, self).map(|b| b.origin))
    }

    /// `let name = init;`
    pub fn bind(&mut self, name: &str, init: &Expr) {
        match built(init, self) {
            Some(b) => {
                self.others.remove(name);
                self.vars.insert(name.to_string(), b);
            }
            None => {
                // `String::new()`, `String::with_capacity(n)`: an empty string to append to.
                let empty = matches!(peel(init), Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "new" || s.ident == "with_capacity")) && p_is_string(&c.func));
                if empty {
                    self.others.remove(name);
                    self.vars.insert(
                        name.to_string(),
                        Built {
                            how: "push_str",
                            ..Built::default()
                        },
                    );
                } else {
                    let o = self.origin(init);
                    self.vars.remove(name);
                    self.others.insert(name.to_string(), o);
                }
            }
        }
    }

    /// `for pat in iter`: the loop variables have the origin of the collection's items, which is
    /// constant for a constant list (`for t in ["a", "b"]`, `for t in TABLES`).
    pub fn bind_for(&mut self, pat: &syn::Pat, iter: &Expr) {
        let o = self.origin(iter);
        let mut names = Vec::new();
        super::calls::pat_idents(pat, &mut names);
        for n in names {
            self.vars.remove(&n);
            self.others.insert(n, o.clone());
        }
    }

    /// A local bound by a pattern this module does not follow (`let (a, b) = ...`, a closure
    /// parameter, a `for` variable): run-time from here on.
    pub fn opaque(&mut self, name: &str) {
        self.vars.remove(name);
        self.others.insert(name.to_string(), Origin::runtime());
    }

    /// `name.push_str(x)`, `name += x`, `write!(name, ...)`: appends.
    pub fn append(&mut self, name: &str, piece: Option<Built>) {
        if let Some(v) = self.vars.get_mut(name) {
            match piece {
                Some(p) => {
                    v.text.push_str(&p.text);
                    if !p.origin.is_constant() {
                        v.origin.join(&p.origin);
                        v.how = p.how;
                    }
                }
                None => {
                    v.origin.runtime = true;
                    v.how = "push_str";
                }
            }
        }
    }

    /// A piece appended by `push_str(arg)` or `+= arg`.
    fn piece(&self, arg: &Expr, how: &'static str) -> Built {
        match built(arg, self) {
            Some(mut b) => {
                if b.how == "literal" {
                    b.how = how;
                }
                b
            }
            None => Built {
                text: String::new(),
                origin: self.origin(arg),
                how,
            },
        }
    }

    /// Follows the appends of one method call or `+=` expression.
    pub fn observe(&mut self, e: &Expr) {
        match e {
            Expr::MethodCall(m) if m.method == "push_str" || m.method == "push" => {
                if let (Some(name), Some(arg)) = (local_name(&m.receiver), m.args.first()) {
                    let piece = self.piece(arg, "push_str");
                    self.append(&name, Some(piece));
                }
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                if let Some(name) = local_name(&b.left) {
                    let piece = self.piece(&b.right, "+");
                    self.append(&name, Some(piece));
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
                        let piece = format_macro(&fake, self).map(|mut b| {
                            b.how = "write!";
                            b
                        });
                        self.append(&name, piece);
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
        built(&syn::parse_str(src).unwrap(), &StringVars::default())
    }

    #[test]
    fn interpolation_of_values_is_run_time_and_of_constants_is_not() {
        assert!(
            b(r#"format!("SELECT * FROM t WHERE id = {}", id)"#)
                .unwrap()
                .origin
                .runtime
        );
        assert!(
            b(r#"format!("SELECT * FROM t WHERE id = {id}")"#)
                .unwrap()
                .origin
                .runtime
        );
        assert!(
            b(r#"format!("SELECT * FROM {} WHERE id = $1", TABLE)"#)
                .unwrap()
                .origin
                .is_constant()
        );
        assert!(
            b(r#"format!("SELECT * FROM t WHERE id IN ({})", placeholders)"#)
                .unwrap()
                .origin
                .is_constant()
        );
        assert!(
            b(r#"format!("UPDATE t SET a = ${} WHERE id = ${}", i, i + 1)"#)
                .unwrap()
                .origin
                .is_constant()
        );
        assert!(
            b(r#""SELECT * FROM t WHERE name = '".to_string() + &name + "'""#)
                .unwrap()
                .origin
                .runtime
        );
        assert!(b(r#""SELECT 1""#).unwrap().origin.is_constant());
    }

    #[test]
    fn parameters_are_neither_constant_nor_run_time() {
        let sig: syn::Signature = syn::parse_str("fn count(&self, table: &str, id: i64)").unwrap();
        let v = StringVars::for_fn(Some(&sig), &Arc::default());
        let got = built(
            &syn::parse_str(r#"format!("SELECT count(*) FROM {table} WHERE id = $1")"#).unwrap(),
            &v,
        )
        .unwrap();
        assert_eq!(got.origin, Origin::param(0));
    }

    #[test]
    fn appends_to_a_local_are_followed() {
        let mut v = StringVars::default();
        v.bind(
            "q",
            &syn::parse_str(r#"String::from("SELECT * FROM t WHERE a = ")"#).unwrap(),
        );
        assert!(v.vars["q"].origin.is_constant());
        v.observe(&syn::parse_str("q.push_str(&name)").unwrap());
        assert!(v.vars["q"].origin.runtime);
        assert!(v.vars["q"].text.contains("SELECT"));
    }
}
