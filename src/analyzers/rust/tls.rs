//! TLS checks: certificate or hostname verification switched off, and protocol versions below
//! TLS 1.2 allowed.
//!
//! Verification off means: `danger_accept_invalid_certs(true)` / `danger_accept_invalid_hostnames(true)`
//! (reqwest, native-tls and the crates built on them; reqwest 0.13's `tls_danger_...` too), ureq's
//! `disable_verification(true)` on a TLS config builder, openssl's `SslVerifyMode::NONE`,
//! `set_verify_hostname(false)` and a `set_verify_callback` whose closure returns `true`, isahc's
//! `SslOption::DANGER_ACCEPT_INVALID_*`, and a rustls `ServerCertVerifier`/`ClientCertVerifier`
//! implementation whose `verify_*_cert` returns the `assertion()` without any condition (no `?`,
//! `if`, `match` or `Err` in its body). A flag passed as a variable (`danger_accept_invalid_certs(insecure)`)
//! is a deliberate switch and is not reported, and so is an override inside an `if` or `match` whose
//! condition is about TLS settings (`if self.accept_invalid_certs { ssl.set_verify(NONE) }`,
//! `if tls_config.disable_verification { ... }`): that is how a library implements the opt-in.
//! An accept-all verifier type is reported wherever it is, since the type itself is the hazard;
//! a verifier that checks anything is not.

use super::checks::{Cx, Hit, Params};
use super::syntax::{ends_with, expr_path, is_bool, peel};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, ImplItem};

pub fn verification_disabled(cx: &Cx, _p: &Params, out: &mut Vec<Hit>) {
    struct V<'c, 'a> {
        cx: &'c Cx<'a>,
        out: &'c mut Vec<Hit>,
        /// Inside a branch taken on a TLS setting.
        switched: usize,
        /// For each enclosing function: does it check the hostname itself?
        manual_host: Vec<bool>,
    }
    impl<'ast> Visit<'ast> for V<'_, '_> {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.manual_host.push(checks_host(&f.block));
            syn::visit::visit_item_fn(self, f);
            self.manual_host.pop();
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.manual_host.push(checks_host(&f.block));
            syn::visit::visit_impl_item_fn(self, f);
            self.manual_host.pop();
        }
        fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
            let tls = about_tls(&i.cond);
            self.visit_expr(&i.cond);
            self.switched += tls as usize;
            self.visit_block(&i.then_branch);
            if let Some((_, e)) = &i.else_branch {
                self.visit_expr(e);
            }
            self.switched -= tls as usize;
        }
        fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
            let tls = about_tls(&m.expr);
            self.switched += tls as usize;
            syn::visit::visit_expr_match(self, m);
            self.switched -= tls as usize;
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let name = m.method.to_string();
            let first = m.args.first();
            // reqwest 0.13 spells its switches with a `tls_` prefix.
            let off = match name.strip_prefix("tls_").unwrap_or(&name) {
                "danger_accept_invalid_certs" | "danger_accept_invalid_hostnames" => {
                    first.is_some_and(|a| is_bool(a, true))
                }
                // ureq's `TlsConfig::builder().disable_verification(true)`; the name alone is too
                // generic, so the receiver has to be about TLS.
                "disable_verification" => {
                    first.is_some_and(|a| is_bool(a, true)) && about_tls(&m.receiver)
                }
                // Off, unless the same function sets the expected host on the certificate
                // verification parameters itself (`X509VerifyParam::set_host`).
                "set_verify_hostname" => {
                    first.is_some_and(|a| is_bool(a, false))
                        && !self.manual_host.last().copied().unwrap_or(false)
                }
                "set_verify_callback" => m.args.iter().nth(1).is_some_and(|cb| match peel(cb) {
                    Expr::Closure(c) => is_bool(&c.body, true),
                    _ => false,
                }),
                _ => false,
            };
            if off && self.switched == 0 {
                let span = self.cx.index.range(
                    m.method
                        .span()
                        .join(m.paren_token.span.close())
                        .unwrap_or(m.method.span()),
                );
                self.out.push(Hit::new(
                    span,
                    format!("TLS verification is switched off by `{name}`"),
                    name,
                ));
            }
            syn::visit::visit_expr_method_call(self, m);
        }

        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for e in super::syntax::macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            let path = self.cx.aliases.resolve(&p.path);
            if self.switched > 0 {
                return;
            }
            if ends_with(&path, &["SslVerifyMode", "NONE"])
                || ends_with(&path, &["SslOption", "DANGER_ACCEPT_INVALID_CERTS"])
                || ends_with(&path, &["SslOption", "DANGER_ACCEPT_INVALID_HOSTS"])
            {
                let what = path[path.len() - 2..].join("::");
                self.out.push(Hit::new(
                    self.cx.index.range(p.span()),
                    format!("TLS verification is switched off by `{what}`"),
                    what,
                ));
            }
            syn::visit::visit_expr_path(self, p);
        }

        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            if let Some((trait_path, _)) = &i.trait_ {
                let t = self.cx.aliases.resolve(trait_path);
                let verifier = t.last().map(String::as_str);
                if matches!(
                    verifier,
                    Some("ServerCertVerifier") | Some("ClientCertVerifier")
                ) {
                    for item in &i.items {
                        let ImplItem::Fn(f) = item else { continue };
                        let name = f.sig.ident.to_string();
                        if (name == "verify_server_cert" || name == "verify_client_cert")
                            && accepts_unconditionally(&f.block)
                        {
                            let ty = match &*i.self_ty {
                                syn::Type::Path(tp) => tp
                                    .path
                                    .segments
                                    .last()
                                    .map(|s| s.ident.to_string())
                                    .unwrap_or_default(),
                                _ => String::new(),
                            };
                            self.out.push(Hit::new(
                                self.cx.index.range(f.sig.span()),
                                format!(
                                    "`{ty}` implements `{}` and accepts every certificate in `{name}`",
                                    verifier.unwrap_or_default()
                                ),
                                format!("{ty}::{name}"),
                            ));
                        }
                    }
                }
            }
            syn::visit::visit_item_impl(self, i);
        }
    }
    let mut v = V {
        cx,
        out,
        switched: 0,
        manual_host: Vec::new(),
    };
    v.visit_file(cx.file);
}

/// Does a condition test a TLS setting (`self.accept_invalid_certs`, `cfg.insecure`,
/// `env::var("APP_TLS_INSECURE_SKIP_VERIFY")`)?
fn about_tls(cond: &Expr) -> bool {
    struct W(bool);
    impl W {
        fn word(&mut self, text: &str) {
            let ws = super::names::words(text);
            self.0 |= ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "insecure"
                        | "invalid"
                        | "verify"
                        | "verification"
                        | "danger"
                        | "dangerous"
                        | "tls"
                        | "ssl"
                        | "cert"
                        | "certs"
                        | "certificate"
                        | "certificates"
                        | "hostname"
                        | "hostnames"
                )
            });
        }
    }
    impl<'ast> Visit<'ast> for W {
        fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
            self.word(&i.to_string());
        }
        fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
            self.word(&l.value());
        }
    }
    let mut w = W(false);
    w.visit_expr(cond);
    w.0
}

/// Does a function body set the expected host or IP on OpenSSL's verification parameters
/// (`ssl.param_mut().set_host(domain)`, `X509VerifyParam::set_ip`), so that the certificate is
/// still checked against it after `set_verify_hostname(false)`?
fn checks_host(block: &syn::Block) -> bool {
    struct H(bool);
    impl<'ast> Visit<'ast> for H {
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let name = m.method.to_string();
            if matches!(
                name.as_str(),
                "set_host" | "set_ip" | "add_host" | "set_hosts"
            ) {
                self.0 = true;
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for e in super::syntax::macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
    }
    let mut h = H(false);
    h.visit_block(block);
    h.0
}

/// A verifier body that returns `...Verified::assertion()` with nothing that could fail first.
/// A call whose name says it verifies or checks (`verify_server_cert_signed_by_trust_anchor(..)
/// .map(|_| ServerCertVerified::assertion())`, `self.inner.verify_server_cert(..)`) and whose
/// result is not thrown away counts as a check.
fn accepts_unconditionally(block: &syn::Block) -> bool {
    #[derive(Default)]
    struct Scan {
        assertion: bool,
        conditional: bool,
    }
    impl<'ast> Visit<'ast> for Scan {
        fn visit_expr(&mut self, e: &'ast Expr) {
            match e {
                Expr::If(_)
                | Expr::Match(_)
                | Expr::Try(_)
                | Expr::Loop(_)
                | Expr::While(_)
                | Expr::ForLoop(_)
                | Expr::Macro(_) => self.conditional = true,
                Expr::Path(p) if p.path.segments.iter().any(|s| s.ident == "Err") => {
                    self.conditional = true
                }
                Expr::MethodCall(m) if verifies(&m.method.to_string()) => self.conditional = true,
                Expr::Call(c) => {
                    if let Expr::Path(p) = &*c.func
                        && p.path
                            .segments
                            .last()
                            .is_some_and(|s| verifies(&s.ident.to_string()))
                    {
                        self.conditional = true;
                    }
                    if let Expr::Path(p) = &*c.func {
                        let segs: Vec<String> = p
                            .path
                            .segments
                            .iter()
                            .map(|s| s.ident.to_string())
                            .collect();
                        if segs.last().is_some_and(|l| l == "assertion") {
                            self.assertion = true;
                        } else if segs.last().is_some_and(|l| l == "Err") {
                            self.conditional = true;
                        }
                    }
                }
                _ => {}
            }
            syn::visit::visit_expr(self, e);
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            if l.init.as_ref().is_some_and(|i| i.diverge.is_some()) {
                self.conditional = true;
            }
            // `let _ = self.inner.verify_server_cert(..);` throws the answer away.
            if matches!(l.pat, syn::Pat::Wild(_)) {
                let was = self.conditional;
                syn::visit::visit_local(self, l);
                self.conditional = was;
                return;
            }
            syn::visit::visit_local(self, l);
        }
    }
    fn verifies(name: &str) -> bool {
        super::names::words(name).iter().any(|w| {
            matches!(
                w.as_str(),
                "verify" | "verified" | "validate" | "check" | "checked" | "pin" | "pinned"
            )
        })
    }
    let mut s = Scan::default();
    s.visit_block(block);
    s.assertion && !s.conditional
}

const LEGACY: &[&str] = &[
    "SSL3", "TLS1", "TLS1_1", "Sslv3", "Tlsv10", "Tlsv11", "TLS_1_0", "TLS_1_1", "SSLv3", "TLSv1",
    "TLSv1_1",
];

pub fn legacy_version(cx: &Cx, _p: &Params, out: &mut Vec<Hit>) {
    struct V<'c, 'a> {
        cx: &'c Cx<'a>,
        out: &'c mut Vec<Hit>,
    }
    impl<'ast> Visit<'ast> for V<'_, '_> {
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            for e in super::syntax::macro_exprs(m) {
                self.visit_expr(&e);
            }
        }
        fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
            let name = m.method.to_string();
            if matches!(
                name.as_str(),
                "set_min_proto_version"
                    | "set_max_proto_version"
                    | "min_protocol_version"
                    | "max_protocol_version"
                    | "min_tls_version"
                    | "max_tls_version"
                    | "tls_version_min"
                    | "tls_version_max"
            ) && let Some(arg) = m.args.first()
            {
                let mut a = peel(arg);
                if let Expr::Call(c) = a
                    && expr_path(&c.func, self.cx.aliases).is_some_and(|p| ends_with(&p, &["Some"]))
                    && c.args.len() == 1
                {
                    a = peel(&c.args[0]);
                }
                if let Some(p) = expr_path(a, self.cx.aliases)
                    && let Some(v) = p.last().filter(|v| LEGACY.contains(&v.as_str()))
                {
                    let span = m
                        .method
                        .span()
                        .join(m.paren_token.span.close())
                        .unwrap_or(m.method.span());
                    self.out.push(Hit::new(
                        self.cx.index.range(span),
                        format!("`{name}` allows {v}, a protocol version below TLS 1.2"),
                        format!("{name}({v})"),
                    ));
                }
            }
            syn::visit::visit_expr_method_call(self, m);
        }
    }
    let mut v = V { cx, out };
    v.visit_file(cx.file);
}
