# METADATA
# title: A secret is written into the pipeline's variables
# description: >-
#   A value in `variables:` of the pipeline file is in the repository for everyone who can read
#   it (its forks and clones, forever in its history), is not masked in job logs, and is not
#   protected from the jobs of unprotected branches. Variables whose name ends like a secret
#   (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`) holding a literal
#   value of six characters or more are reported; values built from other variables (`$VAULT_TOKEN`)
#   are not, nor are the settings of a throwaway service container the pipeline starts
#   (`POSTGRES_PASSWORD` beside `services: [postgres]`). The value is never quoted in the
#   report.
# scope: package
# related_resources:
#   - https://docs.gitlab.com/ci/variables/#cicd-variable-security
#   - https://docs.gitlab.com/ci/secrets/
# custom:
#   id: GITLAB-008
#   severity: HIGH
#   recommended_action: Rotate the secret now, then store it as a masked and protected project or group CI/CD variable (or in an external secrets manager through `secrets:`) and remove it from the file.
#   input:
#     selector:
#       - type: gitlab_ci
#   frameworks:
#     nist-800-53-r5: ["IA-5", "SC-28"]
#     soc2: ["CC6.1"]
package rampart.gitlab.hardcoded_secret

import rego.v1

import data.rampart.lib.gitlab

deny contains {"msg": msg, "path": array.concat(at, ["variables", name])} if {
	some [at, variables] in owners
	some name, v in variables
	regex.match(`(?i)(password|passwd|secret|token|api_?key|access_?key|private_?key)$`, name)
	value := gitlab.value(v)
	is_string(value)
	count(value) >= 6
	not contains(value, "$")
	not service_setting(name)
	msg := sprintf("the variable `%s` of %s holds a literal secret (%d characters)", [name, where(at), count(value)])
}

owners contains [[], input.variables] if is_object(input.variables)

owners contains [["jobs", name], job.variables] if {
	some name, job in gitlab.jobs
	is_object(job.variables)
}

where(at) := "the pipeline" if count(at) == 0

where(at) := gitlab.owner(at) if count(at) > 0

# The password a throwaway service container of the pipeline is started with (`services:
# [postgres]` with `POSTGRES_PASSWORD`): it guards a database that lives as long as the job
# and holds nothing but test data.
service_setting(name) if {
	some image in input.images
	image.service
	some prefix, service in service_prefixes
	startswith(upper(name), prefix)
	contains(lower(image.name), service)
}

service_prefixes := {
	"POSTGRES_": "postgres",
	"MYSQL_": "mysql",
	"MARIADB_": "mariadb",
	"MONGO_INITDB_": "mongo",
	"RABBITMQ_": "rabbitmq",
	"REDIS_": "redis",
	"MSSQL_": "mssql",
	"SA_PASSWORD": "mssql",
}
