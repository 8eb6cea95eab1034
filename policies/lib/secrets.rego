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

# The lower-case words of a name, acronyms and camelCase split: "DBPasswordArn" → ["db", "password", "arn"].
words(name) := [w |
	spaced := regex.replace(regex.replace(name, `([A-Z]+)([A-Z][a-z])`, "${1}_${2}"), `([a-z0-9])([A-Z])`, "${1}_${2}")
	some w in regex.split(`[^a-z0-9]+`, lower(spaced))
	w != ""
]

# A name whose value is a secret: a secret word (or a word ending with one of five letters or
# more: "dbpassword"), or a key word followed by "key"; and no descriptive last word.
secret_name(name) if {
	ws := words(name)
	count(ws) > 0
	not ws[count(ws) - 1] in descriptive
	some k, w in ws
	_secret_word(ws, k, w)
}

_secret_word(_, _, w) if w in secret_words

_secret_word(_, _, w) if {
	some s in secret_words
	count(s) >= 5
	endswith(w, s)
}

_secret_word(ws, k, w) if {
	w in key_words
	ws[k + 1] == "key"
}
