//! PHI in logs: log and tracing macros, `println!`-style printing and `#[instrument]` spans that
//! name PHI fields or Debug-format a patient-like value.
//!
//! A macro argument is looked at token by token: a tracing field named like PHI (`ssn = %x`),
//! shorthand (`?patient.ssn`, `%ssn`), a format argument (`"{}", p.date_of_birth`), an inline
//! capture (`"{ssn}"`), or a local variable earlier set from a `format!` that did one of those.
//! Debug formatting (`{:?}`, `?x`, `dbg!`) of a value whose name or declared type is patient-like
//! (the rule's `types`) is reported too, since a derived `Debug` prints every field.
//! Not reported: literal values (`ssn = "[redacted]"`), arguments passed through a sanitizer (the
//! rule's `sanitizers`: `mask(...)`, `.len()`, `.is_some()`), PHI words in the message text itself,
//! and `#[instrument(skip_all)]` or skipped parameters. Types are known only from annotations in
//! the same function (`p: &Patient`, `let p: Patient`, `Patient { .. }`, `Patient::new(..)`).

use super::checks::{Cx, Hit, Params};
use super::names::words;
use super::syntax::{ArgRef, placeholders, seg_str, split_args};
use proc_macro2::{Spacing, TokenTree};
use std::collections::{HashMap, HashSet};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, Pat, Type};

const LOG_MACROS: &[&str] = &[
    "info",
    "warn",
    "error",
    "debug",
    "trace",
    "event",
    "log",
    "span",
    "info_span",
    "debug_span",
    "warn_span",
    "error_span",
    "trace_span",
    "println",
    "eprintln",
    "print",
    "eprint",
    "dbg",
];

struct Scope {
    /// Local → the PHI it was built from.
    tainted: HashMap<String, String>,
    /// Locals of a patient-like type.
    patients: HashSet<String>,
}

struct V<'c, 'a> {
    cx: &'c Cx<'a>,
    p: &'c Params,
    out: &'c mut Vec<Hit>,
    scopes: Vec<Scope>,
}

fn type_name(t: &Type) -> Option<String> {
    match t {
        Type::Reference(r) => type_name(&r.elem),
        Type::Paren(p) => type_name(&p.elem),
        Type::Path(p) => {
            let last = p.path.segments.last()?;
            // `Option<Patient>`, `Vec<Patient>`, `Arc<Patient>`: look inside.
            if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                for g in &a.args {
                    if let syn::GenericArgument::Type(inner) = g
                        && let Some(n) = type_name(inner)
                    {
                        return Some(n);
                    }
                }
            }
            Some(last.ident.to_string())
        }
        _ => None,
    }
}

fn pat_ident(p: &Pat) -> Option<(String, Option<&Type>)> {
    match p {
        Pat::Ident(i) => Some((i.ident.to_string(), None)),
        Pat::Type(t) => pat_ident(&t.pat).map(|(n, _)| (n, Some(&*t.ty))),
        Pat::Reference(r) => pat_ident(&r.pat),
        _ => None,
    }
}

fn is_punct(t: &TokenTree, c: char) -> bool {
    matches!(t, TokenTree::Punct(p) if p.as_char() == c)
}

/// The index of a field's `=` (not `==`, `=>`, `<=`, ...).
fn field_eq(seg: &[TokenTree]) -> Option<usize> {
    (0..seg.len()).find(|&i| {
        matches!(&seg[i], TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone)
            && !(i > 0 && matches!(&seg[i - 1], TokenTree::Punct(q) if q.spacing() == Spacing::Joint))
    })
}

impl V<'_, '_> {
    fn tainted(&self, name: &str) -> Option<&String> {
        self.scopes.iter().rev().find_map(|s| s.tainted.get(name))
    }

    fn is_patient_name(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.patients.contains(name)) || self.p.types.ends(name)
    }

    fn is_patient_type(&self, t: &Type) -> bool {
        type_name(t).is_some_and(|n| self.p.types.ends(&n))
    }

    /// The PHI a token sequence names, if any (and it is not sanitized).
    fn phi_in(&self, seg: &[TokenTree]) -> Option<String> {
        let mut ids = Vec::new();
        super::syntax::idents(seg, &mut ids);
        if ids
            .iter()
            .any(|i| self.p.sanitizers.matches(&i.to_string()))
        {
            return None;
        }
        if let [TokenTree::Literal(_)] = seg {
            return None;
        }
        for i in &ids {
            let s = i.to_string();
            let ws = words(&s);
            if self.p.names.find(&ws).is_some() {
                return Some(s);
            }
            if let Some(r) = self.tainted(&s) {
                return Some(format!("{r}` (via `{s}"));
            }
        }
        None
    }

    /// A Debug-formatted value that is patient-like: `patient`, `&self.patient`, a typed local.
    fn patient_in(&self, seg: &[TokenTree]) -> Option<String> {
        let ids: Vec<String> = seg
            .iter()
            .filter_map(|t| match t {
                TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            })
            .collect();
        let plain = seg.iter().all(|t| {
            matches!(t, TokenTree::Ident(_))
                || is_punct(t, '.')
                || is_punct(t, '&')
                || is_punct(t, '*')
        });
        let last = ids.last()?;
        (plain && self.is_patient_name(last)).then(|| last.clone())
    }

    /// Checks one macro argument; `debug` when the format string Debug-formats it.
    fn segment(&self, seg: &[TokenTree], debug: bool) -> Option<String> {
        if seg.is_empty() {
            return None;
        }
        // `target: "x"`, `parent: &span`, `name: "x"`: not data.
        if let [TokenTree::Ident(i), TokenTree::Punct(p), ..] = seg
            && p.as_char() == ':'
            && p.spacing() == Spacing::Alone
            && matches!(i.to_string().as_str(), "target" | "parent" | "name")
        {
            return None;
        }
        let (name, value) = match field_eq(seg) {
            Some(i) => (&seg[..i], &seg[i + 1..]),
            None => (&seg[..0], seg),
        };
        let (debug, value) = match value.first() {
            Some(t) if is_punct(t, '?') => (true, &value[1..]),
            Some(t) if is_punct(t, '%') => (false, &value[1..]),
            _ => (debug, value),
        };
        if matches!(value, [TokenTree::Literal(_)]) {
            return None;
        }
        let mut ids = Vec::new();
        super::syntax::idents(value, &mut ids);
        if ids
            .iter()
            .any(|i| self.p.sanitizers.matches(&i.to_string()))
        {
            return None;
        }
        let field: String = name.iter().map(|t| t.to_string()).collect();
        if !field.is_empty() && self.p.names.matches(&field) {
            return Some(format!("field `{field}`"));
        }
        if let Some(phi) = self.phi_in(value) {
            return Some(format!("`{phi}`"));
        }
        if debug && let Some(p) = self.patient_in(value) {
            return Some(format!("Debug of patient-like `{p}`"));
        }
        None
    }

    /// What PHI a formatting macro's arguments carry, if any.
    fn macro_phi(&self, name: &str, tokens: &proc_macro2::TokenStream) -> Option<String> {
        let segs = split_args(tokens);
        if name == "dbg" {
            return segs.iter().find_map(|s| self.segment(s, true));
        }
        let fmt_at = segs.iter().position(|s| seg_str(s).is_some());
        let mut debug_pos = HashSet::new();
        let mut debug_names = HashSet::new();
        let mut inline = Vec::new();
        if let Some(i) = fmt_at {
            let fmt = seg_str(&segs[i]).map(|l| l.value()).unwrap_or_default();
            let named: HashSet<String> = segs[i + 1..]
                .iter()
                .filter_map(|s| {
                    field_eq(s).map(|e| s[..e].iter().map(|t| t.to_string()).collect::<String>())
                })
                .collect();
            for ph in placeholders(&fmt) {
                match ph.arg {
                    ArgRef::Index(k) => {
                        if ph.debug {
                            debug_pos.insert(k);
                        }
                    }
                    ArgRef::Name(n) => {
                        if ph.debug {
                            debug_names.insert(n.clone());
                        }
                        if !named.contains(&n) {
                            inline.push((n, ph.debug));
                        }
                    }
                }
            }
        }
        // Inline captures: `"{ssn}"`, `"{patient:?}"`.
        for (n, debug) in inline {
            let ws = words(&n);
            if self.p.names.find(&ws).is_some() {
                return Some(format!("`{n}`"));
            }
            if let Some(r) = self.tainted(&n) {
                return Some(format!("`{r}` (via `{n}`)"));
            }
            if debug && self.is_patient_name(&n) {
                return Some(format!("Debug of patient-like `{n}`"));
            }
        }
        let mut pos = 0;
        for (i, s) in segs.iter().enumerate() {
            if Some(i) == fmt_at {
                continue;
            }
            let debug = if Some(i) > fmt_at && fmt_at.is_some() {
                match field_eq(s) {
                    Some(e) => debug_names
                        .contains(&s[..e].iter().map(|t| t.to_string()).collect::<String>()),
                    None => {
                        pos += 1;
                        debug_pos.contains(&(pos - 1))
                    }
                }
            } else {
                false
            };
            // `Level::INFO` in `event!`/`span!`.
            if s.iter()
                .any(|t| matches!(t, TokenTree::Ident(i) if i == "Level"))
            {
                continue;
            }
            if let Some(r) = self.segment(s, debug) {
                return Some(r);
            }
        }
        None
    }

    fn enter_fn(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature) {
        let mut scope = Scope {
            tainted: HashMap::new(),
            patients: HashSet::new(),
        };
        let mut params = Vec::new();
        for a in &sig.inputs {
            if let FnArg::Typed(t) = a
                && let Some((n, _)) = pat_ident(&t.pat)
            {
                if self.is_patient_type(&t.ty) {
                    scope.patients.insert(n.clone());
                }
                params.push((n, &*t.ty));
            }
        }
        self.scopes.push(scope);
        for a in attrs {
            let path: Vec<String> = a
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if path.last().map(String::as_str) != Some("instrument") {
                continue;
            }
            let tokens = match &a.meta {
                syn::Meta::List(l) => l.tokens.clone(),
                _ => proc_macro2::TokenStream::new(),
            };
            let mut skipped = HashSet::new();
            let mut skip_all = false;
            let mut fields = None;
            for seg in split_args(&tokens) {
                match seg.first() {
                    Some(TokenTree::Ident(i)) if i == "skip_all" => skip_all = true,
                    Some(TokenTree::Ident(i)) if i == "skip" => {
                        if let Some(TokenTree::Group(g)) = seg.get(1) {
                            let mut ids = Vec::new();
                            super::syntax::idents(
                                &g.stream().into_iter().collect::<Vec<_>>(),
                                &mut ids,
                            );
                            skipped.extend(ids.into_iter().map(|i| i.to_string()));
                        }
                    }
                    Some(TokenTree::Ident(i)) if i == "fields" => {
                        if let Some(TokenTree::Group(g)) = seg.get(1) {
                            fields = Some(g.stream());
                        }
                    }
                    _ => {}
                }
            }
            let mut reason = None;
            if let Some(f) = fields {
                reason = split_args(&f).iter().find_map(|s| self.segment(s, false));
            }
            if reason.is_none() && !skip_all {
                for (n, ty) in &params {
                    if skipped.contains(n) {
                        continue;
                    }
                    if self.p.names.matches(n) {
                        reason = Some(format!("parameter `{n}`"));
                    } else if self.is_patient_type(ty) || self.p.types.ends(n) {
                        reason = Some(format!("Debug of patient-like parameter `{n}`"));
                    }
                    if reason.is_some() {
                        break;
                    }
                }
            }
            if let Some(r) = reason {
                self.out.push(Hit::new(
                    self.cx.index.range(a.span()),
                    format!(
                        "`#[instrument]` on `{}` records PHI in its span: {r}",
                        sig.ident
                    ),
                    format!("instrument:{}", sig.ident),
                ));
            }
        }
    }
}

impl<'ast> Visit<'ast> for V<'_, '_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.enter_fn(&f.attrs, &f.sig);
        syn::visit::visit_item_fn(self, f);
        self.scopes.pop();
    }
    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.enter_fn(&f.attrs, &f.sig);
        syn::visit::visit_impl_item_fn(self, f);
        self.scopes.pop();
    }
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.scopes.push(Scope {
            tainted: HashMap::new(),
            patients: HashSet::new(),
        });
        syn::visit::visit_block(self, b);
        self.scopes.pop();
    }
    fn visit_local(&mut self, l: &'ast syn::Local) {
        syn::visit::visit_local(self, l);
        let Some((name, ty)) = pat_ident(&l.pat) else {
            return;
        };
        let mut patient = ty.is_some_and(|t| self.is_patient_type(t));
        let mut taint = None;
        if let Some(init) = &l.init {
            match &*init.expr {
                Expr::Macro(m) => {
                    let mac = m
                        .mac
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if mac == "format" {
                        taint = self.macro_phi(&mac, &m.mac.tokens);
                    }
                }
                Expr::Struct(s) => {
                    patient |= s
                        .path
                        .segments
                        .last()
                        .is_some_and(|l| self.p.types.ends(&l.ident.to_string()));
                }
                Expr::Call(c) => {
                    if let Expr::Path(p) = &*c.func {
                        let segs = &p.path.segments;
                        patient |= segs.len() >= 2
                            && self.p.types.ends(&segs[segs.len() - 2].ident.to_string());
                    }
                }
                _ => {}
            }
        }
        if let Some(scope) = self.scopes.last_mut() {
            if let Some(t) = taint {
                scope
                    .tainted
                    .insert(name.clone(), t.trim_matches('`').to_string());
            }
            if patient {
                scope.patients.insert(name);
            }
        }
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        if LOG_MACROS.contains(&name.as_str())
            && let Some(reason) = self.macro_phi(&name, &m.tokens)
        {
            let span = m
                .path
                .span()
                .join(m.delimiter.span().close())
                .unwrap_or(m.path.span());
            self.out.push(Hit::new(
                self.cx.index.range(span),
                format!("`{name}!` writes PHI to logs or output: {reason}"),
                format!("{name}:{reason}"),
            ));
        }
        for e in super::syntax::macro_exprs(m) {
            self.visit_expr(&e);
        }
    }
}

pub fn phi_in_logs(cx: &Cx, p: &Params, out: &mut Vec<Hit>) {
    let mut v = V {
        cx,
        p,
        out,
        scopes: vec![Scope {
            tainted: HashMap::new(),
            patients: HashSet::new(),
        }],
    };
    v.visit_file(cx.file);
}
