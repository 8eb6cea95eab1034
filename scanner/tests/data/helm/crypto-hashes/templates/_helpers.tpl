{{- define "crypto.config" -}}
key: value
{{- end }}
