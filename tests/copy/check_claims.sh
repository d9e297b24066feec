#!/usr/bin/env bash
# Checks that no text a runner sees or hears makes a medical claim: the gettext catalogs
# (which hold every screen text, as `catalogs: every screen text is translated` checks) and
# the scripts of the audio clips are searched for words that claim an effect on the body,
# in English and Spanish. Intake questions name
# conditions ("heart condition") and stay allowed; claims such as "heals" or "reduces
# inflammation" fail the check with the file and line.
# Usage: check_claims.sh SOURCE_DIR
set -euo pipefail
source_dir=$1

claims='\b(cure[sd]?|curing|heal(s|ed|ing)?|treat(s|ed|ing|ment|ments)?|therapeutic|inflammation|'
claims+='anti-inflammatory|prevent(s|ed|ing|ion)?|boost(s|ed|ing)?|immun[a-z]*|detox[a-z]*|reliev[a-z]*|'
claims+='relief|diagnos[a-z]*|clinical(ly)?|proven|guarantee[sd]?|'
claims+='cura[rn]?|curaci[oó]n|sana[rn]?|tratamiento[s]?|terap[eé]utic[oa]s?|inflamaci[oó]n|'
claims+='antiinflamatori[oa]s?|previen[ea]n?|prevenir|prevenci[oó]n|potencia[rn]?|inmun[a-z]*|'
claims+='desintox[a-z]*|alivi[a-z]*|diagn[oó]stic[a-z]*|cl[ií]nicamente|probad[oa]|garantiz[a-z]*)\b'

# search FILE...: prints file:line:text of every line that contains a claim.
search() {
  grep -HniE "$claims" "$@" || true
}

# The pattern must catch a planted claim, or a broken pattern would pass everything.
planted=$(mktemp)
trap 'rm -f "$planted"' EXIT
printf 'msgstr "The cold heals sore legs"\nmsgstr "Alivia el dolor"\n' >"$planted"
if [ "$(search "$planted" | wc -l)" -ne 2 ]; then
  echo "check_claims: the pattern missed a planted claim: fix the pattern in $0" >&2
  exit 1
fi

mapfile -t files < <(find "$source_dir/assets/i18n" -name '*.po'; find "$source_dir/assets/audio/scripts" -type f)
[ "${#files[@]}" -gt 2 ] || { echo "check_claims: no catalogs or clip scripts under $source_dir" >&2; exit 1; }
found=$(search "${files[@]}" | grep -v '^[^:]*:[0-9]*:#' || true)
if [ -n "$found" ]; then
  echo "check_claims: screen or clip text that reads as a medical claim; reword it as comfort:" >&2
  echo "$found" >&2
  exit 1
fi
echo "check_claims: ${#files[@]} files, no medical claim"
