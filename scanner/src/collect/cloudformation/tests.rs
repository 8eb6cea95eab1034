//! Tests of the CloudFormation collector: detection, every intrinsic in both forms,
//! parameters, conditions, SAM, the raw model and hostile templates.

use std::sync::Arc;

use serde_json::{json, Value as Json};

use super::intrinsics::cidr;
use super::*;
use crate::diagnostic::Level;
use crate::document::Span;

fn parse(text: &str) -> Node {
    yaml::parse(text).expect("test template parses").remove(0)
}

fn run_with(text: &str, params: Option<Json>) -> CfnOutput {
    collect(&Arc::from("t.yaml"), &parse(text), params.as_ref())
}

fn run(text: &str) -> CfnOutput {
    run_with(text, None)
}

fn attrs<'a>(out: &'a CfnOutput, id: &str) -> &'a Json {
    &out.inventory.get(&format!("Resources.{id}")).unwrap_or_else(|| panic!("no resource {id}")).attrs
}

fn warnings(out: &CfnOutput) -> Vec<String> {
    out.diagnostics.iter().map(|d| format!("{}:{} {}", d.level.as_str(), d.line.unwrap_or(0), d.message)).collect()
}

/// A template whose one resource `R` has the single property `V: <value>`.
fn value_template(params: &str, value: &str) -> String {
    format!(
        "AWSTemplateFormatVersion: '2010-09-09'\n{params}Resources:\n  Other:\n    Type: AWS::S3::Bucket\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: {value}\n"
    )
}

const PARAMS: &str = "Parameters:
  Env:
    Type: String
    Default: prod
  Subnets:
    Type: CommaDelimitedList
    Default: 'a, b,c'
  Count:
    Type: Number
    Default: '3'
  NoDefault:
    Type: String
Mappings:
  RegionMap:
    prod:
      Ami: ami-123
      Sizes: [t3.micro, t3.large]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  Unknown: !Equals [!Ref 'AWS::Region', us-east-1]
";

/// The value of `V` and the warnings for one written value.
fn value_of(value: &str) -> (Option<Json>, Vec<String>) {
    let out = run(&value_template(PARAMS, value));
    (attrs(&out, "R").get("V").cloned(), warnings(&out))
}

fn assert_value(value: &str, expected: Option<Json>) {
    let (got, warnings) = value_of(value);
    assert_eq!(got, expected, "value of {value}");
    assert!(warnings.is_empty(), "{value}: unexpected diagnostics {warnings:?}");
}

fn assert_warns(value: &str, expected: Option<Json>, needle: &str) {
    let (got, warnings) = value_of(value);
    assert_eq!(got, expected, "value of {value}");
    // Reported on the line of `V:`, the last one of the template.
    let line = value_template(PARAMS, value).lines().count();
    let at = format!("warning:{line} ");
    assert!(warnings.iter().any(|w| w.starts_with(&at) && w.contains(needle)), "{value}: {warnings:?}");
}

#[test]
fn detects_templates() {
    for text in [
        "AWSTemplateFormatVersion: '2010-09-09'\n",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n",
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  C:\n    Type: Custom::Thing\n  S:\n    Type: Alexa::ASK::Skill\n  M:\n    Type: MyOrg::Storage::Bucket::MODULE\n",
        "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {}}}}",
    ] {
        assert!(is_template(&parse(text)), "{text}");
    }
    let kubernetes = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  Resources: x\n";
    let compose =
        "services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n";
    let compose_upper = "version: '3'\nservices: {}\nResources:\n  cpu: 2\n";
    for text in [
        kubernetes,
        compose,
        compose_upper,
        "Resources:\n  A:\n    Type: Custom::Only\n",
        "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: bucket\n",
        "Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Kind: x\n",
        "Resources: [AWS::S3::Bucket]\n",
        "- AWSTemplateFormatVersion\n",
        "just text\n",
        "resources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n",
    ] {
        assert!(!is_template(&parse(text)), "{text}");
    }
}

#[test]
fn resources_have_kind_address_span_and_nested_spans() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
  Empty:
    Type: AWS::SNS::Topic
";
    let out = run(text);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.inventory.source, Source::CloudFormation);
    let kinds: Vec<&str> = out.inventory.resources.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["AWS::S3::Bucket", "AWS::SNS::Topic"]);
    let logs = out.inventory.get("Resources.Logs").unwrap();
    assert!(!logs.data);
    assert_eq!(&*logs.file, "t.yaml");
    assert_eq!(logs.span, Span::new(3, 9));
    assert_eq!(
        logs.get("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm"),
        Some(&json!("aws:kms"))
    );
    let sse = "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm";
    assert_eq!(logs.spans[sse], Span::new(9, 9));
    assert_eq!(logs.spans["/BucketEncryption"], Span::new(6, 9));
    assert_eq!(logs.spans["/BucketEncryption/ServerSideEncryptionConfiguration/0"], Span::new(8, 9));
    let empty = out.inventory.get("Resources.Empty").unwrap();
    assert_eq!(empty.attrs, json!({}));
    assert_eq!(empty.span, Span::new(10, 11));
}

#[test]
fn json_templates_have_a_span_per_key() {
    let text = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Logs": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": {"Fn::Join": ["-", ["logs", {"Ref": "AWS::Partition"}]]},
        "Tags": [
          {"Key": "team", "Value": "core"}
        ]
      }
    }
  }
}"#;
    let out = run(text);
    let logs = out.inventory.get("Resources.Logs").unwrap();
    assert_eq!(logs.attrs, json!({"BucketName": "logs-aws", "Tags": [{"Key": "team", "Value": "core"}]}));
    // A JSON value ends with its last key or item: closing brackets are not part of it.
    assert_eq!(logs.span, Span::new(4, 9));
    assert_eq!(logs.spans["/BucketName"], Span::new(7, 7));
    assert_eq!(logs.spans["/Tags"], Span::new(8, 9));
    assert_eq!(logs.spans["/Tags/0"], Span::new(9, 9));
    assert_eq!(logs.spans["/Tags/0/Value"], Span::new(9, 9));
}

#[test]
fn ref_and_getatt_in_both_forms() {
    assert_value("!Ref Env", Some(json!("prod")));
    assert_value("{Ref: Env}", Some(json!("prod")));
    assert_value("!Ref Subnets", Some(json!(["a", "b", "c"])));
    assert_value("!Ref Count", Some(json!(3)));
    assert_value("!Ref NoDefault", Some(Json::Null));
    assert_value("!Ref AWS::Partition", Some(json!("aws")));
    assert_value("{Ref: 'AWS::URLSuffix'}", Some(json!("amazonaws.com")));
    for pseudo in ["AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs"] {
        assert_value(&format!("!Ref {pseudo}"), Some(Json::Null));
    }
    assert_warns("!Ref AWS::Nope", Some(Json::Null), "unknown pseudo parameter AWS::Nope");
    assert_warns("!Ref Missing", Some(Json::Null), "Ref Missing: no parameter or resource");
    assert_warns("!Ref [a]", Some(Json::Null), "!Ref: expected the name");

    for (value, pointer) in [
        ("!Ref Other", "/V"),
        ("{Ref: Other}", "/V"),
        ("!GetAtt Other.Arn", "/V"),
        ("!GetAtt Other.DomainName.Deep", "/V"),
        ("!GetAtt [Other, Arn]", "/V"),
        ("{'Fn::GetAtt': [Other, Arn]}", "/V"),
        ("{'Fn::GetAtt': Other.Arn}", "/V"),
    ] {
        let out = run(&value_template("", value));
        let r = out.inventory.get("Resources.R").unwrap();
        assert_eq!(r.attrs["V"], Json::Null, "{value}");
        assert_eq!(r.refs[pointer], vec!["Resources.Other".to_string()], "{value}");
        assert!(r.refers_to("/V", "Resources.Other"));
        assert!(out.diagnostics.is_empty(), "{value}: {:?}", out.diagnostics);
    }
    assert_warns("!GetAtt Nope.Arn", Some(Json::Null), "no resource is named Nope");
    assert_warns("!GetAtt 3", Some(Json::Null), "expected [LogicalId, Attribute]");
    assert_warns("{'Fn::GetAtt': [Other]}", Some(Json::Null), "Fn::GetAtt: expected");
}

#[test]
fn sub_in_both_forms_with_variables_and_escapes() {
    assert_value("!Sub 'arn:${AWS::Partition}:s3:::${Env}-logs'", Some(json!("arn:aws:s3:::prod-logs")));
    assert_value("{'Fn::Sub': '${Env}/${Count}'}", Some(json!("prod/3")));
    assert_value("!Sub ['${Name}-${Env}', {Name: !Join ['', [a, b]]}]", Some(json!("ab-prod")));
    assert_value("{'Fn::Sub': ['${Name}', {Name: x}]}", Some(json!("x")));
    assert_value("!Sub 'echo ${!HOME} and ${!Env}'", Some(json!("echo ${HOME} and ${Env}")));
    assert_value("!Sub 'unterminated ${Env'", Some(json!("unterminated ${Env")));
    assert_value("!Sub 'in ${AWS::Region}'", Some(Json::Null));
    assert_value("!Sub 'no variables'", Some(json!("no variables")));
    assert_warns("!Sub '${Subnets}'", Some(Json::Null), "is a list");
    assert_warns("!Sub '${Missing}'", Some(Json::Null), "Ref Missing");
    assert_warns("!Sub [a, b, c]", Some(Json::Null), "!Sub: expected a string");
    assert_warns("!Sub '${Nope.Arn}'", Some(Json::Null), "no resource is named Nope");

    let out = run(&value_template("", "!Sub 'arn:${Other}/${Other.Arn}/${AWS::Region}'"));
    let r = out.inventory.get("Resources.R").unwrap();
    assert_eq!(r.attrs["V"], Json::Null);
    assert_eq!(r.refs["/V"], vec!["Resources.Other".to_string()]);
}

#[test]
fn join_select_split_in_both_forms() {
    assert_value("!Join [',', [a, !Ref Env, 3]]", Some(json!("a,prod,3")));
    assert_value("{'Fn::Join': ['', [a, b]]}", Some(json!("ab")));
    assert_value("!Join [',', !Ref Subnets]", Some(json!("a,b,c")));
    assert_value("!Join [',', [a, !Ref AWS::Region]]", Some(Json::Null));
    assert_value("!Join [',', [a, !Ref AWS::NoValue, b]]", Some(json!("a,b")));
    assert_warns("!Join scalar", Some(Json::Null), "!Join: expected [delimiter, [values]]");
    assert_warns("{'Fn::Join': [',', [{a: 1}]]}", Some(Json::Null), "Fn::Join: expected a list of strings");

    assert_value("!Select [1, [a, b, c]]", Some(json!("b")));
    assert_value("{'Fn::Select': ['2', !Ref Subnets]}", Some(json!("c")));
    assert_value("!Select [0, !GetAZs '']", Some(Json::Null));
    assert_value("!Select [!Ref AWS::Region, [a]]", Some(Json::Null));
    assert_warns("!Select [5, [a]]", Some(Json::Null), "index 5 is out of range");
    assert_warns("!Select [-1, [a]]", Some(Json::Null), "non-negative index");

    assert_value("!Split [',', 'a,b']", Some(json!(["a", "b"])));
    assert_value("{'Fn::Split': ['|', !Sub '${Env}|x']}", Some(json!(["prod", "x"])));
    assert_value("!Select [1, !Split ['/', !Ref AWS::StackId]]", Some(Json::Null));
    assert_warns("!Split [',', [a]]", Some(Json::Null), "!Split: expected");
}

#[test]
fn find_in_map_base64_cidr_getazs_importvalue_in_both_forms() {
    assert_value("!FindInMap [RegionMap, !Ref Env, Ami]", Some(json!("ami-123")));
    assert_value("{'Fn::FindInMap': [RegionMap, prod, Sizes]}", Some(json!(["t3.micro", "t3.large"])));
    assert_value("!FindInMap [RegionMap, !Ref AWS::Region, Ami]", Some(Json::Null));
    assert_value("!FindInMap [RegionMap, dev, Ami, {DefaultValue: ami-default}]", Some(json!("ami-default")));
    assert_warns("!FindInMap [RegionMap, dev, Ami]", Some(Json::Null), "Mappings has no RegionMap/dev/Ami");
    assert_warns("!FindInMap [RegionMap, dev]", Some(Json::Null), "!FindInMap: expected");

    assert_value("!Base64 '#!/bin/sh'", Some(json!("#!/bin/sh")));
    assert_value("{'Fn::Base64': !Sub 'env=${Env}'}", Some(json!("env=prod")));
    assert_value("!Base64 {'Fn::Join': ['', [a, b]]}", Some(json!("ab")));

    assert_value("!Cidr ['10.0.0.0/16', 3, 8]", Some(json!(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"])));
    assert_value("{'Fn::Cidr': ['10.1.2.3/16', '2', '12']}", Some(json!(["10.1.0.0/20", "10.1.16.0/20"])));
    assert_value("!Cidr ['2001:db8::/56', 2, 64]", Some(json!(["2001:db8::/64", "2001:db8:0:1::/64"])));
    assert_value("!Cidr [!GetAtt Other.CidrBlock, 2, 8]", Some(Json::Null));
    assert_warns("!Cidr ['10.0.0.0/24', 4, 8]", Some(Json::Null), "only 1 blocks");
    assert_warns("!Cidr ['10.0.0.0/16', 2, 40]", Some(Json::Null), "cidrBits 40 does not fit");
    assert_warns("!Cidr [nonsense, 2, 8]", Some(Json::Null), "not an address block");
    assert_warns("!Cidr ['10.0.0.0/16', 0, 8]", Some(Json::Null), "count between 1 and 256");

    assert_value("!GetAZs ''", Some(Json::Null));
    assert_value("{'Fn::GetAZs': !Ref AWS::Region}", Some(Json::Null));
    assert_value("!ImportValue shared-vpc", Some(Json::Null));
    assert_value("{'Fn::ImportValue': !Sub '${Env}-vpc'}", Some(Json::Null));
}

#[test]
fn conditions_and_if_in_both_forms() {
    assert_value("!If [IsProd, big, small]", Some(json!("big")));
    assert_value("{'Fn::If': [IsDev, big, small]}", Some(json!("small")));
    assert_value("!If [Unknown, same, same]", Some(json!("same")));
    assert_value("!If [Unknown, a, b]", Some(Json::Null));
    // What both branches agree on is known.
    assert_value("!If [Unknown, {A: 1, B: 2}, {A: 1, B: 3}]", Some(json!({"A": 1, "B": null})));
    assert_value("!Equals [!Ref Env, prod]", Some(json!(true)));
    assert_value("{'Fn::Equals': [!Ref Count, 3]}", Some(json!(true)));
    assert_value("!Not [!Condition IsProd]", Some(json!(false)));
    assert_value("{'Fn::Not': [{Condition: IsDev}]}", Some(json!(true)));
    assert_value("!And [!Condition IsProd, !Not [!Condition IsDev]]", Some(json!(true)));
    assert_value("{'Fn::And': [{Condition: IsProd}, {Condition: Unknown}]}", Some(Json::Null));
    assert_value("!And [!Condition IsDev, !Condition Unknown]", Some(json!(false)));
    assert_value("!Or [!Condition IsDev, !Condition Unknown]", Some(Json::Null));
    assert_value("{'Fn::Or': [{Condition: Unknown}, {Condition: IsProd}]}", Some(json!(true)));
    assert_value("!Condition IsProd", Some(json!(true)));
    assert_warns("!If [Nope, a, b]", Some(Json::Null), "condition Nope is not defined");
    assert_warns("!If [IsProd, a]", Some(Json::Null), "!If: expected [ConditionName");
}

#[test]
fn nested_conditions_and_resource_conditions() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: prod}
  Flag: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  ProdAndFlag: !And [!Condition IsProd, !Equals [!Ref Flag, 'on']]
  Either: !Or [!Condition NotProd, {Condition: IsProd}]
Resources:
  Kept:
    Type: AWS::S3::Bucket
    Condition: IsProd
  Dropped:
    Type: AWS::S3::Bucket
    Condition: NotProd
  Maybe:
    Type: AWS::S3::Bucket
    Condition: ProdAndFlag
  Undefined:
    Type: AWS::S3::Bucket
    Condition: Nope
";
    let out = run(text);
    let ids: Vec<&str> = out.inventory.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(ids, ["Resources.Kept", "Resources.Maybe", "Resources.Undefined"]);
    assert_eq!(
        out.template["Conditions"],
        json!({"IsProd": true, "NotProd": false, "ProdAndFlag": null, "Either": true})
    );
    assert!(out.template["Resources"].get("Dropped").is_none());
    assert_eq!(warnings(&out), ["warning:22 condition Nope is not defined in Conditions; treated as unknown"]);

    let flagged = run_with(text, Some(json!({"Flag": "off"})));
    let ids: Vec<&str> = flagged.inventory.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(ids, ["Resources.Kept", "Resources.Undefined"]);
}

#[test]
fn no_value_removes_keys_and_items() {
    let text = "Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref AWS::NoValue
      Other: {Ref: 'AWS::NoValue'}
      Versioning: !If [IsProd, !Ref AWS::NoValue, {Status: Enabled}]
      Kept: !If [IsProd, {Status: Enabled}, !Ref AWS::NoValue]
      Tags:
        - !Ref AWS::NoValue
        - Key: a
          Value: !If [IsProd, !Ref AWS::NoValue, x]
        - Key: b
          Value: !Ref Other
  Other:
    Type: AWS::S3::Bucket
";
    let out = run(text);
    let b = out.inventory.get("Resources.B").unwrap();
    assert_eq!(b.attrs, json!({"Kept": {"Status": "Enabled"}, "Tags": [{"Key": "a"}, {"Key": "b", "Value": null}]}));
    // The removed item's index went to the next one, with its own lines.
    assert_eq!(b.spans["/Tags/0"], Span::new(15, 16));
    assert_eq!(b.spans["/Tags/1/Value"], Span::new(18, 18));
    assert_eq!(b.spans["/Kept/Status"], Span::new(12, 12));
    assert_eq!(b.refs.len(), 1);
    assert_eq!(b.refs["/Tags/1/Value"], vec!["Resources.Other".to_string()]);
    assert!(!b.spans.contains_key("/BucketName"));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn refs_are_recorded_on_the_property_that_holds_them() {
    let text = "Resources:
  Key:
    Type: AWS::KMS::Key
  Logs:
    Type: AWS::S3::Bucket
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              KMSMasterKeyID: !GetAtt Key.Arn
      LoggingConfiguration:
        DestinationBucketName: !Join ['', [!Ref Logs, !Sub '${Key}-x']]
      Policy: !Sub
        - '${Bucket}/${Key.Arn}'
        - Bucket: !Ref Logs
";
    let out = run(text);
    let b = out.inventory.get("Resources.B").unwrap();
    let kms = "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/KMSMasterKeyID";
    assert_eq!(b.refs[kms], vec!["Resources.Key".to_string()]);
    assert_eq!(b.refs["/LoggingConfiguration/DestinationBucketName"], vec!["Resources.Logs", "Resources.Key"]);
    assert_eq!(b.refs["/Policy"], vec!["Resources.Logs", "Resources.Key"]);
    assert_eq!(b.refs.len(), 3);
    assert_eq!(b.attrs["LoggingConfiguration"]["DestinationBucketName"], Json::Null);
    let logs = out.inventory.get("Resources.Logs").unwrap();
    assert_eq!(crate::cloud::read::attached_to(&out.inventory, "AWS::S3::Bucket", "/Policy", logs, None).count(), 1);
}

#[test]
fn iam_condition_keys_are_not_functions() {
    let text = "Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: '*'
            Condition:
              Bool: {aws:SecureTransport: 'true'}
          - Condition: {StringEquals: {a: b}}
";
    let out = run(text);
    let p = attrs(&out, "P");
    assert_eq!(p["PolicyDocument"]["Statement"][0]["Condition"], json!({"Bool": {"aws:SecureTransport": "true"}}));
    assert_eq!(p["PolicyDocument"]["Statement"][1], json!({"Condition": {"StringEquals": {"a": "b"}}}));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn parameters_from_defaults_and_every_parameter_file_format() {
    let text = "Parameters:
  Name: {Type: String, Default: base}
  Secret: {Type: String, NoEcho: true, Default: hunter2}
  Ids: {Type: 'List<AWS::EC2::Subnet::Id>', Default: [subnet-1, subnet-2]}
  Ports: {Type: 'List<Number>', Default: '80, 443'}
  Size: {Type: Number, Default: 10}
  Flag: {Type: String, Default: true}
  FromSsm: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /my/param}
  Free: {Type: String}
Resources:
  R:
    Type: AWS::SNS::Topic
    Properties:
      Name: !Ref Name
      Secret: !Ref Secret
      Ids: !Ref Ids
      Ports: !Ref Ports
      Size: !Ref Size
      Flag: !Ref Flag
      FromSsm: !Ref FromSsm
      Free: !Ref Free
";
    let defaults = run(text);
    assert_eq!(
        attrs(&defaults, "R"),
        &json!({"Name": "base", "Secret": "hunter2", "Ids": ["subnet-1", "subnet-2"], "Ports": [80, 443],
                "Size": 10, "Flag": "true", "FromSsm": null, "Free": null})
    );
    assert!(defaults.diagnostics.is_empty(), "{:?}", defaults.diagnostics);

    let cli = json!([
        {"ParameterKey": "Name", "ParameterValue": "cli"},
        {"ParameterKey": "Ids", "ParameterValue": "subnet-9,subnet-8"},
        {"ParameterKey": "Size", "ParameterValue": "2.5"},
        {"ParameterKey": "Free", "UsePreviousValue": true},
        {"ParameterKey": "Extra", "ParameterValue": "x"},
        {"Nonsense": 1}
    ]);
    let out = run_with(text, Some(cli));
    let r = attrs(&out, "R");
    assert_eq!(
        (&r["Name"], &r["Ids"], &r["Size"], &r["Free"]),
        (&json!("cli"), &json!(["subnet-9", "subnet-8"]), &json!(2.5), &Json::Null)
    );
    let w = warnings(&out);
    assert!(w.iter().any(|w| w.contains("ParameterKey")), "{w:?}");
    assert!(
        w.iter().any(|w| w.starts_with("warning:2 ") && w.contains("sets Extra, which the template does not declare")),
        "{w:?}"
    );

    let pipeline =
        json!({"Parameters": {"Name": "pipeline", "Ports": ["8080", "9090"], "Free": "given"}, "Tags": {"a": "b"}});
    let out = run_with(text, Some(pipeline));
    let r = attrs(&out, "R");
    assert_eq!((&r["Name"], &r["Ports"], &r["Free"]), (&json!("pipeline"), &json!([8080, 9090]), &json!("given")));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);

    let plain = json!({"Name": "plain", "Size": 7, "FromSsm": "/other"});
    let out = run_with(text, Some(plain));
    let r = attrs(&out, "R");
    assert_eq!((&r["Name"], &r["Size"], &r["FromSsm"]), (&json!("plain"), &json!(7), &Json::Null));

    let out = run_with(text, Some(json!("nonsense")));
    assert!(warnings(&out).iter().any(|w| w.contains("parameter file: expected")));
}

#[test]
fn language_extensions() {
    assert_value("!ToJsonString {a: [1, !Ref Env]}", Some(json!(r#"{"a":[1,"prod"]}"#)));
    assert_value("{'Fn::ToJsonString': {a: !Ref AWS::Region}}", Some(Json::Null));
    assert_value("!Length [a, b, !Ref AWS::NoValue]", Some(json!(2)));
    assert_value("{'Fn::Length': !Ref Subnets}", Some(json!(3)));
    assert_warns("!Length abc", Some(Json::Null), "!Length: expected a list");
    assert_warns("!Transform {Name: AWS::Include}", Some(Json::Null), "macros are not expanded");
    assert_warns("!Foo bar", Some(Json::Null), "unknown intrinsic function !Foo");
    assert_warns("{'Fn::Foo': bar}", Some(Json::Null), "unknown intrinsic function Fn::Foo");
}

#[test]
fn sam_globals_are_merged_into_serverless_resources() {
    let text = "Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 30
    Environment:
      Variables:
        TABLE: data
        LEVEL: info
    Layers:
      - arn:global
    Tracing: !Ref AWS::NoValue
  Api:
    TracingEnabled: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Environment:
        Variables:
          LEVEL: debug
      Layers:
        - arn:local
  Bare:
    Type: AWS::Serverless::Function
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Table:
    Type: AWS::Serverless::SimpleTable
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.8
";
    let out = run(text);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let f = out.inventory.get("Resources.Fn").unwrap();
    assert_eq!(
        f.attrs,
        json!({"Runtime": "nodejs20.x", "Timeout": 30, "Environment": {"Variables": {"TABLE": "data", "LEVEL": "debug"}},
               "Layers": ["arn:global", "arn:local"]})
    );
    assert_eq!(f.spans["/Runtime"], Span::new(19, 19));
    assert_eq!(f.spans["/Timeout"], Span::new(5, 5));
    assert_eq!(f.spans["/Environment/Variables/TABLE"], Span::new(8, 8));
    assert_eq!(f.spans["/Environment/Variables/LEVEL"], Span::new(22, 22));
    assert_eq!(f.spans["/Layers/0"], Span::new(11, 11));
    assert_eq!(f.spans["/Layers/1"], Span::new(24, 24));
    let bare = out.inventory.get("Resources.Bare").unwrap();
    assert_eq!(bare.attrs["Runtime"], json!("python3.12"));
    assert_eq!(bare.spans["/Runtime"], Span::new(4, 4));
    assert_eq!(attrs(&out, "Api"), &json!({"StageName": "prod", "TracingEnabled": true}));
    assert_eq!(attrs(&out, "Table"), &json!({}));
    assert_eq!(attrs(&out, "Plain"), &json!({"Runtime": "python3.8"}));
    assert_eq!(out.template["Resources"]["Bare"]["Properties"]["Timeout"], json!(30));
    let loc = out.source_map.locate("Resources.Bare", &[json!("Properties"), json!("Timeout")]).unwrap();
    assert_eq!(loc.span, Span::new(5, 5));

    // Without the transform, Globals mean nothing.
    let plain = run(&text.replacen("Transform: AWS::Serverless-2016-10-31", "Transform: [AWS::LanguageExtensions]", 1));
    assert_eq!(attrs(&plain, "Bare"), &json!({}));
    let listed = run(&text.replacen(
        "Transform: AWS::Serverless-2016-10-31",
        "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]",
        1,
    ));
    assert_eq!(attrs(&listed, "Bare")["Timeout"], json!(30));
}

#[test]
fn sam_merge_treats_intrinsics_as_scalars() {
    let text = "Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Function:
    Environment:
      Variables: {A: '1'}
    VpcConfig: !If [IsProd, {SubnetIds: [a]}, {SubnetIds: [b]}]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment: !If [IsProd, {Variables: {B: '2'}}, {Variables: {B: '2'}}]
      VpcConfig:
        SecurityGroupIds: [sg-1]
";
    let out = run(text);
    assert_eq!(
        attrs(&out, "Fn"),
        &json!({"Environment": {"Variables": {"B": "2"}}, "VpcConfig": {"SecurityGroupIds": ["sg-1"]}})
    );
}

#[test]
fn raw_model_and_source_map() {
    let text = "AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DbPassword:
    Type: String
    Default: hunter2
Conditions:
  Always: !Equals [a, a]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    DependsOn: [Key]
    Metadata:
      Note: !Sub '${AWS::Partition}-x'
    Properties:
      MasterUserPassword: !Ref DbPassword
      KmsKeyId: !GetAtt Key.Arn
  Key:
    Type: AWS::KMS::Key
Outputs:
  KeyArn:
    Value: !GetAtt Key.Arn
  Dropped:
    Condition: Never
    Value: x
";
    let out = run(text);
    let t = &out.template;
    assert_eq!(t["__ref"], json!("t.yaml"));
    assert_eq!(t["AWSTemplateFormatVersion"], json!("2010-09-09"));
    assert_eq!(t["Parameters"]["DbPassword"], json!({"Type": "String", "Default": "hunter2"}));
    assert_eq!(t["Conditions"], json!({"Always": true}));
    assert_eq!(
        t["Resources"]["Db"],
        json!({"Type": "AWS::RDS::DBInstance", "DependsOn": ["Key"], "Metadata": {"Note": "aws-x"},
               "Properties": {"MasterUserPassword": "hunter2", "KmsKeyId": null}, "__ref": "Resources.Db"})
    );
    assert_eq!(t["Resources"]["Key"], json!({"Type": "AWS::KMS::Key", "__ref": "Resources.Key"}));
    assert_eq!(t["Outputs"], json!({"KeyArn": {"Value": null}, "Dropped": {"Condition": "Never", "Value": "x"}}));
    // An undefined output condition is unknown: the output is kept and the problem reported.
    assert!(warnings(&out).iter().any(|w| w.contains("condition Never is not defined")));

    let at = |entity: &str, path: &[&str]| {
        let path: Vec<Json> = path.iter().map(|p| json!(p)).collect();
        out.source_map.locate(entity, &path).map(|l| l.span)
    };
    assert_eq!(at("Resources.Db", &[]), Some(Span::new(9, 16)));
    assert_eq!(at("Resources.Db", &["Properties", "MasterUserPassword"]), Some(Span::new(15, 15)));
    assert_eq!(at("Resources.Db", &["Properties", "Missing"]), Some(Span::new(14, 16)));
    assert_eq!(at("Resources.Db", &["Metadata", "Note"]), Some(Span::new(13, 13)));
    assert_eq!(at("Resources.Db", &["Type"]), Some(Span::new(10, 10)));
    assert_eq!(at("t.yaml", &["Parameters", "DbPassword", "Default"]), Some(Span::new(5, 5)));
    assert_eq!(at("t.yaml", &["Parameters", "DbPassword", "NoEcho"]), Some(Span::new(3, 5)));
    assert_eq!(at("t.yaml", &["Resources", "Db", "Properties", "KmsKeyId"]), Some(Span::new(16, 16)));
    assert_eq!(at("t.yaml", &["Conditions", "Always"]), Some(Span::new(7, 7)));
    assert_eq!(at("t.yaml", &["Outputs", "KeyArn", "Value"]), Some(Span::new(21, 21)));
    assert_eq!(at("t.yaml", &[]), Some(Span::new(1, 24)));
}

#[test]
fn structural_problems_are_located() {
    let out = run("AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n");
    assert_eq!(warnings(&out), ["error:2 Resources: expected a mapping of logical IDs to resources"]);
    assert!(out.inventory.resources.is_empty());

    let out = run("AWSTemplateFormatVersion: '2010-09-09'\n");
    assert_eq!(warnings(&out), ["warning:1 the template has no Resources section"]);

    let text = "Resources:
  NoType:
    Properties: {}
  Scalar: 3
  BadProps:
    Type: AWS::S3::Bucket
    Properties: [a]
  EmptyProps:
    Type: AWS::S3::Bucket
    Properties:
  ImportedProps:
    Type: AWS::S3::Bucket
    Properties: !ImportValue x
  Looped:
    Type: AWS::S3::Bucket
    Condition: [x]
  Fn::ForEach::Topics:
    - Name
    - [a, b]
    - Topic${Name}:
        Type: AWS::SNS::Topic
Conditions: [x]
Parameters: 3
Globals: {}
Transform: MyMacro
";
    let out = run(text);
    let w = warnings(&out);
    for expected in [
        "error:2 resource NoType has no Type",
        "error:4 resource Scalar: expected a mapping",
        "error:7 resource BadProps: Properties must be a mapping",
        "warning:13 resource ImportedProps: its Properties cannot be resolved",
        "warning:16 resource Looped: Condition must be the name of a condition",
        "warning:17 Fn::ForEach::Topics: Fn::ForEach is not expanded",
        "error:22 Conditions: expected a mapping",
        "error:23 Parameters: expected a mapping",
        "info:25 Transform MyMacro is a macro that is not expanded",
    ] {
        assert!(w.iter().any(|w| w.starts_with(expected)), "missing {expected:?} in {w:?}");
    }
    let ids: Vec<&str> = out.inventory.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(ids, ["Resources.BadProps", "Resources.EmptyProps", "Resources.ImportedProps", "Resources.Looped"]);
    assert!(out.inventory.resources.iter().all(|r| r.attrs == json!({})));
    assert!(out.template["Resources"]["Fn::ForEach::Topics"].is_array());

    let out = collect(&Arc::from("t.yaml"), &parse("- a\n- b\n"), None);
    assert_eq!(
        warnings(&out)[0],
        "error:1 expected a mapping (AWSTemplateFormatVersion, Parameters, Resources, …) at the top of the template"
    );
    assert!(out.source_map.locate("t.yaml", &[]).is_some());
}

#[test]
fn cidr_arithmetic() {
    assert_eq!(
        cidr("192.168.0.0/24", 4, 6).unwrap(),
        ["192.168.0.0/26", "192.168.0.64/26", "192.168.0.128/26", "192.168.0.192/26"]
    );
    assert_eq!(cidr("0.0.0.0/0", 1, 32).unwrap(), ["0.0.0.0/0"]);
    assert_eq!(
        cidr("10.0.0.0/32", 1, 0).unwrap_err(),
        "cidrBits 0 does not fit: a /32 block leaves between 1 and 0 host bits"
    );
    assert_eq!(cidr("::/0", 1, 128).unwrap(), ["::/0"]);
    assert_eq!(cidr("::/0", 256, 64).unwrap().len(), 256);
    assert!(cidr("10.0.0.0/33", 1, 1).is_err());
    assert!(cidr("10.0.0.0/x", 1, 1).is_err());
    assert!(cidr("10.0.0.0/8", 2, u64::MAX).is_err());
}

#[test]
fn hostile_templates_do_not_panic() {
    // A huge Fn::Cidr count is capped at CloudFormation's limit.
    let (v, w) = value_of("!Cidr ['10.0.0.0/8', 99999999999, 8]");
    assert_eq!(v.and_then(|v| v.as_array().map(Vec::len)), Some(256));
    assert!(w.iter().any(|w| w.contains("over CloudFormation's limit of 256")), "{w:?}");

    // Conditions that refer to themselves, directly or in a loop.
    let text = "Conditions:
  Self: !Not [!Condition Self]
  A: !And [!Condition B, !Equals [x, x]]
  B: !Or [{Condition: A}, !Equals [x, y]]
Resources:
  R:
    Type: AWS::S3::Bucket
    Condition: A
    Properties:
      V: !If [Self, a, b]
";
    let out = run(text);
    assert_eq!(attrs(&out, "R"), &json!({"V": null}));
    let w = warnings(&out);
    assert!(w.iter().any(|w| w.starts_with("error:2 circular conditions: Self → Self")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("circular conditions: A → B → A")), "{w:?}");

    // A long chain of conditions, each referring to the next.
    let mut text = String::from("Conditions:\n");
    for i in 0..5000 {
        text.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i + 1));
    }
    text.push_str("  C5000: !Equals [a, a]\nResources:\n  R:\n    Type: AWS::S3::Bucket\n    Condition: C0\n");
    let out = run(&text);
    assert_eq!(out.inventory.resources.len(), 1);
    assert!(warnings(&out).iter().any(|w| w.contains("nested deeper than")));

    // As deep as the YAML loader allows, in intrinsics.
    let depth = 40;
    let mut value = String::from("x");
    for _ in 0..depth {
        value = format!("{{'Fn::Join': ['', [{value}]]}}");
    }
    let out = run(&value_template("", &value));
    assert_eq!(attrs(&out, "R")["V"], json!("x"));
    let mut value = String::from("!Ref AWS::Region");
    for _ in 0..depth {
        value = format!("{{'Fn::If': [Nope, {value}, b]}}");
    }
    let out = run(&value_template("", &value));
    assert_eq!(attrs(&out, "R")["V"], Json::Null);

    // Malformed shapes of every function.
    for value in [
        "!Join",
        "!Select",
        "!Split",
        "!FindInMap",
        "!Cidr",
        "!If",
        "!Equals",
        "!Not",
        "!And",
        "!Or",
        "!Condition [a]",
        "!Sub",
        "!GetAtt",
        "!Base64",
        "!ToJsonString",
        "!Length",
        "!ImportValue",
        "!GetAZs",
        "{'Fn::Join': {a: b}}",
        "{'Fn::Select': [a, b, c]}",
        "{'Fn::If': [[], a, b]}",
        "{'Fn::Not': [a, b]}",
        "{'Fn::And': []}",
        "{'Fn::FindInMap': [RegionMap, prod, Ami, default]}",
        "{'Fn::Cidr': ['10.0.0.0/16', '1', x]}",
        "!Sub ['${a}', [x]]",
        "!Sub ['${V}', {V: [x]}]",
        "!Equals [[a, b], [a, b]]",
        "!Not [[]]",
        "!Select [1.5, [a, b]]",
        "!Split ['', abc]",
        "!Cidr ['10.0.0.0/16', 2, 128]",
    ] {
        let _ = value_of(value);
    }
    let _ = run("Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties: !Ref AWS::NoValue\n");
    let _ = run("Resources:\n  R:\n    Type: 3\n");
    let _ = run(
        "Transform: AWS::Serverless-2016-10-31\nGlobals: [x]\nResources:\n  R:\n    Type: AWS::Serverless::Function\n",
    );
    let _ = run("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: 3\nResources:\n  R:\n    Type: AWS::Serverless::Function\n    Properties: {a: 1}\n");
    let out = run("Outputs: [a]\nResources: {}\n");
    assert!(out.template["Outputs"].is_array());
}

#[test]
fn huge_globals_are_not_copied_without_bound() {
    let mut text = String::from("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Tags:\n");
    for i in 0..5_000 {
        text.push_str(&format!("      k{i}: v\n"));
    }
    text.push_str("Resources:\n");
    for i in 0..200 {
        text.push_str(&format!("  F{i}:\n    Type: AWS::Serverless::Function\n"));
    }
    let out = run(&text);
    assert_eq!(out.inventory.resources.len(), 200);
    let merged = out.inventory.resources.iter().filter(|r| r.attrs.get("Tags").is_some()).count();
    assert!(merged > 0 && merged < 200, "{merged}");
    assert_eq!(out.diagnostics.iter().filter(|d| d.level == Level::Warning).count(), 1);
}

#[test]
fn mutated_templates_do_not_panic() {
    let template = "AWSTemplateFormatVersion: '2010-09-09'
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Parameters:
  Env: {Type: String, Default: prod}
  Ids: {Type: CommaDelimitedList, Default: 'a,b'}
Mappings:
  M: {prod: {Ami: ami-1, Sizes: [1, 2]}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Both: !And [!Condition IsProd, !Not [!Equals [!Select [0, !Ref Ids], x]]]
Globals:
  Function:
    Timeout: !If [IsProd, 30, 10]
    Layers: [!Sub '${Env}-layer']
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Condition: Both
    Properties:
      Layers: [!GetAtt Key.Arn]
      Environment:
        Variables:
          A: !Join ['-', [!Ref Env, !FindInMap [M, !Ref Env, Ami]]]
          B: !Base64 {'Fn::Sub': ['${X}', {X: !Ref AWS::Partition}]}
          C: !Select [1, !Cidr ['10.0.0.0/16', 4, 8]]
          D: !ToJsonString {a: !Length [!Split [',', 'x,y']]}
          E: !ImportValue {'Fn::Sub': '${Env}-x'}
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Condition: {Bool: {a: !GetAZs ''}}
Outputs:
  Out:
    Condition: IsProd
    Value: !GetAtt Fn.Arn
";
    assert!(run(template).diagnostics.is_empty(), "{:?}", run(template).diagnostics);
    let lines: Vec<&str> = template.lines().collect();
    for n in 1..lines.len() {
        if let Ok(docs) = yaml::parse(&lines[..n].join("\n")) {
            for doc in &docs {
                let _ = collect(&Arc::from("t.yaml"), doc, Some(&json!({"Env": "dev", "Ids": ["x"]})));
            }
        }
    }
    let tags = [
        "!Ref",
        "!Sub",
        "!GetAtt",
        "!Join",
        "!Select",
        "!Split",
        "!If",
        "!Equals",
        "!Not",
        "!And",
        "!Or",
        "!FindInMap",
        "!Base64",
        "!Cidr",
        "!GetAZs",
        "!ImportValue",
        "!Condition",
        "!ToJsonString",
        "!Length",
        "!Transform",
        "!Bogus",
    ];
    let positions: Vec<(usize, &str)> = tags
        .iter()
        .flat_map(|t| template.match_indices(&format!("{t} ")).map(|(i, _)| (i, *t)).collect::<Vec<_>>())
        .collect();
    for (at, tag) in positions {
        for other in tags {
            let mutated = format!("{}{other}{}", &template[..at], &template[at + tag.len()..]);
            if let Ok(docs) = yaml::parse(&mutated) {
                let _ = collect(&Arc::from("t.yaml"), &docs[0], None);
            }
        }
    }
}
