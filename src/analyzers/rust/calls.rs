//! The crate pass: settles hits whose only inputs not known to be constant in their own file are
//! parameters of the enclosing function, functions defined elsewhere in the crate, or fields of
//! `self` declared elsewhere. Such a hit is held back ([`super::checks::Hit::unless_constant`]):
//!
//! - a parameter counts as constant when every call site in the same crate passes a constant,
//!   and there is at least one (a function called only from outside the crate gets anything).
//!   One level of call graph: a caller passing its own parameter on is not constant;
//! - a function counts as constant when every definition of that name in the crate returns a
//!   number, a `&'static str` or a constant tail expression ([`super::origin::file_consts`]);
//! - a field counts as constant when every declaration of that name in the crate has such a type.
//!
//! Calls are matched by name, receiver and number of arguments, without types: two functions of
//! the same name and shape in one crate share their call sites, which can only make a hit fire.
//! A function used as a value (`.map(Self::quote)`) has call sites this pass cannot see, so it is
//! treated as called with a run-time value; so are calls in a file that does not parse. Call sites
//! in test code do not count. Only files that mention a held-back function's name are parsed, so
//! the pass costs nothing on a crate without held-back hits.

use super::code_map::is_test_attr;
use super::origin::FileFacts;
use super::strings::StringVars;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use syn::visit::Visit;
use syn::{Attribute, Expr};

/// A function whose parameters decide whether a hit is reported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Callee {
    pub name: String,
    /// Takes `self`: a path call (`Type::f(x, a)`) passes the receiver as its first argument.
    pub receiver: bool,
    /// Parameters, receiver not counted.
    pub arity: usize,
    /// The parameters (by position) whose values reach the query or command.
    pub params: Vec<usize>,
}

impl Callee {
    /// The callee for the function with signature `sig`, if the hit depends on `params` only.
    pub fn of(sig: &syn::Signature, params: &std::collections::BTreeSet<usize>) -> Callee {
        Callee {
            name: sig.ident.to_string(),
            receiver: sig.receiver().is_some(),
            arity: super::origin::param_names(sig).len(),
            params: params.iter().copied().collect(),
        }
    }
}

/// What a held-back hit waits for (see the module doc).
#[derive(Debug, Clone, Default)]
pub struct Held {
    pub callee: Option<Callee>,
    pub calls: std::collections::BTreeSet<String>,
    pub fields: std::collections::BTreeSet<String>,
}

impl Held {
    /// What a hit whose text has `origin` waits for, or `None` when it is run-time already (or
    /// depends on parameters outside any function).
    pub fn of(sig: Option<&syn::Signature>, origin: &super::origin::Origin) -> Option<Held> {
        if origin.runtime {
            return None;
        }
        let callee = if origin.params.is_empty() {
            None
        } else {
            Some(Callee::of(sig?, &origin.params))
        };
        Some(Held {
            callee,
            calls: origin.calls.clone(),
            fields: origin.fields.clone(),
        })
    }

    /// What a file has to mention to tell anything about this hit: a callee's name (its call
    /// sites), `fn name` for a function, `name:` for a field.
    pub fn words(&self) -> impl Iterator<Item = String> + '_ {
        self.callee
            .iter()
            .map(|c| c.name.clone())
            .chain(self.calls.iter().map(|c| format!("fn {c}")))
            .chain(self.fields.iter().map(|f| format!("{f}:")))
    }

    /// Every name this hit waits for.
    pub fn names(&self) -> impl Iterator<Item = String> + '_ {
        self.callee
            .iter()
            .map(|c| c.name.clone())
            .chain(self.calls.iter().cloned())
            .chain(self.fields.iter().cloned())
    }

    /// Is every input constant, given what the crate says?
    pub fn settled(&self, facts: &CrateFacts) -> bool {
        self.callee
            .as_ref()
            .is_none_or(|c| always_constant(c, facts.sites.get(&c.name)))
            && self
                .calls
                .iter()
                .all(|c| facts.const_fns.contains(c) && !facts.other_fns.contains(c))
            && self
                .fields
                .iter()
                .all(|f| facts.safe_fields.contains(f) && !facts.other_fields.contains(f))
    }
}

/// What the files of a crate that mention a held-back hit's words say.
#[derive(Debug, Default)]
pub struct CrateFacts {
    pub sites: HashMap<String, Vec<Site>>,
    pub const_fns: HashSet<String>,
    pub other_fns: HashSet<String>,
    pub safe_fields: HashSet<String>,
    pub other_fields: HashSet<String>,
}

impl CrateFacts {
    pub fn add(&mut self, sites: HashMap<String, Vec<Site>>, file: &FileFacts) {
        for (k, v) in sites {
            self.sites.entry(k).or_default().extend(v);
        }
        self.const_fns.extend(file.const_fns.iter().cloned());
        self.other_fns.extend(file.other_fns.iter().cloned());
        self.safe_fields.extend(file.safe_fields.iter().cloned());
        self.other_fields.extend(file.other_fields.iter().cloned());
    }

    /// A file that could not be read or parsed: every name it may define or call is unknown.
    pub fn unknown(&mut self, names: &HashSet<String>) {
        for n in names {
            self.sites
                .entry(n.clone())
                .or_default()
                .push(Site::unknown());
            self.other_fns.insert(n.clone());
            self.other_fields.insert(n.clone());
        }
    }
}

/// One call of a function by name, as the caller wrote it.
#[derive(Debug, Clone)]
pub struct Site {
    /// `x.f(a)` rather than `f(a)` / `T::f(a)`.
    method: bool,
    /// Whether each argument is a constant in the caller.
    constant: Vec<bool>,
    /// Not a call the pass can read (a function used as a value, a file that does not parse).
    unknown: bool,
}

impl Site {
    pub fn unknown() -> Site {
        Site {
            method: false,
            constant: Vec::new(),
            unknown: true,
        }
    }
}

/// Is every call of `callee` in `sites` (and there is at least one) passing constants to the
/// parameters that matter?
pub fn always_constant(callee: &Callee, sites: Option<&Vec<Site>>) -> bool {
    let mut calls = 0;
    for s in sites.into_iter().flatten() {
        if s.unknown {
            return false;
        }
        if s.method && !callee.receiver {
            continue;
        }
        let args = if !s.method && callee.receiver {
            match s.constant.split_first() {
                Some((_, rest)) => rest,
                None => continue,
            }
        } else {
            &s.constant[..]
        };
        if args.len() != callee.arity {
            continue;
        }
        calls += 1;
        if callee
            .params
            .iter()
            .any(|&i| !args.get(i).copied().unwrap_or(false))
        {
            return false;
        }
    }
    calls > 0
}

/// The call sites of the functions in `names` in one parsed file, outside test code.
pub fn sites_in(
    file: &syn::File,
    names: &HashSet<String>,
    consts: Arc<FileFacts>,
) -> HashMap<String, Vec<Site>> {
    struct V<'n> {
        names: &'n HashSet<String>,
        consts: Arc<FileFacts>,
        frames: Vec<StringVars>,
        out: HashMap<String, Vec<Site>>,
    }
    impl V<'_> {
        fn frame(&self) -> &StringVars {
            self.frames.last().expect("a frame")
        }
        fn record<'a>(&mut self, name: &str, method: bool, args: impl Iterator<Item = &'a Expr>) {
            if !self.names.contains(name) {
                return;
            }
            let constant = args.map(|a| self.frame().origin(a).is_constant()).collect();
            self.out.entry(name.to_string()).or_default().push(Site {
                method,
                constant,
                unknown: false,
            });
        }
        fn in_fn(&mut self, attrs: &[Attribute], sig: &syn::Signature, body: &syn::Block) {
            if attrs.iter().any(is_test_attr) {
                return;
            }
            self.frames
                .push(StringVars::for_fn(Some(sig), &self.consts));
            self.visit_block(body);
            self.frames.pop();
        }
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
            if !m.attrs.iter().any(is_test_attr) && !super::code_map::is_test_module(&m.ident) {
                syn::visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            if !i.attrs.iter().any(is_test_attr) {
                syn::visit::visit_item_impl(self, i);
            }
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.in_fn(&f.attrs, &f.sig, &f.block);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.in_fn(&f.attrs, &f.sig, &f.block);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(b) = &f.default {
                self.in_fn(&f.attrs, &f.sig, b);
            }
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            syn::visit::visit_local(self, l);
            let frame = self.frames.last_mut().expect("a frame");
            match (super::syntax::binding_name(&l.pat), &l.init) {
                (Some(n), Some(init)) => frame.bind(&n, &init.expr),
                _ => {
                    let mut names = Vec::new();
                    pat_idents(&l.pat, &mut names);
                    for n in names {
                        frame.opaque(&n);
                    }
                }
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for e in super::syntax::macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let Expr::Path(p) = &*c.func
                && let Some(last) = p.path.segments.last()
            {
                self.record(&last.ident.to_string(), false, c.args.iter());
                for a in &c.args {
                    self.visit_expr(a);
                }
                return;
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            self.record(&m.method.to_string(), true, m.args.iter());
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            // `Self::f` or `module::f` as a value: called somewhere with unknown arguments.
            if p.path.segments.len() > 1
                && let Some(last) = p.path.segments.last()
                && self.names.contains(&last.ident.to_string())
            {
                self.out
                    .entry(last.ident.to_string())
                    .or_default()
                    .push(Site::unknown());
            }
        }
        fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
            self.visit_expr(&f.expr);
            self.frames
                .last_mut()
                .expect("a frame")
                .bind_for(&f.pat, &f.expr);
            self.visit_block(&f.body);
        }
        fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
            let frame = self.frames.last_mut().expect("a frame");
            let mut names = Vec::new();
            for p in &c.inputs {
                pat_idents(p, &mut names);
            }
            for n in names {
                frame.opaque(&n);
            }
            syn::visit::visit_expr_closure(self, c);
        }
    }
    let mut v = V {
        names,
        consts: consts.clone(),
        frames: vec![StringVars::for_fn(None, &consts)],
        out: HashMap::new(),
    };
    v.visit_file(file);
    v.out
}

/// Every identifier a pattern binds.
pub fn pat_idents(p: &syn::Pat, out: &mut Vec<String>) {
    struct P<'o>(&'o mut Vec<String>);
    impl<'ast> Visit<'ast> for P<'_> {
        fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
            self.0.push(i.ident.to_string());
            syn::visit::visit_pat_ident(self, i);
        }
    }
    P(out).visit_pat(p);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(src: &str, name: &str) -> Option<Vec<Site>> {
        let f: syn::File = syn::parse_str(src).unwrap();
        let names = HashSet::from([name.to_string()]);
        let consts = Arc::new(super::super::origin::file_consts(&f));
        sites_in(&f, &names, consts).remove(name)
    }

    fn callee(receiver: bool, arity: usize, params: &[usize]) -> Callee {
        Callee {
            name: "count".into(),
            receiver,
            arity,
            params: params.to_vec(),
        }
    }

    #[test]
    fn constant_arguments_at_every_call_site_settle_the_hit() {
        let src = r#"
            const USERS: &str = "users";
            fn a(db: &Db) { count(db, "patients"); count(db, USERS); }
            fn b(db: &Db, kind: Kind) {
                let t = match kind { Kind::A => "a", Kind::B => "b" };
                count(db, t);
            }
        "#;
        let s = sites(src, "count");
        assert!(always_constant(&callee(false, 2, &[1]), s.as_ref()));
        // The first argument is the caller's parameter: one level only, so not constant.
        assert!(!always_constant(&callee(false, 2, &[0]), s.as_ref()));
    }

    #[test]
    fn a_run_time_argument_no_call_or_a_use_as_value_does_not() {
        let run_time = r#"fn a(db: &Db, req: Request) { count(db, "x"); count(db, &req.table); }"#;
        assert!(!always_constant(
            &callee(false, 2, &[1]),
            sites(run_time, "count").as_ref()
        ));
        assert!(!always_constant(&callee(false, 2, &[1]), None));
        let as_value = r#"fn a(db: &Db) { count(db, "x"); ["y"].iter().map(Self::count); }"#;
        assert!(!always_constant(
            &callee(false, 2, &[1]),
            sites(as_value, "count").as_ref()
        ));
        let in_test = r#"fn a(db: &Db) { db.count("x"); } #[cfg(test)] mod tests { fn t(db: &Db, s: &str) { db.count(s); } }"#;
        assert!(always_constant(
            &callee(true, 1, &[0]),
            sites(in_test, "count").as_ref()
        ));
        // A path call passes the receiver first.
        let path = r#"fn a(db: &Db) { Db::count(db, "x"); }"#;
        assert!(always_constant(
            &callee(true, 1, &[0]),
            sites(path, "count").as_ref()
        ));
    }
}
