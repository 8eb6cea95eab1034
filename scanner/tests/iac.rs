//! End-to-end tests of the IaC sources through the real binary: Terraform module directories
//! (files named alone, local modules, variables from the command line, inline ignores across
//! files), plans located in their sources or not, and CloudFormation parameters.

mod common;

use common::*;

fn scan_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["scan", "-f", "json", "--fail-on", "none", "--no-config"];
    all.extend_from_slice(args);
    let out = rampart(&repo(), &all);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)
}

fn resources(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["resource"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_terraform_file_named_alone_is_evaluated_with_its_module_and_reported_alone() {
    let report = scan_json(&["fixtures/sample/terraform/s3.tf"]);
    let keys = finding_keys(&report);
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| k.contains("@fixtures/sample/terraform/s3.tf:")), "{keys:#?}");
    // The ACL is folded in from its own resource, in the same file…
    assert!(keys.contains(&"AWS-S3-001@fixtures/sample/terraform/s3.tf:8".to_string()), "{keys:#?}");
    // …and the bucket's name comes from a local defined in main.tf and a tfvars value.
    let whole = scan_json(&["fixtures/sample/terraform"]);
    let named_alone: Vec<String> = finding_keys(&whole).into_iter().filter(|k| k.contains("/s3.tf:")).collect();
    assert_eq!(keys, named_alone);
}

#[test]
fn local_modules_are_evaluated_through_their_callers_only() {
    let report = scan_json(&["fixtures/sample/terraform"]);
    let in_module: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == "fixtures/sample/terraform/modules/bucket/main.tf")
        .collect();
    assert!(!in_module.is_empty());
    for f in &in_module {
        let resource = f["resource"].as_str().unwrap();
        assert!(
            resource == "module.logs.aws_s3_bucket.this[\"access\"]"
                || resource == "module.logs.aws_s3_bucket.this[\"audit\"]",
            "{resource}"
        );
    }
    // The module's input decides: only the "access" bucket has versioning suspended.
    let versioning: Vec<&str> =
        in_module.iter().filter(|f| f["rule_id"] == "AWS-S3-006").map(|f| f["resource"].as_str().unwrap()).collect();
    assert_eq!(versioning, ["module.logs.aws_s3_bucket.this[\"access\"]"]);
    // Never evaluated alone, without its inputs.
    assert!(!resources(&report).iter().any(|r| r.starts_with("aws_s3_bucket.this")));
}

#[test]
fn variables_come_from_tfvars_and_the_command_line() {
    let public = "AWS-RDS-001@fixtures/sample/terraform/data.tf:8".to_string();
    // terraform.tfvars sets db_public = true.
    assert!(finding_keys(&scan_json(&["fixtures/sample/terraform"])).contains(&public));
    let keys = finding_keys(&scan_json(&["fixtures/sample/terraform", "--var", "db_public=false"]));
    assert!(!keys.contains(&public), "{keys:#?}");
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "private.tfvars", "db_public = false\n");
    let keys = finding_keys(&scan_json(&["fixtures/sample/terraform", "--var-file", file.to_str().unwrap()]));
    assert!(!keys.contains(&public), "{keys:#?}");
}

#[test]
fn unknown_values_never_fire() {
    // aws_ebs_volume.keyed takes its KMS key from a variable without a value.
    let report = scan_json(&["fixtures/sample/terraform", "--rule", "AWS-EC2-008"]);
    assert_eq!(resources(&report), ["aws_ebs_volume.scratch"]);
}

#[test]
fn inline_ignores_work_in_every_file_of_a_module() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n");
    write(
        dir.path(),
        "b_acl.tf",
        "resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  # rampart:ignore AWS-S3-001 -- a public website\n  acl    = \"public-read\"\n}\n",
    );
    let out = rampart(dir.path(), &["scan", ".", "-f", "json", "--fail-on", "none", "--rule", "AWS-S3-001"]);
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["file"], "b_acl.tf");
    assert_eq!(findings[0]["start_line"], 4);
    assert_eq!(findings[0]["suppression"]["kind"], "inline");
}

#[test]
fn a_plan_is_located_in_the_sources_beside_it_or_at_itself() {
    // HCL alone cannot know var.public; the plan does, and points at the attribute.
    let report = scan_json(&["fixtures/sample/plan"]);
    let keys = finding_keys(&report);
    assert!(keys.contains(&"AWS-RDS-001@fixtures/sample/plan/main.tf:15".to_string()), "{keys:#?}");
    assert!(keys.contains(&"AWS-EC2-008@fixtures/sample/plan/main.tf:22".to_string()), "{keys:#?}");

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("fixtures/sample/plan/tfplan.json"), dir.path().join("tfplan.json")).unwrap();
    let out = rampart(dir.path(), &["scan", ".", "-f", "json", "--fail-on", "none", "--rule", "AWS-RDS-001"]);
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["file"], "tfplan.json");
    assert_eq!(findings[0]["resource"], "aws_db_instance.reports");
    // The planned value's own line in the plan.
    let text = std::fs::read_to_string(dir.path().join("tfplan.json")).unwrap();
    let line = text.lines().position(|l| l.contains("\"publicly_accessible\": true")).unwrap() + 1;
    assert_eq!(findings[0]["start_line"], line as u64);

    // A plan outside the repository, named on the command line: located in the sources beside
    // it, named as the plan is (relative to where it was found), never in the repository's.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("fixtures/sample/plan")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let plan = dir.path().join("tfplan.json");
    let report = scan_json(&["--rule", "AWS-RDS-001", plan.to_str().unwrap()]);
    assert_eq!(finding_keys(&report), ["AWS-RDS-001@main.tf:15"]);
}

#[test]
fn cloudformation_parameters_come_from_defaults_or_a_parameter_file() {
    let ssh = |report: &serde_json::Value| {
        finding_keys(report)
            .into_iter()
            .filter(|k| k.starts_with("AWS-EC2-001@fixtures/sample/cloudformation/stack.yaml"))
            .count()
    };
    assert_eq!(ssh(&scan_json(&["fixtures/sample/cloudformation/stack.yaml"])), 1);
    let dir = tempfile::tempdir().unwrap();
    let params = write(dir.path(), "params.json", r#"[{"ParameterKey": "AdminCidr", "ParameterValue": "10.0.0.0/8"}]"#);
    let report = scan_json(&["fixtures/sample/cloudformation/stack.yaml", "--cfn-params", params.to_str().unwrap()]);
    assert_eq!(ssh(&report), 0);
}

#[test]
fn broken_terraform_is_a_located_error_and_the_rest_of_the_module_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.tf", "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n");
    write(dir.path(), "good.tf", "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n}\n");
    let out = rampart(dir.path(), &["scan", ".", "-f", "json", "--fail-on", "none"]);
    let report = json(&out);
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["file"] == "bad.tf" && d["level"] == "error" && d["line"].as_u64().is_some()),
        "{diags:#?}"
    );
    assert!(finding_keys(&report).contains(&"AWS-EC2-008@good.tf:1".to_string()), "{report:#}");
}

#[test]
fn module_files_outside_the_report_base_are_named_from_the_scan_root() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "module \"data\" {\n  source = \"./mod\"\n}\n");
    write(
        dir.path(),
        "mod/main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size = 1\n}\n",
    );
    let out = rampart(
        &repo(),
        &["scan", dir.path().to_str().unwrap(), "-f", "json", "--fail-on", "none", "--rule", "AWS-EC2-008"],
    );
    let report = json(&out);
    assert_eq!(finding_keys(&report), ["AWS-EC2-008@mod/main.tf:1"]);
    assert_eq!(report["findings"][0]["resource"], "module.data.aws_ebs_volume.v");
}

#[test]
fn the_terragoat_sample_reports_every_planted_problem_at_its_line_and_its_fixed_twins_nothing() {
    let report = scan_json(&["fixtures/sample/terraform", "fixtures/sample/cloudformation/stack.yaml"]);
    let mut aws: Vec<String> = finding_keys(&report).into_iter().filter(|k| k.starts_with("AWS-")).collect();
    aws.sort();
    aws.dedup();
    let expected = [
        "AWS-CLOUDFRONT-001@fixtures/sample/terraform/compute.tf:56",
        "AWS-CLOUDFRONT-002@fixtures/sample/terraform/compute.tf:74",
        "AWS-CLOUDFRONT-003@fixtures/sample/terraform/compute.tf:49",
        "AWS-CLOUDFRONT-004@fixtures/sample/terraform/compute.tf:40",
        "AWS-CLOUDFRONT-005@fixtures/sample/terraform/compute.tf:40",
        "AWS-CLOUDTRAIL-001@fixtures/sample/cloudformation/stack.yaml:139",
        "AWS-CLOUDTRAIL-001@fixtures/sample/terraform/data.tf:20",
        "AWS-CLOUDTRAIL-002@fixtures/sample/cloudformation/stack.yaml:139",
        "AWS-CLOUDTRAIL-002@fixtures/sample/terraform/data.tf:20",
        "AWS-CLOUDTRAIL-003@fixtures/sample/cloudformation/stack.yaml:137",
        "AWS-CLOUDTRAIL-003@fixtures/sample/terraform/data.tf:20",
        "AWS-CLOUDTRAIL-004@fixtures/sample/cloudformation/stack.yaml:137",
        "AWS-CLOUDTRAIL-004@fixtures/sample/terraform/data.tf:20",
        "AWS-DYNAMODB-001@fixtures/sample/terraform/data.tf:25",
        "AWS-DYNAMODB-002@fixtures/sample/terraform/data.tf:25",
        "AWS-EC2-001@fixtures/sample/cloudformation/stack.yaml:82",
        "AWS-EC2-001@fixtures/sample/terraform/network.tf:14",
        "AWS-EC2-002@fixtures/sample/cloudformation/stack.yaml:86",
        "AWS-EC2-002@fixtures/sample/terraform/network.tf:24",
        "AWS-EC2-003@fixtures/sample/cloudformation/stack.yaml:93",
        "AWS-EC2-003@fixtures/sample/terraform/network.tf:30",
        "AWS-EC2-006@fixtures/sample/terraform/network.tf:41",
        "AWS-EC2-008@fixtures/sample/cloudformation/stack.yaml:95",
        "AWS-EC2-008@fixtures/sample/terraform/network.tf:49",
        "AWS-EC2-009@fixtures/sample/terraform/network.tf:45",
        "AWS-EC2-011@fixtures/sample/terraform/network.tf:1",
        "AWS-ECR-001@fixtures/sample/terraform/data.tf:45",
        "AWS-ECR-002@fixtures/sample/terraform/data.tf:45",
        "AWS-EKS-001@fixtures/sample/terraform/compute.tf:18",
        "AWS-EKS-002@fixtures/sample/terraform/compute.tf:14",
        "AWS-EKS-003@fixtures/sample/terraform/compute.tf:14",
        "AWS-ELB-001@fixtures/sample/cloudformation/stack.yaml:157",
        "AWS-ELB-001@fixtures/sample/terraform/compute.tf:32",
        "AWS-ELB-003@fixtures/sample/cloudformation/stack.yaml:162",
        "AWS-ELB-003@fixtures/sample/terraform/compute.tf:23",
        "AWS-ELB-004@fixtures/sample/cloudformation/stack.yaml:162",
        "AWS-ELB-004@fixtures/sample/terraform/compute.tf:23",
        "AWS-IAM-001@fixtures/sample/cloudformation/stack.yaml:53",
        "AWS-IAM-001@fixtures/sample/terraform/iam.tf:11",
        "AWS-IAM-002@fixtures/sample/terraform/iam.tf:43",
        "AWS-IAM-004@fixtures/sample/cloudformation/stack.yaml:48",
        "AWS-IAM-004@fixtures/sample/terraform/iam.tf:23",
        "AWS-IAM-005@fixtures/sample/cloudformation/stack.yaml:72",
        "AWS-IAM-005@fixtures/sample/terraform/compute.tf:11",
        "AWS-IAM-006@fixtures/sample/cloudformation/stack.yaml:68",
        "AWS-IAM-006@fixtures/sample/terraform/iam.tf:29",
        "AWS-IAM-008@fixtures/sample/terraform/iam.tf:54",
        "AWS-IAM-009@fixtures/sample/terraform/iam.tf:53",
        "AWS-IAM-010@fixtures/sample/terraform/iam.tf:53",
        "AWS-IAM-011@fixtures/sample/terraform/iam.tf:53",
        "AWS-KMS-001@fixtures/sample/cloudformation/stack.yaml:121",
        "AWS-KMS-001@fixtures/sample/terraform/data.tf:12",
        "AWS-LAMBDA-001@fixtures/sample/cloudformation/stack.yaml:148",
        "AWS-LAMBDA-001@fixtures/sample/terraform/compute.tf:3",
        "AWS-LAMBDA-002@fixtures/sample/cloudformation/stack.yaml:146",
        "AWS-LAMBDA-002@fixtures/sample/terraform/compute.tf:4",
        "AWS-LAMBDA-006@fixtures/sample/cloudformation/stack.yaml:145",
        "AWS-LAMBDA-006@fixtures/sample/terraform/compute.tf:1",
        "AWS-LOGS-001@fixtures/sample/cloudformation/stack.yaml:134",
        "AWS-LOGS-001@fixtures/sample/terraform/data.tf:16",
        "AWS-LOGS-002@fixtures/sample/cloudformation/stack.yaml:132",
        "AWS-LOGS-002@fixtures/sample/terraform/data.tf:16",
        "AWS-RDS-001@fixtures/sample/cloudformation/stack.yaml:117",
        "AWS-RDS-001@fixtures/sample/terraform/data.tf:8",
        "AWS-RDS-002@fixtures/sample/cloudformation/stack.yaml:111",
        "AWS-RDS-002@fixtures/sample/terraform/data.tf:1",
        "AWS-RDS-003@fixtures/sample/cloudformation/stack.yaml:111",
        "AWS-RDS-003@fixtures/sample/terraform/data.tf:1",
        "AWS-RDS-004@fixtures/sample/cloudformation/stack.yaml:111",
        "AWS-RDS-004@fixtures/sample/terraform/data.tf:1",
        "AWS-RDS-005@fixtures/sample/cloudformation/stack.yaml:111",
        "AWS-RDS-005@fixtures/sample/terraform/data.tf:1",
        "AWS-S3-001@fixtures/sample/cloudformation/stack.yaml:23",
        "AWS-S3-001@fixtures/sample/terraform/s3.tf:8",
        "AWS-S3-003@fixtures/sample/cloudformation/stack.yaml:27",
        "AWS-S3-003@fixtures/sample/cloudformation/stack.yaml:29",
        "AWS-S3-003@fixtures/sample/terraform/modules/bucket/main.tf:1",
        "AWS-S3-003@fixtures/sample/terraform/s3.tf:20",
        "AWS-S3-003@fixtures/sample/terraform/s3.tf:22",
        "AWS-S3-005@fixtures/sample/cloudformation/stack.yaml:21",
        "AWS-S3-005@fixtures/sample/terraform/modules/bucket/main.tf:1",
        "AWS-S3-005@fixtures/sample/terraform/s3.tf:1",
        "AWS-S3-006@fixtures/sample/cloudformation/stack.yaml:25",
        "AWS-S3-006@fixtures/sample/terraform/modules/bucket/main.tf:11",
        "AWS-S3-006@fixtures/sample/terraform/s3.tf:14",
        "AWS-S3-007@fixtures/sample/terraform/modules/bucket/main.tf:10",
        "AWS-S3-007@fixtures/sample/terraform/s3.tf:13",
        "AWS-S3-008@fixtures/sample/cloudformation/stack.yaml:21",
        "AWS-S3-008@fixtures/sample/terraform/modules/bucket/main.tf:1",
        "AWS-S3-008@fixtures/sample/terraform/s3.tf:1",
        "AWS-S3-009@fixtures/sample/cloudformation/stack.yaml:36",
        "AWS-S3-009@fixtures/sample/terraform/modules/bucket/main.tf:1",
        "AWS-S3-009@fixtures/sample/terraform/s3.tf:28",
        "AWS-S3-010@fixtures/sample/cloudformation/stack.yaml:21",
        "AWS-S3-010@fixtures/sample/terraform/modules/bucket/main.tf:1",
        "AWS-S3-010@fixtures/sample/terraform/s3.tf:1",
        "AWS-SNS-001@fixtures/sample/terraform/data.tf:41",
        "AWS-SQS-001@fixtures/sample/terraform/data.tf:38",
    ];
    assert_eq!(aws, expected);
    let fixed = scan_json(&["fixtures/sample/terraform-fixed", "fixtures/sample/cloudformation/stack-fixed.yaml"]);
    assert_eq!(finding_keys(&fixed), Vec::<String>::new());
    assert_eq!(fixed["summary"]["errors"], 0);
}

#[test]
fn messages_name_settings_in_the_vocabulary_of_their_source() {
    let report = scan_json(&["fixtures/sample/terraform", "fixtures/sample/cloudformation/stack.yaml"]);
    let findings = report["findings"].as_array().unwrap();
    let message = |rule: &str, cfn: bool| {
        findings
            .iter()
            .find(|f| f["rule_id"] == rule && f["resource"].as_str().unwrap().starts_with("Resources.") == cfn)
            .unwrap_or_else(|| panic!("no {rule} (CloudFormation: {cfn})"))["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("AWS-RDS-002", true).contains("set StorageEncrypted to true"), "{}", message("AWS-RDS-002", true));
    assert!(message("AWS-RDS-002", false).contains("set storage_encrypted to true"));
    assert!(message("AWS-KMS-001", true).contains("EnableKeyRotation"));
    assert!(message("AWS-KMS-001", false).contains("enable_key_rotation"));
    // No CloudFormation finding tells its author to set a Terraform attribute (dotted keys such
    // as ELBv2's `access_logs.s3.enabled` attribute are CloudFormation's own).
    let setting = regex::Regex::new(r"\b(?:set|enable|add) ([a-z0-9_.]+)").unwrap();
    for f in findings.iter().filter(|f| f["resource"].as_str().unwrap().starts_with("Resources.")) {
        let m = f["message"].as_str().unwrap();
        let terraform = setting.captures_iter(m).any(|c| c[1].contains('_') && !c[1].contains('.'));
        assert!(!terraform, "{}: {m}", f["rule_id"]);
    }
}

/// The Kustomize roots under scanner/tests/data/kustomize, relative to it.
const KUSTOMIZE_ROOTS: &[&str] = &["app/overlays/prod", "app/overlays/dev", "jobs/overlay", "crd/overlay", "order"];

/// An object's identity, for comparing builds modulo order.
/// Every chart of scanner/tests/data/helm renders what its `expected.yaml` says (the output of
/// `rampart render`, written by hand from Go's, Sprig's and Helm's documented behaviour and
/// checked against it line by line), and says what its `expected-diagnostics.txt` says (none
/// when absent).
#[test]
fn helm_charts_render_as_expected() {
    let data = repo().join("scanner/tests/data/helm");
    let mut charts: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Chart.yaml").is_file())
        .collect();
    charts.sort();
    assert!(charts.len() >= 20, "{} charts", charts.len());
    let mut failures = Vec::new();
    for chart in &charts {
        let name = chart.file_name().unwrap().to_str().unwrap();
        let rel = format!("scanner/tests/data/helm/{name}");
        let mut args = vec!["render", rel.as_str()];
        let options = std::fs::read_to_string(chart.join("render-args.txt")).unwrap_or_default();
        args.extend(options.split_whitespace());
        let out = rampart(&repo(), &args);
        assert_eq!(code(&out), 0, "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let expected = std::fs::read_to_string(chart.join("expected.yaml")).unwrap();
        let got = stdout(&out);
        if got != expected {
            failures.push(format!("{name}: rendered\n{got}\nexpected\n{expected}"));
        }
        let diagnostics = std::fs::read_to_string(chart.join("expected-diagnostics.txt")).unwrap_or_default();
        let said = String::from_utf8_lossy(&out.stderr);
        if said != diagnostics {
            failures.push(format!("{name}: said\n{said}\nexpected\n{diagnostics}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A chart is judged as rendered with the values a team deploys: the config's per chart, then
/// the command line's; the finding sits at the template line, names the values set, and points
/// at the values key that set it (the most precise key, in the file that won).
#[test]
fn helm_charts_are_judged_with_the_values_they_are_deployed_with() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let chart = repo().join("fixtures/sample/helm");
    for f in ["Chart.yaml", "values.yaml", "templates/_helpers.tpl", "templates/deployment.yaml"] {
        write(d, &format!("web/{f}"), &std::fs::read_to_string(chart.join(f)).unwrap());
    }
    write(d, "prod.yaml", "securityContext:\n  privileged: false\n");
    write(d, ".rampart.yaml", "helm:\n  web:\n    values: [prod.yaml]\n");
    let report = |args: &[&str]| {
        let mut all = vec!["scan", ".", "-f", "json", "--fail-on", "none", "--rule", "K8S-001", "--rule", "K8S-002"];
        all.extend_from_slice(args);
        let out = rampart(d, &all);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        json(&out)
    };
    let with_config = report(&[]);
    assert_eq!(finding_keys(&with_config), ["K8S-002@web/templates/deployment.yaml:23"]);
    let f = &with_config["findings"][0];
    assert!(
        f["message"].as_str().unwrap().ends_with(
            "; set in web/values.yaml:11 (`securityContext.allowPrivilegeEscalation`) (helm chart web, prod.yaml)"
        ),
        "{f}"
    );
    // The command line comes after the config: its pair wins.
    let set = report(&["--helm-set", "securityContext.privileged=true"]);
    assert_eq!(
        finding_keys(&set),
        ["K8S-001@web/templates/deployment.yaml:23", "K8S-002@web/templates/deployment.yaml:23"]
    );
    // Without the config, the chart's own values.
    let own = report(&["--no-config"]);
    assert_eq!(own["findings"][0]["related"]["file"], "web/values.yaml");
    assert!(own["findings"][0]["message"].as_str().unwrap().ends_with("(helm chart web, values.yaml)"));

    // Several values sets: each rendered and judged; the privileged container the chart's
    // defaults run and the production values fix is reported once, for the defaults.
    write(d, "sets.yaml", "helm:\n  web:\n    sets:\n      - {}\n      - values: [prod.yaml]\n");
    let sets = report(&["--config", "sets.yaml"]);
    let messages: Vec<&str> =
        sets["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("runs privileged") && m.ends_with("(helm chart web, values.yaml)")));
    assert!(!messages.iter().any(|m| m.contains("runs privileged") && m.ends_with("(helm chart web, prod.yaml)")));
    assert_eq!(messages.iter().filter(|m| m.contains("allowPrivilegeEscalation")).count(), 2);

    // Named alone, as pre-commit passes staged files: a template reports its own findings; a
    // values file is judged by what the chart renders with it.
    let named = |file: &str| {
        let out = rampart(d, &["scan", file, "-f", "json", "--fail-on", "none", "--no-config", "--rule", "K8S-001"]);
        finding_keys(&json(&out))
    };
    assert_eq!(named("web/templates/deployment.yaml"), ["K8S-001@web/templates/deployment.yaml:23"]);
    assert_eq!(named("web/templates/_helpers.tpl"), Vec::<String>::new());
    assert_eq!(named("web/values.yaml"), ["K8S-001@web/templates/deployment.yaml:23"]);
}

fn object_key(o: &serde_json::Value) -> String {
    format!("{}/{}/{}", o["kind"], o["metadata"]["namespace"], o["metadata"]["name"])
}

#[test]
fn kustomize_builds_what_kubectl_kustomize_builds() {
    let kubectl = tool_env("RAMPART_KUBECTL");
    let data = repo().join("scanner/tests/data/kustomize").canonicalize().unwrap();
    for root in KUSTOMIZE_ROOTS {
        let dir = data.join(root);
        let out = std::process::Command::new(&kubectl).arg("kustomize").arg(&dir).output().expect("run kubectl");
        assert!(out.status.success(), "kubectl kustomize {root}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let mut expected: Vec<serde_json::Value> = rampart::yaml::parse(&text)
            .unwrap()
            .iter()
            .map(|n| rampart::yaml::to_json_with(n, &mut String::new(), &mut Default::default(), true))
            .filter(|o| !o.is_null())
            .collect();
        let built = rampart::collect::kustomize::build(&dir, &data, 1 << 20);
        assert!(built.diagnostics.is_empty(), "{root}: {:#?}", built.diagnostics);
        // What Rampart derives from the rest of the overlay is not part of the objects.
        let mut ours: Vec<serde_json::Value> = built
            .docs
            .into_iter()
            .map(|mut d| {
                d.input.as_object_mut().unwrap().retain(|k, _| !k.starts_with("__"));
                d.input
            })
            .collect();
        expected.sort_by_key(object_key);
        ours.sort_by_key(object_key);
        let keys = |v: &[serde_json::Value]| v.iter().map(object_key).collect::<Vec<_>>();
        assert_eq!(keys(&ours), keys(&expected), "{root}: the objects differ");
        for (a, b) in ours.iter().zip(&expected) {
            assert_eq!(a, b, "{root}: {} differs from kubectl's", object_key(b));
        }
    }
}

#[test]
fn kustomize_overlays_are_judged_as_built_and_located_where_written() {
    let report = scan_json(&["scanner/tests/data/kustomize/app"]);
    let keys = finding_keys(&report);
    let findings = report["findings"].as_array().unwrap();
    let dir = "scanner/tests/data/kustomize/app";
    // Only built objects are judged: the base and the patches never alone.
    assert!(findings.iter().all(|f| f["message"].as_str().unwrap().contains("(kustomize overlay ")), "{keys:#?}");
    // A value a patch sets is reported at the patch: dev's JSON patch turns hostNetwork on.
    let host = findings.iter().find(|f| f["rule_id"] == "K8S-006").unwrap();
    assert_eq!(host["file"], format!("{dir}/overlays/dev/hostnet.yaml"));
    assert_eq!(host["start_line"], 3);
    assert!(host["message"].as_str().unwrap().ends_with(&format!("(kustomize overlay {dir}/overlays/dev)")));
    // prod's patch gives container app a CPU limit: only dev, which has no such patch, lacks it.
    let cpu: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule_id"] == "K8S-015" && f["message"].as_str().unwrap().contains("\"app\""))
        .collect();
    assert_eq!(cpu.len(), 1, "{cpu:#?}");
    assert_eq!(cpu[0]["resource"], "Deployment/dev/dev-web");
    assert_eq!(cpu[0]["file"], format!("{dir}/base/deployment.yaml"));
    // One base line, two overlays: two findings, told apart by their fingerprints.
    let sidecar: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule_id"] == "K8S-015" && f["message"].as_str().unwrap().contains("\"sidecar\""))
        .collect();
    assert_eq!(sidecar.len(), 1, "dev deletes the sidecar: {sidecar:#?}");
    let image: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule_id"] == "K8S-020" && f["message"].as_str().unwrap().contains("\"app\""))
        .collect();
    assert_eq!(image.len(), 2, "{image:#?}");
    assert_ne!(image[0]["fingerprint"], image[1]["fingerprint"]);
    // The new tag comes from prod's `images:`, so that is where prod's finding points.
    let files: Vec<&str> = image.iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert!(files.contains(&format!("{dir}/overlays/prod/kustomization.yaml").as_str()), "{files:?}");
    assert!(files.contains(&format!("{dir}/base/deployment.yaml").as_str()), "{files:?}");
}

#[test]
fn a_kustomize_patch_named_alone_is_judged_through_the_overlays_that_read_it() {
    let dir = "scanner/tests/data/kustomize/app";
    let report = scan_json(&[&format!("{dir}/overlays/dev/hostnet.yaml")]);
    assert_eq!(finding_keys(&report), [format!("K8S-006@{dir}/overlays/dev/hostnet.yaml:3")]);
    // A base file named alone: the findings of every overlay that builds it, in that file only.
    let report = scan_json(&[&format!("{dir}/base/deployment.yaml")]);
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["file"] == format!("{dir}/base/deployment.yaml")));
    for overlay in ["dev", "prod"] {
        let tail = format!("(kustomize overlay {dir}/overlays/{overlay})");
        assert!(findings.iter().any(|f| f["message"].as_str().unwrap().ends_with(&tail)), "{overlay}");
    }
}
