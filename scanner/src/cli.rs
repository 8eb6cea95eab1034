//! Command-line flags (clap derive). Settings only: what they do lives in `commands/`.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::FailOn;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "rampart",
    version,
    about = "Policy-as-code security scanner for Kubernetes manifests, Dockerfiles and more",
    long_about = None,
    after_help = "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, config or policy error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories for security problems
    Scan(ScanArgs),
    /// List the rules, or explain one
    Rules(RulesArgs),
    /// Run policy unit tests and rules-tests cases
    Test(TestArgs),
    /// Audit a live AWS account or Kubernetes cluster with the same policies
    Audit(AuditArgs),
    /// Record findings as a baseline
    Baseline(BaselineArgs),
    /// Compliance frameworks
    Compliance(ComplianceArgs),
    /// Print the objects the rules judge for Helm charts and Kustomize overlays, as rendered
    Render(RenderArgs),
    /// Set up a project: a commented .rampart.yaml, a GitHub workflow, a pre-commit hook
    Init(InitArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command with --out
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Directory of custom Rego policies (repeatable)
    #[arg(long = "policy", value_name = "DIR")]
    pub policy: Vec<PathBuf>,
    /// Do not load the built-in policies
    #[arg(long)]
    pub no_builtin: bool,
}

/// Which rules run and how: shared by `scan`, `baseline create` and the audits.
#[derive(Debug, Args)]
pub struct EvalOptions {
    #[command(flatten)]
    pub policies: PolicyArgs,
    /// Worker threads [default: one per core]
    #[arg(short = 'j', long, value_name = "N", env = "RAMPART_THREADS")]
    pub threads: Option<usize>,
    /// Evaluate only these rules (repeatable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Do not evaluate these rules (repeatable)
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,
    /// Config file [default: .rampart.yaml in the scanned directory or above]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any .rampart.yaml
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Read .rampart.yaml, the baseline and custom policies from this git commit (the base
    /// branch of a pull request), not from the working tree the pull request wrote
    #[arg(long, value_name = "REF", env = "RAMPART_CONFIG_FROM", conflicts_with = "no_config")]
    pub config_from: Option<String>,
    /// Stop a rule's evaluation of one document after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub policy_timeout: u64,
    /// Stop an evaluation once the scan holds this much memory, in MiB, with an error rather
    /// than be killed without a report (0: no bound)
    #[arg(long, value_name = "MIB", env = "RAMPART_MAX_MEMORY", default_value_t = crate::engine::DEFAULT_MAX_MEMORY_MIB)]
    pub max_memory: u64,
    /// Never show the progress bar
    #[arg(long)]
    pub no_progress: bool,
    /// Ignore `rampart:ignore` comments and `rampart.dev/ignore` annotations: the waivers a
    /// pull request can write itself (config ignores and the baseline still apply)
    #[arg(long, env = "RAMPART_NO_INLINE_IGNORES")]
    pub no_inline_ignores: bool,
    /// Also honour waivers written for Checkov, tfsec, Trivy, cfn-nag and cfn-guard
    /// (`#checkov:skip=CKV_AWS_18:reason`, `#tfsec:ignore:…`, `#trivy:ignore:…`, CloudFormation
    /// `Metadata`, Kubernetes `checkov.io/skipN` annotations), through the table of their check
    /// IDs to Rampart's rules
    #[arg(long, env = "RAMPART_HONOR_PEER_IGNORES")]
    pub honor_peer_ignores: bool,
    /// Evaluate with regorus's interpreter only, never as bytecode: a way round, should the VM
    /// ever disagree with the interpreter on a custom policy. Hidden: a workaround, not a knob.
    #[arg(long, hide = true, env = "RAMPART_NO_BYTECODE")]
    pub no_bytecode: bool,
}

/// What to scan and with which rules: shared by `scan` and `baseline create`.
#[derive(Debug, Args)]
pub struct ScanOptions {
    /// Files and directories to scan
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub eval: EvalOptions,
    /// Do not scan paths matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files larger than this many bytes [default: 10485760]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Follow symbolic links while walking directories
    #[arg(long)]
    pub follow_links: bool,
    /// Set a Terraform root module variable (repeatable), like `terraform plan -var`
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read Terraform root module variables from a .tfvars file (repeatable)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// CloudFormation parameter values (the AWS CLI's JSON parameter file)
    #[arg(long = "cfn-params", value_name = "FILE")]
    pub cfn_params: Option<PathBuf>,
    #[command(flatten)]
    pub helm: HelmArgs,
}

/// How Helm charts are rendered: shared by `scan` and `render`.
#[derive(Debug, Args)]
pub struct HelmArgs {
    /// Render Helm charts with this values file over each chart's values.yaml (repeatable;
    /// later files win), as `helm template -f`
    #[arg(long = "helm-values", value_name = "FILE")]
    pub helm_values: Vec<PathBuf>,
    /// Render Helm charts with this value set (repeatable), as `helm template --set`
    #[arg(long = "helm-set", value_name = "KEY=VALUE")]
    pub helm_set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Files and directories to look for charts and kustomizations in
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub helm: HelmArgs,
    /// Do not look in paths matching GLOB (repeatable)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files larger than this many bytes [default: 10485760]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub scan: ScanOptions,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// How results are reported and gated: shared by `scan` and the audits.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format on stdout [default: table on a terminal, json otherwise]
    #[arg(long, short = 'f', value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Also write FORMAT to PATH (repeatable), e.g. --output sarif=rampart.sarif
    #[arg(long, short = 'o', value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub output: Vec<(Format, PathBuf)>,
    /// Lowest severity that makes the exit code 1 [default: low, or the config's fail_on]
    #[arg(long, value_name = "SEVERITY", ignore_case = true)]
    pub fail_on: Option<FailOn>,
    /// Exit 2 when a file cannot be parsed or is not scanned (too big, a template, not a
    /// regular file), or, in an audit, when a resource cannot be read
    #[arg(long)]
    pub strict: bool,
    /// Findings recorded in this baseline are reported as known and do not fail the run
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Summarise compliance with FRAMEWORK (repeatable; see `rampart compliance list`)
    #[arg(long, value_name = "FRAMEWORK")]
    pub compliance: Vec<String>,
    /// SARIF category (runAutomationDetails.id), to tell several uploads apart
    #[arg(long, value_name = "NAME", default_value = "rampart")]
    pub category: String,
    /// Most results in a SARIF log; the least severe are left out beyond it, with a notice
    #[arg(long, value_name = "N", default_value_t = crate::report::sarif::MAX_RESULTS)]
    pub sarif_max_results: usize,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub target: AuditTarget,
}

#[derive(Debug, Subcommand)]
pub enum AuditTarget {
    /// Audit an AWS account (IAM and S3) through the AWS APIs
    Aws(AuditAwsArgs),
    /// Audit a Kubernetes cluster through its API server
    K8s(AuditK8sArgs),
}

#[derive(Debug, Args)]
pub struct AuditAwsArgs {
    /// Named profile from the AWS config and credentials files
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region for regional services (repeatable) [default: the profile's or AWS_REGION]
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Audit every region enabled in the account
    #[arg(long, conflicts_with = "regions")]
    pub all_regions: bool,
    /// Assume this role (through STS) for the audit
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// External ID to pass when assuming --role-arn
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// Send every request to this endpoint (S3-compatible stores, test servers)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Most API requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// Also save the account as read to FILE (JSON), which `rampart scan FILE` evaluates offline
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub eval: EvalOptions,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct AuditK8sArgs {
    /// Kubeconfig file [default: $KUBECONFIG, ~/.kube/config, else in-cluster]
    #[arg(long, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Kubeconfig context [default: the current context]
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// Audit only this namespace (repeatable) [default: all]
    #[arg(long = "namespace", short = 'n', value_name = "NAME")]
    pub namespaces: Vec<String>,
    /// Give up on an API request after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub request_timeout: u64,
    #[command(flatten)]
    pub eval: EvalOptions,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub action: BaselineAction,
}

#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Record the current findings, so that later scans fail only on new ones
    Create {
        #[command(flatten)]
        scan: ScanOptions,
        /// Where to write the baseline
        #[arg(long, short = 'o', value_name = "FILE", default_value = ".rampart-baseline.json")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ComplianceArgs {
    #[command(subcommand)]
    pub action: ComplianceAction,
}

#[derive(Debug, Subcommand)]
pub enum ComplianceAction {
    /// List the compliance frameworks and how many rules map to each
    List,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    #[command(flatten)]
    pub policies: PolicyArgs,
    /// Output format: table, json or markdown (the rule reference, as in docs/rules.md)
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Show a rule's description, remediation and examples
    Explain {
        /// Rule id, e.g. K8S-001
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Policy directories [default: policies]
    pub dirs: Vec<PathBuf>,
    /// Test only these rules (repeatable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Where cases live [default: DIR/../rules-tests if it exists, else next to the policies]
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// Print every passing test too
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Project directory to set up
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also write .github/workflows/rampart.yml, a pull-request gate using the Rampart action
    #[arg(long)]
    pub github: bool,
    /// Also add the Rampart hook to .pre-commit-config.yaml (appended if the file exists)
    #[arg(long)]
    pub pre_commit: bool,
    /// Do not write .rampart.yaml (for a project that already has one)
    #[arg(long)]
    pub no_config: bool,
    /// Overwrite .rampart.yaml and the workflow if they exist
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rampart.1 and one page per subcommand (rampart-scan.1, …) into DIR
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `--output FORMAT=PATH`.
fn parse_output(value: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = value.split_once('=').ok_or_else(|| format!("{value:?}: expected FORMAT=PATH"))?;
    if path.is_empty() {
        return Err(format!("{value:?}: expected FORMAT=PATH, with a path"));
    }
    Ok((format.parse()?, PathBuf::from(path)))
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.as_str());
        Some(if *self == Format::Markdown { value.alias("md") } else { value })
    }
}

impl ValueEnum for FailOn {
    fn value_variants<'a>() -> &'a [Self] {
        &FailOn::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}
