#!/usr/bin/env bash
# CPU time of `aseptic scan --only iac` against Checkov on the same generated Terraform tree.
#
# Generates bench/work/terraform (600 .tf files: 100 root modules calling 20 local modules, with
# variables, tfvars, locals, count, for_each, jsonencode policies and cross-resource S3 settings),
# installs Checkov from PyPI into bench/work/venv when it is missing, builds aseptic in release
# mode, then measures user+sys CPU seconds of each tool with /usr/bin/time in one run and prints
# the ratio. Both tools are run once, from a warm file cache, with their exit codes ignored
# (both exit non-zero when they find something).
#
# Usage: bench/iac.sh            (ROOTS=100 MODULES=20 FILES_PER_DIR=6 to change the size,
#                                 CHECKOV=path to use an installed Checkov)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=bench/work
TREE=$WORK/terraform
ROOTS=${ROOTS:-100}
MODULES=${MODULES:-20}
FILES=${FILES_PER_DIR:-6}
mkdir -p "$WORK"

gen_module() { # dir index
  local d=$1 i=$2
  mkdir -p "$d"
  cat > "$d/variables.tf" <<TF
variable "name" {}
variable "acl" {
  default = "private"
}
variable "encrypted" {
  default = true
}
variable "cidrs" {
  default = ["10.0.0.0/8"]
}
TF
  cat > "$d/storage.tf" <<TF
locals {
  bucket = "\${var.name}-m$i"
}
resource "aws_s3_bucket" "data" {
  bucket = local.bucket
}
resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = var.acl
}
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
TF
  cat > "$d/database.tf" <<TF
resource "aws_db_instance" "db" {
  identifier          = "\${var.name}-db-$i"
  engine              = "postgres"
  engine_version      = "14.10"
  instance_class      = "db.t3.micro"
  storage_encrypted   = var.encrypted
  publicly_accessible = false
  backup_retention_period = $((i % 10))
}
resource "aws_kms_key" "db" {
  description         = "db $i"
  enable_key_rotation = $([ $((i % 2)) -eq 0 ] && echo true || echo false)
}
TF
  cat > "$d/network.tf" <<TF
resource "aws_security_group" "app" {
  name = "\${var.name}-app-$i"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_vpc" "main" {
  cidr_block = "10.$i.0.0/16"
}
TF
  cat > "$d/iam.tf" <<TF
resource "aws_iam_policy" "app" {
  name = "\${var.name}-app-$i"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "\${aws_s3_bucket.data.arn}/*"
    }]
  })
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/\${var.name}/$i"
  retention_in_days = 30
}
TF
}

gen_root() { # dir index
  local d=$1 i=$2 m=$(( $2 % MODULES ))
  mkdir -p "$d"
  cat > "$d/main.tf" <<TF
variable "env" {
  default = "dev"
}
locals {
  name = "svc$i-\${var.env}"
  queues = { orders = true, events = false }
}
module "storage" {
  source    = "../../modules/m$m"
  name      = local.name
  acl       = $([ $((i % 7)) -eq 0 ] && echo '"public-read"' || echo '"private"')
  encrypted = $([ $((i % 5)) -eq 0 ] && echo false || echo true)
}
TF
  cat > "$d/terraform.tfvars" <<TF
env = "prod"
TF
  cat > "$d/queues.tf" <<TF
resource "aws_sqs_queue" "q" {
  for_each                = local.queues
  name                    = "\${local.name}-\${each.key}"
  sqs_managed_sse_enabled = each.value
}
TF
  cat > "$d/compute.tf" <<TF
resource "aws_instance" "worker" {
  count         = 2
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = count.index == 0
  }
  metadata_options {
    http_tokens = "required"
  }
}
TF
  cat > "$d/trail.tf" <<TF
resource "aws_cloudtrail" "t" {
  name                       = "\${local.name}-trail"
  s3_bucket_name             = "trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = $([ $((i % 3)) -eq 0 ] && echo false || echo true)
}
TF
  local f
  for ((f = 5; f < FILES; f++)); do
    cat > "$d/extra$f.tf" <<TF
resource "aws_dynamodb_table" "t$f" {
  name     = "\${local.name}-t$f"
  hash_key = "id"
}
TF
  done
}

if [ ! -f "$TREE/.generated-$ROOTS-$MODULES-$FILES" ]; then
  rm -rf "$TREE"
  for ((i = 0; i < MODULES; i++)); do gen_module "$TREE/modules/m$i" "$i"; done
  for ((i = 0; i < ROOTS; i++)); do gen_root "$TREE/roots/r$i" "$i"; done
  touch "$TREE/.generated-$ROOTS-$MODULES-$FILES"
fi
TF_FILES=$(find "$TREE" -name '*.tf' | wc -l)
echo "tree: $TREE with $TF_FILES .tf files"

CHECKOV=${CHECKOV:-$WORK/venv/bin/checkov}
if [ ! -x "$CHECKOV" ]; then
  CHECKOV=$WORK/venv/bin/checkov
  echo "installing checkov into $WORK/venv (once)"
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet --upgrade pip
  "$WORK/venv/bin/pip" install --quiet checkov
fi
CHECKOV_VERSION=$("$CHECKOV" --version 2>/dev/null | tail -n1)

cargo build --release --quiet
ASEPTIC=target/release/aseptic

cpu() { # label, command... -> prints seconds of user+sys
  local out=$WORK/time-$1.txt
  /usr/bin/time -f "%U %S %M" -o "$out" "${@:2}" > "$WORK/out-$1.txt" 2> "$WORK/err-$1.txt" || true
  tail -n1 "$out" | awk '{ printf "%.3f %d\n", $1 + $2, $3 }'

}

# Warm the file cache once so neither tool pays for cold reads.
cat $(find "$TREE" -name '*.tf*') > /dev/null

# aseptic finishes in well under a second, near the 10 ms resolution of /usr/bin/time: time RUNS
# runs and report the mean, so the ratio is not rounding noise.
RUNS=${RUNS:-5}
read -r A_TOTAL A_RSS < <(cpu aseptic sh -c "for i in \$(seq $RUNS); do $ASEPTIC scan --only iac --no-ignore --format json --fail-on none $TREE > $WORK/out-aseptic.txt; done")
A_CPU=$(awk -v t="$A_TOTAL" -v n="$RUNS" 'BEGIN { printf "%.3f", t / n }')
A_FINDINGS=$(grep -c '"rule_id"' "$WORK/out-aseptic.txt" || true)
read -r C_CPU C_RSS < <(cpu checkov env BC_SKIP_MAPPING=TRUE "$CHECKOV" -d "$TREE" --quiet --compact --framework terraform --skip-download)
C_FAILED=$(grep -c 'FAILED for resource' "$WORK/out-checkov.txt" || true)
# The tree lives in the git-ignored bench/work (hence --no-ignore above): a run that scanned
# nothing would make the ratio meaningless.
if [ "$A_FINDINGS" -eq 0 ] || [ "$C_FAILED" -eq 0 ]; then
  echo "a tool reported nothing on $TREE (aseptic: $A_FINDINGS findings, checkov: $C_FAILED failed checks)" >&2
  exit 1
fi

echo "aseptic $(${ASEPTIC} --version 2>/dev/null | awk '{print $2}'): ${A_CPU}s CPU per run (mean of $RUNS), ${A_RSS} KiB peak RSS, ${A_FINDINGS} findings"
echo "checkov ${CHECKOV_VERSION}: ${C_CPU}s CPU, ${C_RSS} KiB peak RSS, ${C_FAILED} failed checks"
awk -v a="$A_CPU" -v c="$C_CPU" 'BEGIN { if (a < 0.001) a = 0.001; printf "ratio: checkov uses %.0fx the CPU time of aseptic\n", c / a }'
