{{- define "tom-monitoring.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tom-monitoring.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tom-monitoring.labels" -}}
{{ include "tom-monitoring.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Secret holding the Redis URL, and the one holding the API keys: the user's, or this chart's. */}}
{{- define "tom-monitoring.redisSecret" -}}
{{- .Values.redis.existingSecret | default (include "tom-monitoring.fullname" .) -}}
{{- end -}}
{{- define "tom-monitoring.apiKeysSecret" -}}
{{- .Values.apiKeys.existingSecret | default (include "tom-monitoring.fullname" .) -}}
{{- end -}}
{{- define "tom-monitoring.apiKeysEnabled" -}}
{{- if or .Values.apiKeys.existingSecret .Values.apiKeys.keys }}true{{ end -}}
{{- end -}}

{{/* Probes and scrapes: HTTPS when the web configuration has TLS. */}}
{{- define "tom-monitoring.scheme" -}}
{{- if .Values.webConfig.tls }}https{{ else }}http{{ end -}}
{{- end -}}

{{/*
The scrape's TLS and basic auth, for the ServiceMonitor and PodMonitor: the CA and the
password come from the scrape Secret the user names (webConfig.scrapeSecret).
*/}}
{{- define "tom-monitoring.scrapeAccess" -}}
{{- with .Values.webConfig.scrapeSecret }}
{{- if $.Values.webConfig.tls }}
tlsConfig:
  ca:
    secret:
      name: {{ . }}
      key: ca.crt
  serverName: {{ include "tom-monitoring.fullname" $ }}
{{- end }}
{{- if $.Values.webConfig.basicAuth }}
basicAuth:
  username:
    name: {{ . }}
    key: username
  password:
    name: {{ . }}
    key: password
{{- end }}
{{- end }}
{{- end -}}
