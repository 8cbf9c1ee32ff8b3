//! Hard-coded credentials: a string literal bound to a name that means a password, secret, token
//! or API key, and any string literal whose value a secrets rule matches.
//!
//! Bindings looked at: `const`/`static` items, `let` bindings, struct literal fields, assignments
//! (`cfg.password = ...`), the last argument of a call or method named like a credential
//! (`.password("...")`, `.basic_auth("user", Some("..."))`), arguments to a parameter so named of
//! a function defined in the same file, map inserts and headers with a credential key
//! (`.insert("api_key", "...")`), and `("token", "...")` pairs. The value must be the literal itself
//! (through `.to_string()`, `.into()`, `String::from`, `Some`): anything computed, such as
//! `env!`, `std::env::var(...)` or a fallback inside `unwrap_or`, is not reported. Empty values,
//! placeholders (`<token>`, `${PASSWORD}`, `changeme`-style words are NOT placeholders), values
//! with spaces (messages), values that are themselves key names (`"api_key"`, `"DB_PASSWORD"`),
//! URLs and paths are not credentials. A name followed by a qualifier (`PASSWORD_ENV`,
//! `token_url`, `secret_name`; the rule's `qualifiers` list) names something else.
//!
//! Literal values are also run through the secrets rules, via the secrets analyzer's public API
//! only (`SecretsAnalyzer::new` + `Analyzer::analyze`): one synthetic input per parsed file holding
//! the decoded literal values, so escapes and raw strings are matched as the program sees them.

use super::checks::{Cx, Hit, Params};
use super::names::words;
use super::syntax::{seg_str, str_lit, value_name};
use crate::analyzers::Output;
use crate::input::Input;
use crate::redact::mask;
use proc_macro2::TokenTree;
use std::collections::HashMap;
use syn::visit::Visit;
use syn::{Expr, FnArg, LitStr, Pat};

/// Is `name` a credential name under the rule's names and qualifiers?
pub fn is_credential_name(name: &str, p: &Params) -> bool {
    let ws = words(name);
    let Some((start, len)) = p.names.find(&ws) else {
        return false;
    };
    // `password_env`, `token_url`: a qualifier after the name makes it about something else.
    !ws[start + len..].iter().any(|w| p.qualifiers.matches(w))
        && !ws[..start].iter().any(|w| {
            matches!(
                w.as_str(),
                "is" | "has" | "no" | "require" | "requires" | "use" | "min" | "max"
            )
        })
}

/// Could `value` be a credential (rather than a placeholder, a key name, a message or a URL)?
pub fn plausible_secret(value: &str, p: &Params) -> bool {
    // C strings in bindings end in NUL (`b"challengePassword\0"`).
    let v = value.trim().trim_end_matches('\0');
    if v.chars().count() < 4 || v.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let placeholder = v.starts_with('<')
        || v.starts_with("${")
        || v.starts_with("{{")
        || v.starts_with('$')
        || v.starts_with('%')
        || v.starts_with('/')
        || v.starts_with("./")
        || v.contains("{}")
        || v.contains("://") && !v.contains('@')
        || [
            "xxx",
            "***",
            "...",
            "your",
            "example",
            "placeholder",
            "redacted",
            "dummy",
            "fake",
            "sample",
            "replace",
            "insert",
            "todo",
            "fixme",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || matches!(
            lower.as_str(),
            "none"
                | "null"
                | "nil"
                | "undefined"
                | "unset"
                | "empty"
                | "test"
                | "testing"
                | "secret"
                | "password"
                | "token"
        )
        || v.chars().all(|c| c == v.chars().next().unwrap_or(' '));
    if placeholder {
        return false;
    }
    // An env var or key name (`DB_PASSWORD`, `api_key`, `X-Api-Key`) is not the secret.
    let key_like = v
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if key_like && p.names.matches(v) {
        return false;
    }
    if v.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && v.contains('_')
    {
        return false;
    }
    true
}

/// Made of segments that are each all letters or all digits (`100-continue`, `read_only`).
fn word_like(v: &str) -> bool {
    v.split(['-', '_', '.', '/', ':']).all(|seg| {
        seg.chars().all(|c| c.is_ascii_alphabetic()) || seg.chars().all(|c| c.is_ascii_digit())
    })
}

struct V<'c, 'a> {
    cx: &'c Cx<'a>,
    p: &'c Params,
    out: &'c mut Vec<Hit>,
    /// Functions of this file: name → parameter names (without `self`).
    fns: HashMap<String, Vec<String>>,
}

impl V<'_, '_> {
    fn check(&mut self, name: &str, value: &Expr, what: &str) {
        if !is_credential_name(name, self.p) {
            return;
        }
        let Some(lit) = str_lit(value) else { return };
        self.literal(name, &lit, what);
    }

    fn literal(&mut self, name: &str, lit: &LitStr, what: &str) {
        let v = lit.value();
        if !plausible_secret(&v, self.p) {
            return;
        }
        // An argument is weaker evidence than a binding: there a value made of plain words and
        // numbers (`"100-continue"`, `"admin"`) is taken for a protocol token or a user name.
        if what.starts_with("argument") && word_like(&v) {
            return;
        }
        let mut h = Hit::new(
            self.cx.index.range(lit.span()),
            format!(
                "hard-coded credential: {what} `{name}` is set to a string literal ({})",
                mask(&v)
            ),
            format!("{what}:{name}"),
        );
        h.secret = Some(v);
        self.out.push(h);
    }

    fn args(&mut self, callee: &str, args: &syn::punctuated::Punctuated<Expr, syn::Token![,]>) {
        if let Some(params) = self.fns.get(callee).cloned()
            && params.len() == args.len()
        {
            for (p, a) in params.iter().zip(args) {
                self.check(p, a, "argument");
            }
            return;
        }
        if is_credential_name(callee, self.p)
            && let Some(last) = args.last()
            && let Some(lit) = str_lit(last)
        {
            self.literal(callee, &lit, "argument of");
        }
    }
}

fn pat_name(p: &Pat) -> Option<String> {
    match p {
        Pat::Ident(i) => Some(i.ident.to_string()),
        Pat::Type(t) => pat_name(&t.pat),
        Pat::Reference(r) => pat_name(&r.pat),
        _ => None,
    }
}

fn sig_params(sig: &syn::Signature) -> Vec<String> {
    sig.inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(pat_name(&t.pat).unwrap_or_default()),
            FnArg::Receiver(_) => None,
        })
        .collect()
}

const MAP_METHODS: &[&str] = &[
    "insert",
    "header",
    "append",
    "set",
    "set_var",
    "add",
    "with_header",
    "push",
    "entry",
    "env",
    "param",
    "query_param",
];

impl<'ast> Visit<'ast> for V<'_, '_> {
    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        self.check(&i.ident.to_string(), &i.expr, "constant");
        syn::visit::visit_item_const(self, i);
    }
    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        self.check(&i.ident.to_string(), &i.expr, "static");
        syn::visit::visit_item_static(self, i);
    }
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let (Some(name), Some(init)) = (pat_name(&l.pat), &l.init)
            && init.diverge.is_none()
        {
            self.check(&name, &init.expr, "variable");
        }
        syn::visit::visit_local(self, l);
    }
    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        for f in &s.fields {
            if let syn::Member::Named(n) = &f.member {
                self.check(&n.to_string(), &f.expr, "field");
            }
        }
        syn::visit::visit_expr_struct(self, s);
    }
    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        if let Some(name) = value_name(&a.left) {
            self.check(&name, &a.right, "field");
        }
        syn::visit::visit_expr_assign(self, a);
    }
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        if MAP_METHODS.contains(&method.as_str()) && m.args.len() == 2 {
            if let (Some(k), Some(_)) = (str_lit(&m.args[0]), str_lit(&m.args[1])) {
                self.check(&k.value(), &m.args[1], "key");
            }
        } else {
            self.args(&method, &m.args);
        }
        syn::visit::visit_expr_method_call(self, m);
    }
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func
            && let Some(last) = p.path.segments.last()
        {
            let name = last.ident.to_string();
            // Constructors (`Some`, `from`) are conversions handled by `str_lit`.
            if name.chars().next().is_some_and(char::is_lowercase) && name != "from" {
                self.args(&name, &c.args);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        for e in super::syntax::macro_exprs(m) {
            self.visit_expr(&e);
        }
    }
    fn visit_expr_tuple(&mut self, t: &'ast syn::ExprTuple) {
        if t.elems.len() == 2
            && let (Some(k), Some(_)) = (str_lit(&t.elems[0]), str_lit(&t.elems[1]))
        {
            self.check(&k.value(), &t.elems[1], "key");
        }
        syn::visit::visit_expr_tuple(self, t);
    }
}

pub fn hard_coded(cx: &Cx, p: &Params, out: &mut Vec<Hit>) {
    let mut fns = HashMap::new();
    {
        struct Sigs<'m>(&'m mut HashMap<String, Vec<String>>);
        impl<'ast> Visit<'ast> for Sigs<'_> {
            fn visit_signature(&mut self, s: &'ast syn::Signature) {
                self.0.insert(s.ident.to_string(), sig_params(s));
            }
        }
        Sigs(&mut fns).visit_file(cx.file);
    }
    let start = out.len();
    let mut v = V { cx, p, out, fns };
    v.visit_file(cx.file);
    if let Some(secrets) = cx.secrets {
        let mut extra = Vec::new();
        secret_literals(cx, secrets, &mut extra);
        for h in extra {
            // A literal already reported by name is reported once.
            if !out[start..].iter().any(|o| o.start == h.start) {
                out.push(h);
            }
        }
    }
}

/// Runs the secrets rules over the file's string literal values: one synthetic input per file
/// that holds each value (8 characters or more) on lines of its own, separated by a blank line;
/// a finding is mapped back to the literal whose lines it starts on.
fn secret_literals(cx: &Cx, secrets: &dyn crate::analyzers::Analyzer, out: &mut Vec<Hit>) {
    struct Lits(Vec<LitStr>);
    impl<'ast> Visit<'ast> for Lits {
        fn visit_lit_str(&mut self, l: &'ast LitStr) {
            self.0.push(l.clone());
        }
        // Doc comments are `#[doc = "..."]` literals; an example URL with `user:password@` in
        // documentation is not a credential in the code.
        fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
            if !a.path().is_ident("doc") {
                syn::visit::visit_attribute(self, a);
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            fn walk(ts: proc_macro2::TokenStream, out: &mut Vec<LitStr>) {
                for t in ts {
                    match &t {
                        TokenTree::Group(g) => walk(g.stream(), out),
                        TokenTree::Literal(_) => {
                            if let Some(l) = seg_str(std::slice::from_ref(&t)) {
                                out.push(l);
                            }
                        }
                        _ => {}
                    }
                }
            }
            walk(m.tokens.clone(), &mut self.0);
        }
    }
    let mut lits = Lits(Vec::new());
    lits.visit_file(cx.file);
    let mut text = String::new();
    // (first line in the synthetic text, value, span in the file)
    let mut starts: Vec<(u32, String, (usize, usize))> = Vec::new();
    let mut line = 1u32;
    for lit in lits.0 {
        let value = lit.value();
        if value.trim().chars().count() < 8 {
            continue;
        }
        starts.push((line, value.clone(), cx.index.range(lit.span())));
        text.push_str(&value);
        text.push_str("\n\n");
        line += 2 + value.matches('\n').count() as u32;
    }
    if starts.is_empty() {
        return;
    }
    let synthetic = Input::new(
        cx.input.path,
        text.as_bytes(),
        cx.input.origin.clone(),
        None,
    );
    let mut o = Output::default();
    secrets.analyze(&synthetic, &mut o);
    for f in o.findings {
        let at = starts.partition_point(|(l, _, _)| *l <= f.location.start_line);
        let Some((_, value, span)) = at.checked_sub(1).map(|i| &starts[i]) else {
            continue;
        };
        let mut h = Hit::new(
            *span,
            format!(
                "hard-coded credential: a string literal holds what secrets rule {} matches ({})",
                f.rule_id,
                mask(value)
            ),
            format!("secret:{}:{}", f.rule_id, f.fingerprint),
        );
        h.secret = Some(value.clone());
        h.properties
            .push(("secrets_rule".into(), f.rule_id.clone()));
        out.push(h);
    }
}

#[cfg(test)]
mod tests {
    use super::super::names::NameList;
    use super::*;

    fn params() -> Params {
        Params {
            names: NameList::new(&["password", "secret", "token", "api key", "passwd"]),
            qualifiers: NameList::new(&["env", "url", "name", "header", "field", "path", "file"]),
            types: NameList::default(),
            sanitizers: NameList::default(),
        }
    }

    #[test]
    fn names_with_qualifiers_are_not_credentials() {
        let p = params();
        assert!(is_credential_name("DB_PASSWORD", &p));
        assert!(is_credential_name("stripeApiKey", &p));
        assert!(!is_credential_name("PASSWORD_ENV", &p));
        assert!(!is_credential_name("token_url", &p));
        assert!(!is_credential_name("username", &p));
    }

    #[test]
    fn placeholders_and_key_names_are_not_secrets() {
        let p = params();
        assert!(plausible_secret("hunter2!", &p));
        assert!(plausible_secret("sk_live_abc123", &p));
        for v in [
            "",
            "<token>",
            "${DB_PASSWORD}",
            "DB_PASSWORD",
            "x-api-key",
            "your-api-key",
            "https://x.io/token",
            "not a secret",
            "xxxxxxxx",
        ] {
            assert!(!plausible_secret(v, &p), "{v}");
        }
    }

    /// Stands in for the secrets analyzer: one finding per line holding `AKIA`.
    struct FakeSecrets;
    impl crate::analyzers::Analyzer for FakeSecrets {
        fn kind(&self) -> crate::finding::AnalyzerKind {
            crate::finding::AnalyzerKind::Secrets
        }
        fn applies_to(&self, _: &Input) -> bool {
            true
        }
        fn analyze(&self, input: &Input, out: &mut Output) {
            for (i, l) in input.text.split('\n').enumerate() {
                if l.contains("AKIA") {
                    out.findings.push(crate::finding::Finding {
                        rule_id: "SEC-AWS-001".into(),
                        analyzer: crate::finding::AnalyzerKind::Secrets,
                        severity: crate::finding::Severity::High,
                        message: String::new(),
                        location: crate::finding::Location::line(input.path, i as u32 + 1),
                        snippet: String::new(),
                        fingerprint: format!("fp{i}"),
                        logical_location: None,
                        properties: Default::default(),
                    });
                }
            }
        }
    }

    #[test]
    fn literal_values_go_through_the_secrets_rules_and_map_back_to_their_literal() {
        let text = "fn f() {\n    let a = \"multi\nline value\";\n    let region = \"eu-west-1-long\";\n    let k = format!(\"{}\", \"\\x41KIAZ3MSJQ7BLW6VZPQR\");\n}\n";
        let file: syn::File = syn::parse_str(text).unwrap();
        let aliases = super::super::syntax::Aliases::of(&file);
        let index = super::super::location::SpanMap::new(text, 0);
        let input = Input::new(
            "src/k.rs",
            text.as_bytes(),
            crate::input::Origin::WorkingTree,
            None,
        );
        let fake = FakeSecrets;
        let cx = Cx {
            file: &file,
            aliases: &aliases,
            index: &index,
            input: &input,
            secrets: Some(&fake),
        };
        let mut out = Vec::new();
        hard_coded(&cx, &params(), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        // The escaped literal inside `format!` on line 5 (after a two-line literal), found by its
        // decoded value.
        assert_eq!(index.line_of(out[0].start) + 1, 5);
        assert!(out[0].message.contains("SEC-AWS-001"));
        assert!(!out[0].message.contains("Z3MSJQ7BLW6VZPQR"));
    }
}
