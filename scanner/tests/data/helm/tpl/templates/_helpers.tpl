{{- define "tpl.helper" -}}helped-{{ .Chart.Name }}{{- end }}
