# METADATA
# title: Lambda function uses a deprecated runtime
# description: >-
#   Once a runtime is deprecated, Lambda stops applying security patches to it and AWS support
#   stops covering it; soon after, functions using it can no longer be created or updated, so a
#   security fix can no longer be deployed in a hurry. The deprecation dates come from the
#   Lambda runtimes page; a runtime is reported from its date on.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
#   - https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html
# custom:
#   id: AWS-LAMBDA-002
#   severity: MEDIUM
#   recommended_action: >-
#     Move the function to a supported runtime of the same language (for example python3.13,
#     nodejs22.x, java21, dotnet10, ruby3.4 or provided.al2023) and test it.
#   input:
#     selector:
#       - type: cloud
#         service: lambda
#   frameworks:
#     nist-800-53-r5: ["SI-2"]
#     pci-dss-4.0: ["6.3.3"]
#     soc2: ["CC7.1"]
package rampart.aws.lambda.deprecated_runtime

import rego.v1

# Runtime identifier → the date Lambda deprecates it (announced dates of runtimes still
# supported are listed too, so the rule follows the schedule without a release).
deprecation := {
	"nodejs": "2016-10-31",
	"nodejs4.3": "2020-03-05",
	"nodejs4.3-edge": "2019-04-30",
	"nodejs6.10": "2019-08-12",
	"nodejs8.10": "2020-03-06",
	"nodejs10.x": "2021-07-30",
	"nodejs12.x": "2023-03-31",
	"nodejs14.x": "2023-12-04",
	"nodejs16.x": "2024-06-12",
	"nodejs18.x": "2025-09-01",
	"nodejs20.x": "2026-04-30",
	"nodejs22.x": "2027-04-30",
	"nodejs24.x": "2028-04-30",
	"python2.7": "2021-07-15",
	"python3.6": "2022-07-18",
	"python3.7": "2023-12-04",
	"python3.8": "2024-10-14",
	"python3.9": "2025-12-15",
	"python3.10": "2026-06-30",
	"python3.11": "2026-06-30",
	"python3.12": "2028-10-31",
	"python3.13": "2029-06-30",
	"python3.14": "2029-06-30",
	"ruby2.5": "2021-07-30",
	"ruby2.7": "2023-12-07",
	"ruby3.2": "2026-03-31",
	"ruby3.3": "2027-03-31",
	"ruby3.4": "2028-03-31",
	"java8": "2024-01-08",
	"java8.al2": "2026-06-30",
	"java11": "2026-06-30",
	"java17": "2026-06-30",
	"java21": "2029-06-30",
	"java25": "2029-06-30",
	"dotnetcore1.0": "2019-06-27",
	"dotnetcore2.0": "2019-05-30",
	"dotnetcore2.1": "2022-01-05",
	"dotnetcore3.1": "2023-04-03",
	"dotnet5.0": "2022-05-10",
	"dotnet6": "2024-12-20",
	"dotnet7": "2024-05-14",
	"dotnet8": "2026-11-10",
	"dotnet10": "2028-11-14",
	"go1.x": "2024-01-08",
	"provided": "2024-01-08",
	"provided.al2": "2026-06-30",
	"provided.al2023": "2029-06-30",
}

deny contains {"msg": msg, "ref": f.__ref, "path": ["runtime"]} if {
	some f in input.aws.lambda.functions
	is_string(f.runtime)
	date := deprecation[f.runtime]
	# Today comes with the input (YYYY-MM-DD, so strings compare as dates).
	is_string(input.__today)
	date <= input.__today
	msg := sprintf("%s uses runtime %s, deprecated since %s; move it to a supported runtime", [f.__ref, f.runtime, date])
}
