//! The crate pass: settles hits whose only inputs not known to be constant in their own file are
//! parameters of the enclosing function, functions defined elsewhere in the crate, or fields of
//! `self` whose type does not tell. Such a hit is held back
//! ([`super::checks::Hit::unless_constant`]) and reported unless every input is constant:
//!
//! - a parameter when every call site in the same crate passes a constant, and there is at least
//!   one (a function called only from outside the crate gets anything). A caller passing on its
//!   own parameter is followed to its call sites in turn, up to [`MAX_DEPTH`] levels;
//! - a function when every definition of that name in the crate returns a number, a `&'static
//!   str` or a constant tail expression ([`super::origin::file_consts`]);
//! - a field when every declaration of that name has such a type, or every value the crate's
//!   struct literals and assignments give a field of that name is constant.
//!
//! Calls and fields are matched by name (calls also by receiver and number of arguments), without
//! types: two functions or fields of the same name in one crate share their call sites and
//! values, which can only make a hit fire. A function used as a value (`.map(Self::quote)`) has
//! call sites this pass cannot see, so it is treated as called with a run-time value; so are names
//! in a file that does not parse. Test code does not count. Each round parses only the files that
//! mention a name it waits for, and there are at most [`MAX_DEPTH`] rounds, so the pass costs
//! nothing on a crate without held-back hits and stays linear in the crate's size.

use super::code_map::is_test_attr;
use super::origin::{FileFacts, Origin};
use super::strings::StringVars;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use syn::visit::Visit;
use syn::{Attribute, Expr};

/// How many callers up (and rounds of reading files) a parameter is followed.
pub const MAX_DEPTH: usize = 3;

/// The shape of a function as its callers see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sig {
    pub name: String,
    /// Takes `self`: a path call (`Type::f(x, a)`) passes the receiver as its first argument.
    pub receiver: bool,
    /// Parameters, receiver not counted.
    pub arity: usize,
}

impl Sig {
    pub fn of(sig: &syn::Signature) -> Sig {
        Sig {
            name: sig.ident.to_string(),
            receiver: sig.receiver().is_some(),
            arity: super::origin::param_names(sig).len(),
        }
    }
}

/// What a held-back hit waits for: the origin of its text and the function it is in.
#[derive(Debug, Clone)]
pub struct Held {
    pub origin: Origin,
    pub sig: Option<Sig>,
}

impl Held {
    /// What a hit whose text has `origin` waits for, or `None` when it is run-time already (or
    /// depends on parameters outside any function).
    pub fn of(sig: Option<&syn::Signature>, origin: &Origin) -> Option<Held> {
        if origin.runtime || (!origin.params.is_empty() && sig.is_none()) {
            return None;
        }
        Some(Held {
            origin: origin.clone(),
            sig: sig.map(Sig::of),
        })
    }
}

/// Names the crate pass looks for.
#[derive(Debug, Default, Clone)]
pub struct Wants {
    /// Functions whose call sites are wanted.
    pub callees: HashSet<String>,
    /// Functions whose definitions are wanted.
    pub fns: HashSet<String>,
    /// Fields whose declarations and values are wanted.
    pub fields: HashSet<String>,
}

impl Wants {
    fn add(&mut self, o: &Origin, sig: Option<&Sig>) {
        if o.runtime {
            return;
        }
        if !o.params.is_empty()
            && let Some(s) = sig
        {
            self.callees.insert(s.name.clone());
        }
        self.fns.extend(o.calls.iter().cloned());
        self.fields.extend(o.fields.iter().cloned());
    }

    pub fn of_held<'h>(held: impl Iterator<Item = &'h Held>) -> Wants {
        let mut w = Wants::default();
        for h in held {
            w.add(&h.origin, h.sig.as_ref());
        }
        w
    }

    /// What `self` wants that `done` does not have yet.
    pub fn minus(&self, done: &Wants) -> Wants {
        Wants {
            callees: self.callees.difference(&done.callees).cloned().collect(),
            fns: self.fns.difference(&done.fns).cloned().collect(),
            fields: self.fields.difference(&done.fields).cloned().collect(),
        }
    }

    pub fn extend(&mut self, other: &Wants) {
        self.callees.extend(other.callees.iter().cloned());
        self.fns.extend(other.fns.iter().cloned());
        self.fields.extend(other.fields.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        self.callees.is_empty() && self.fns.is_empty() && self.fields.is_empty()
    }

    /// What a file has to mention to tell anything: a callee's name (its call sites), `fn name`
    /// for a function, `name:` for a field (its declaration or a struct literal's value).
    pub fn words(&self) -> Vec<String> {
        let mut w: Vec<String> = self
            .callees
            .iter()
            .cloned()
            .chain(self.fns.iter().map(|c| format!("fn {c}")))
            .chain(
                self.fields
                    .iter()
                    .map(|f| format!("{}:", f.rsplit('.').next().unwrap_or(f))),
            )
            .collect();
        w.sort();
        w.dedup();
        w
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.callees.iter().chain(&self.fns).chain(&self.fields)
    }
}

/// One call of a function by name, as the caller wrote it.
#[derive(Debug, Clone)]
pub struct Site {
    /// `x.f(a)` rather than `f(a)` / `T::f(a)`.
    method: bool,
    /// The origin of each argument in the caller.
    args: Vec<Origin>,
    /// The function the call is in.
    caller: Option<Sig>,
    /// Not a call the pass can read (a function used as a value).
    unknown: bool,
}

/// A value given to a field by a struct literal or an assignment.
#[derive(Debug, Clone)]
pub struct Init {
    origin: Origin,
    caller: Option<Sig>,
}

/// What one file says about the names of one round.
#[derive(Debug, Default)]
pub struct FileCalls {
    pub sites: HashMap<String, Vec<Site>>,
    pub inits: HashMap<String, Vec<Init>>,
}

/// What the files of a crate that mention the wanted names say.
#[derive(Debug, Default)]
pub struct CrateFacts {
    sites: HashMap<String, Vec<Site>>,
    inits: HashMap<String, Vec<Init>>,
    const_fns: HashSet<String>,
    other_fns: HashSet<String>,
    safe_fields: HashSet<String>,
    other_fields: HashSet<String>,
    /// Names mentioned in a file that could not be read or parsed.
    unknown: HashSet<String>,
}

impl CrateFacts {
    pub fn add(&mut self, calls: FileCalls, file: &FileFacts) {
        for (k, v) in calls.sites {
            self.sites.entry(k).or_default().extend(v);
        }
        for (k, v) in calls.inits {
            self.inits.entry(k).or_default().extend(v);
        }
        self.const_fns.extend(file.const_fns.iter().cloned());
        self.other_fns.extend(file.other_fns.iter().cloned());
        self.safe_fields.extend(file.safe_fields.iter().cloned());
        self.other_fields.extend(file.other_fields.iter().cloned());
    }

    /// A file that could not be read or parsed: every name of its round is unknown.
    pub fn unknown<'n>(&mut self, names: impl Iterator<Item = &'n String>) {
        self.unknown.extend(names.cloned());
    }

    /// The names the call sites and field values found so far wait for.
    pub fn wanted(&self) -> Wants {
        let mut w = Wants::default();
        for s in self.sites.values().flatten() {
            for a in &s.args {
                w.add(a, s.caller.as_ref());
            }
        }
        for i in self.inits.values().flatten() {
            w.add(&i.origin, i.caller.as_ref());
        }
        w
    }

    /// Is every input of a held-back hit constant?
    pub fn settled(&self, held: &Held) -> bool {
        self.constant(&held.origin, held.sig.as_ref(), 0)
    }

    fn constant(&self, o: &Origin, sig: Option<&Sig>, depth: usize) -> bool {
        if o.runtime {
            return false;
        }
        if !o.params.is_empty() {
            match sig {
                Some(s) if self.params_constant(s, &o.params, depth + 1) => {}
                _ => return false,
            }
        }
        o.calls.iter().all(|c| {
            !self.unknown.contains(c) && self.const_fns.contains(c) && !self.other_fns.contains(c)
        }) && o.fields.iter().all(|f| self.field_constant(f, depth + 1))
    }

    /// Does every call of `s` in the crate (and there is one) pass constants to `params`?
    fn params_constant(&self, s: &Sig, params: &BTreeSet<usize>, depth: usize) -> bool {
        if depth > MAX_DEPTH || self.unknown.contains(&s.name) {
            return false;
        }
        let mut calls = 0;
        for site in self.sites.get(&s.name).into_iter().flatten() {
            if site.unknown {
                return false;
            }
            if site.method && !s.receiver {
                continue;
            }
            let args = if !site.method && s.receiver {
                match site.args.split_first() {
                    Some((_, rest)) => rest,
                    None => continue,
                }
            } else {
                &site.args[..]
            };
            if args.len() != s.arity {
                continue;
            }
            calls += 1;
            for &i in params {
                match args.get(i) {
                    Some(a) if self.constant(a, site.caller.as_ref(), depth) => {}
                    _ => return false,
                }
            }
        }
        calls > 0
    }

    fn field_constant(&self, f: &str, depth: usize) -> bool {
        if self.unknown.contains(f) {
            return false;
        }
        let name = f.rsplit('.').next().unwrap_or(f);
        if self.safe_fields.contains(name) && !self.other_fields.contains(name) {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        let inits = self.inits.get(f).map(Vec::as_slice).unwrap_or_default();
        !inits.is_empty()
            && inits
                .iter()
                .all(|i| self.constant(&i.origin, i.caller.as_ref(), depth))
    }
}

/// The call sites of `callees` and the values given to `fields` in one parsed file, outside
/// test code.
pub fn sites_in(
    file: &syn::File,
    callees: &HashSet<String>,
    fields: &HashSet<String>,
    consts: Arc<FileFacts>,
) -> FileCalls {
    struct V<'n> {
        callees: &'n HashSet<String>,
        fields: &'n HashSet<String>,
        consts: Arc<FileFacts>,
        frames: Vec<StringVars>,
        sigs: Vec<Sig>,
        /// The type of each enclosing `impl` block.
        impls: Vec<Option<String>>,
        out: FileCalls,
    }
    impl V<'_> {
        fn frame(&self) -> &StringVars {
            self.frames.last().expect("a frame")
        }
        fn record<'a>(&mut self, name: &str, method: bool, args: impl Iterator<Item = &'a Expr>) {
            if !self.callees.contains(name) {
                return;
            }
            let args = args.map(|a| self.frame().origin(a)).collect();
            let caller = self.sigs.last().cloned();
            self.out
                .sites
                .entry(name.to_string())
                .or_default()
                .push(Site {
                    method,
                    args,
                    caller,
                    unknown: false,
                });
        }
        /// A value for field `field` of a struct `ty` (its last path segment; `Self` is the
        /// `impl` block's type).
        fn init(&mut self, ty: Option<String>, field: &str, value: &Expr) {
            let ty = match ty.as_deref() {
                Some("Self") | None => self.impls.last().cloned().flatten(),
                Some(_) => ty,
            };
            let key = super::origin::field_key(ty.as_deref(), field);
            let field = if self.fields.contains(&key) {
                key
            } else if self.fields.contains(field) {
                field.to_string()
            } else {
                return;
            };
            let origin = self.frame().origin(value);
            let caller = self.sigs.last().cloned();
            self.out
                .inits
                .entry(field.to_string())
                .or_default()
                .push(Init { origin, caller });
        }
        fn in_fn(&mut self, attrs: &[Attribute], sig: &syn::Signature, body: &syn::Block) {
            if attrs.iter().any(is_test_attr) {
                return;
            }
            let mut frame = StringVars::for_fn(Some(sig), &self.consts);
            frame.self_ty = self.impls.last().cloned().flatten();
            self.frames.push(frame);
            self.sigs.push(Sig::of(sig));
            self.visit_block(body);
            self.sigs.pop();
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
                self.impls.push(super::syntax::impl_type(i));
                syn::visit::visit_item_impl(self, i);
                self.impls.pop();
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
        fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
            let ty = s.path.segments.last().map(|p| p.ident.to_string());
            for f in &s.fields {
                if let syn::Member::Named(n) = &f.member {
                    self.init(ty.clone(), &n.to_string(), &f.expr);
                }
            }
            syn::visit::visit_expr_struct(self, s);
        }
        fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
            if let Expr::Field(f) = &*a.left
                && let syn::Member::Named(n) = &f.member
            {
                let ty = matches!(&*f.base, Expr::Path(p) if p.path.is_ident("self"))
                    .then(|| "Self".to_string());
                self.init(ty, &n.to_string(), &a.right);
            }
            syn::visit::visit_expr_assign(self, a);
        }
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            // `Self::f` or `module::f` as a value: called somewhere with unknown arguments.
            if p.path.segments.len() > 1
                && let Some(last) = p.path.segments.last()
                && self.callees.contains(&last.ident.to_string())
            {
                self.out
                    .sites
                    .entry(last.ident.to_string())
                    .or_default()
                    .push(Site {
                        method: false,
                        args: Vec::new(),
                        caller: None,
                        unknown: true,
                    });
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
        callees,
        fields,
        consts: consts.clone(),
        frames: vec![StringVars::for_fn(None, &consts)],
        sigs: Vec::new(),
        impls: Vec::new(),
        out: FileCalls::default(),
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

    /// Settles a hit in `count` that depends on the parameters `params`, from one file.
    fn settled(src: &str, sig: &str, params: &[usize]) -> bool {
        let f: syn::File = syn::parse_str(src).unwrap();
        let facts = Arc::new(super::super::origin::file_consts(&f));
        let sig: syn::Signature = syn::parse_str(sig).unwrap();
        let held = Held {
            origin: Origin {
                params: params.iter().copied().collect(),
                ..Origin::CONSTANT
            },
            sig: Some(Sig::of(&sig)),
        };
        let mut crate_facts = CrateFacts::default();
        let mut done = Wants::default();
        let mut want = Wants::of_held(std::iter::once(&held));
        for _ in 0..MAX_DEPTH {
            let new = want.minus(&done);
            if new.is_empty() {
                break;
            }
            let calls = sites_in(&f, &new.callees, &new.fields, facts.clone());
            crate_facts.add(calls, &facts);
            done.extend(&new);
            want = crate_facts.wanted();
        }
        crate_facts.settled(&held)
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
        assert!(settled(src, "fn count(db: &Db, table: &str)", &[1]));
        // The first argument is the callers' own parameter, which nobody calls them with.
        assert!(!settled(src, "fn count(db: &Db, table: &str)", &[0]));
    }

    #[test]
    fn callers_passing_their_parameter_on_are_followed_to_their_own_call_sites() {
        let src = r#"
            const ONE_DAY: (&str, &str) = ("1 day", "day");
            fn outer(db: &Db) { middle(db, ONE_DAY); for i in [ONE_DAY] { middle(db, i); } }
            fn middle(db: &Db, interval: (&str, &str)) { count(db, interval.0); }
        "#;
        assert!(settled(src, "fn count(db: &Db, table: &str)", &[1]));
        let run_time =
            format!("{src} fn other(db: &Db, r: Request) {{ middle(db, (&r.a, &r.b)); }}");
        assert!(!settled(&run_time, "fn count(db: &Db, table: &str)", &[1]));
    }

    #[test]
    fn a_run_time_argument_no_call_or_a_use_as_value_does_not() {
        let sig = "fn count(db: &Db, table: &str)";
        let run_time = r#"fn a(db: &Db, req: Request) { count(db, "x"); count(db, &req.table); }"#;
        assert!(!settled(run_time, sig, &[1]));
        assert!(!settled("fn a() {}", sig, &[1]));
        let as_value = r#"fn a(db: &Db) { count(db, "x"); ["y"].iter().map(Self::count); }"#;
        assert!(!settled(as_value, sig, &[1]));
        let method = "fn count(&self, table: &str)";
        let in_test = r#"fn a(db: &Db) { db.count("x"); } #[cfg(test)] mod tests { fn t(db: &Db, s: &str) { db.count(s); } }"#;
        assert!(settled(in_test, method, &[0]));
        // A path call passes the receiver first.
        assert!(settled(
            r#"fn a(db: &Db) { Db::count(db, "x"); }"#,
            method,
            &[0]
        ));
    }
}
