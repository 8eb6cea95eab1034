# Names that say a value is a secret, for every rule that looks for literal credentials
# (Dockerfile ENV/ARG, CloudFormation parameters, Kubernetes env, …). The lists are the ones of
# scanner/src/secrets.rs, word for word; a test holds the two to the same answers.
package rampart.lib.secrets

import rego.v1

# Words that make a name a secret's.
secret_words := {
	"password", "passwd", "pass", "pwd", "passphrase", "secret", "secrets", "token",
	"apikey", "credential", "credentials", "privatekey", "accesskey", "secretkey", "authkey",
}

# Words that, followed by "key", make a name a secret's (API_KEY, signingKey).
key_words := {
	"api", "private", "secret", "access", "auth", "signing", "encryption", "master",
}

# Last words that say a name is about a secret, not the secret (SECRET_ARN, TOKEN_TTL).
descriptive := {
	"age", "algo", "algorithm", "alias", "arn", "arns", "audience", "backend",
	"bucket", "complexity", "count", "days", "dir", "disabled", "enable", "enabled",
	"endpoint", "expiration", "expires", "expiry", "field", "file", "format", "header",
	"hint", "host", "id", "ids", "interval", "issuer", "keyid", "keyref", "kms",
	"len", "length", "limit", "location", "max", "method", "min", "mode",
	"name", "names", "param", "parameter", "path", "period", "policy", "port",
	"prefix", "prevention", "provider", "ref", "region", "required", "reuse", "rotate",
	"rotation", "schedule", "scope", "scopes", "seconds", "size", "ssm", "store",
	"strategy", "strength", "suffix", "timeout", "ttl", "type", "uri", "url",
	"user", "username", "version",
}

# Words that, anywhere in a name, say it names a key kept elsewhere rather than holds a secret:
# a KMS key is referenced by ID, ARN or alias (LoggingBucketKMSKey).
key_references := {"kms"}

# The lower-case words of a name, acronyms and camelCase split: "DBPasswordArn" → ["db", "password", "arn"].
words(name) := [w |
	spaced := regex.replace(regex.replace(name, `([A-Z]+)([A-Z][a-z])`, "${1}_${2}"), `([a-z0-9])([A-Z])`, "${1}_${2}")
	some w in regex.split(`[^a-z0-9]+`, lower(spaced))
	w != ""
]

# A name whose value is a secret: a secret word (or a word ending with one of five letters or
# more: "dbpassword"), or a key word followed by "key"; no descriptive last word, and nothing
# saying it names a key kept elsewhere.
secret_name(name) if {
	ws := words(name)
	count(ws) > 0
	not ws[count(ws) - 1] in descriptive
	not _names_a_key(ws)
	some k, w in ws
	_secret_word(ws, k, w)
}

_secret_word(_, _, w) if w in secret_words

# The name refers to a key: a key_references word, or "key" followed by "id", "arn" or "alias"
# anywhere (KmsMasterKeyIdForSqs, signingKeyArnParam).
_names_a_key(ws) if {
	some w in ws
	w in key_references
}

_names_a_key(ws) if {
	some k, w in ws
	w == "key"
	ws[k + 1] in {"id", "arn", "alias"}
}

_secret_word(_, _, w) if {
	some s in secret_words
	count(s) >= 5
	endswith(w, s)
}

_secret_word(ws, k, w) if {
	w in key_words
	ws[k + 1] == "key"
}

# Well-known credential formats (private key blocks, cloud and code-host tokens, signed JWTs,
# passwords in URLs): a value in one of them is a secret whatever its name says. The list of
# scanner/src/secrets.rs (TOKEN_FORMATS), pattern for pattern; a test holds the two equal.
token_formats := [
	`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)`,
	`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`,
	`\bgh[pousr]_[A-Za-z0-9]{36,255}\b`,
	`\bgithub_pat_[A-Za-z0-9_]{22,255}\b`,
	`\bglpat-[A-Za-z0-9_\-]{20,}\b`,
	`\bxox[abposr]-[A-Za-z0-9\-]{10,}\b`,
	`\bsk_live_[A-Za-z0-9]{16,}\b`,
	`\bAIza[A-Za-z0-9_\-]{35}\b`,
	`hooks\.slack\.com/services/T[A-Za-z0-9]+/B[A-Za-z0-9]+/[A-Za-z0-9]+`,
	`\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`,
	`(?i:\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?|https?|ftp)://[^\s:/@]+:)[^\s@/]+@`,
]

# The value holds a well-known credential (one regular expression of all the formats: every
# string of a module may be asked).
credential(value) if {
	is_string(value)
	regex.match(_token_pattern, value)
}

_token_pattern := concat("|", token_formats)

# Every string of a Terraform or CloudFormation document that holds a credential, as
# [path, value]: the paths are found by Rampart when it builds the document (`__credentials`),
# which costs one pass over the strings instead of a query over every node.
credential_paths contains [path, value] if {
	some path in object.get(input, "__credentials", [])
	value := object.get(input, path, null)
}
