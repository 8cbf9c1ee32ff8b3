//! IaC relations (`related`/`via`) follow each form of reference to the one resource it names:
//! a bucket named as a log target is exempt from IAC-AWS-007, its neighbours are not, and an
//! unknown value neither produces nor exempts a finding. The semantics are in
//! `rules/iac/README.md` ("Relations").

use aseptic::config::Config;
use aseptic::finding::AnalyzerKind;
use aseptic::rule::builtin_rules;
use aseptic::scan::scan_tree_with;
use std::path::Path;

/// The logical locations IAC-AWS-007 (access logging disabled) flags in a tree of files.
fn unlogged(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let rules = builtin_rules()
        .unwrap()
        .into_iter()
        .filter(|r| r.analyzer == AnalyzerKind::Iac)
        .collect();
    let r = scan_tree_with(rules, Path::new(dir.path()), Config::default()).unwrap();
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.rule_id == "IAC-AWS-007")
        .filter_map(|f| f.logical_location.clone())
        .collect();
    v.sort();
    v
}

/// A data bucket whose `logging` block names the log bucket through `target`, the log bucket,
/// and a neighbour with no logging.
fn inline_logging(target: &str, extra: &str) -> String {
    format!(
        r#"resource "aws_s3_bucket" "data" {{
  bucket = "phi-data"
  logging {{
    target_bucket = {target}
  }}
}}
resource "aws_s3_bucket" "logs" {{
  bucket = "phi-logs"
}}
resource "aws_s3_bucket" "other" {{
  bucket = "phi-other"
}}
{extra}"#
    )
}

#[test]
fn every_reference_form_exempts_only_the_bucket_it_names() {
    for target in [
        r#""${aws_s3_bucket.logs.id}""#,
        "aws_s3_bucket.logs.id",
        "aws_s3_bucket.logs.arn",
        "aws_s3_bucket.logs.bucket",
        r#""phi-logs""#,
        "local.log_bucket",
    ] {
        let extra = "locals {\n  log_bucket = aws_s3_bucket.logs.id\n}\n";
        assert_eq!(
            unlogged(&[("main.tf", &inline_logging(target, extra))]),
            ["aws_s3_bucket.other"],
            "target_bucket = {target}"
        );
    }
}

#[test]
fn a_separate_logging_resource_exempts_its_target_and_covers_its_source() {
    let text = r#"resource "aws_s3_bucket" "data" {
  bucket = "phi-data"
}
resource "aws_s3_bucket" "logs" {
  bucket = "phi-logs"
}
resource "aws_s3_bucket" "other" {
  bucket = "phi-other"
}
resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = "${aws_s3_bucket.logs.bucket}"
  target_prefix = "data/"
}
"#;
    assert_eq!(unlogged(&[("main.tf", text)]), ["aws_s3_bucket.other"]);
}

#[test]
fn a_module_output_names_the_module_bucket_and_not_its_neighbour() {
    let root = inline_logging(
        "module.logs.bucket_id",
        "module \"logs\" {\n  source = \"./modules/logs\"\n}\n",
    );
    let module = r#"resource "aws_s3_bucket" "this" {
  bucket = "phi-logs-module"
}
resource "aws_s3_bucket" "spare" {
  bucket = "phi-spare"
}
output "bucket_id" {
  value = aws_s3_bucket.this.id
}
"#;
    assert_eq!(
        unlogged(&[("main.tf", &root), ("modules/logs/main.tf", module)]),
        [
            "aws_s3_bucket.logs",
            "aws_s3_bucket.other",
            "module.logs.aws_s3_bucket.spare"
        ]
    );
}

#[test]
fn an_unknown_target_neither_produces_nor_exempts() {
    let text = inline_logging("var.log_bucket", "variable \"log_bucket\" {}\n");
    // `data` has logging to somewhere unknown: no finding. Nothing is exempt as its target.
    assert_eq!(
        unlogged(&[("main.tf", &text)]),
        ["aws_s3_bucket.logs", "aws_s3_bucket.other"]
    );
    // A reference inside a longer string is unknown too.
    let text = inline_logging(r#""${aws_s3_bucket.logs.id}-suffix""#, "");
    assert_eq!(
        unlogged(&[("main.tf", &text)]),
        ["aws_s3_bucket.logs", "aws_s3_bucket.other"]
    );
}

#[test]
fn cloudformation_ref_and_getatt_exempt_only_the_named_bucket() {
    for target in ["!Ref Logs", "!GetAtt Logs.Arn", "{ \"Ref\": \"Logs\" }"] {
        let text = format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration:\n        DestinationBucketName: {target}\n  Logs:\n    Type: AWS::S3::Bucket\n  Other:\n    Type: AWS::S3::Bucket\n"
        );
        assert_eq!(
            unlogged(&[("template.yaml", &text)]),
            ["AWS::S3::Bucket/Other"],
            "{target}"
        );
    }
}
