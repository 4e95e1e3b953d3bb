#!/bin/sh
# Posts a fax your fax server received (or failed to receive) to n8n's Fax Server Trigger,
# signed with the Fax Server credential's secret.
#
#   fax-to-n8n.sh <fax file> <from> <to> <call id> [received|failed] [pages] [error text]
#
# Settings come from the environment, or from /etc/n8n-fax.env (or $N8N_FAX_ENV) if present:
#   N8N_FAX_URL     the trigger's Production URL
#   N8N_FAX_SECRET  the Fax Server credential's secret
# Needs: sh, openssl, curl. The fax file (TIFF or PDF) may be empty for a failed reception.
set -eu

env_file=${N8N_FAX_ENV:-/etc/n8n-fax.env}
# shellcheck disable=SC1090
[ -r "$env_file" ] && . "$env_file"
: "${N8N_FAX_URL:?set N8N_FAX_URL to the Fax Server Trigger Production URL}"
: "${N8N_FAX_SECRET:?set N8N_FAX_SECRET to the Fax Server credential secret}"

file=$1 from=$2 to=$3 call_id=$4 status=${5:-received} pages=${6:-} error_text=${7:-}

body=$(mktemp)
trap 'rm -f "$body"' EXIT
boundary="----fax-to-n8n-$(date +%s)-$$"

field() {
	printf -- '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "$boundary" "$1" "$2"
}

{
	field from "$from"
	field to "$to"
	field callId "$call_id"
	field status "$status"
	[ -n "$pages" ] && field pages "$pages"
	[ -n "$error_text" ] && field error "$error_text"
	if [ -s "$file" ]; then
		printf -- '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\nContent-Type: application/octet-stream\r\n\r\n' \
			"$boundary" "$(basename "$file")"
		cat "$file"
		printf '\r\n'
	fi
	printf -- '--%s--\r\n' "$boundary"
} >"$body"

# The signature covers "<unix seconds>." followed by the exact body bytes.
t=$(date +%s)
signature=$({ printf '%s.' "$t"; cat "$body"; } | openssl dgst -sha256 -hmac "$N8N_FAX_SECRET" -hex | sed 's/^.* //')

curl --silent --show-error --fail-with-body --max-time 60 \
	-H "Content-Type: multipart/form-data; boundary=$boundary" \
	-H "X-Fax-Signature: t=$t,v1=$signature" \
	--data-binary @"$body" "$N8N_FAX_URL"
echo
