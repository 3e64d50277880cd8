import { CUSTOM_BASE, PRESET_IDS, TOOL_GROUPS, presetFor, presetPatch, type Preset } from './presets'

/** A preset's patch as one single-quoted shell word (the data holds no quote; checked here). */
function quoted(p: Preset): string {
  const json = JSON.stringify(presetPatch(p))
  if (json.includes("'")) throw new Error(`tool-policy: the ${p.id} preset's patch holds a single quote`)
  return `'${json}'`
}

/**
 * The presets as shell (written into apply.sh at `# @include tool-policy-presets.sh`): `ocss_tp_patch PRESET GROUPS`
 * prints the JSON patch, or says what is wrong and returns 2. The custom preset's groups are checked against the fixed
 * list again here (the app checked them already), so the script never writes a name it does not know.
 */
export function presetsShell(): string {
  const fixed = PRESET_IDS.filter((id) => id !== 'custom').map((id) => {
    const p = presetFor(id)
    if (!p) throw new Error(`tool-policy: no preset ${id}`)
    return `    ${id}) printf '%s\\n' ${quoted(p)} ;;`
  })
  const template = (runtime: boolean) => quoted({ ...CUSTOM_BASE, deny: ['@DENY@'], execMode: runtime ? 'deny' : 'ask' })
  return [
    '# The tool-policy presets (src/catalog/tool-policy/presets.ts), written in by the app.',
    `OCSS_TP_GROUPS='${TOOL_GROUPS.join(' ')}'`,
    '# ocss_tp_patch PRESET GROUPS: the JSON patch of PRESET (GROUPS: the custom preset\'s comma-separated groups).',
    'ocss_tp_patch() {',
    '  local g list=\'\' runtime=0 tpl',
    '  local -a groups=()',
    '  case "$1" in',
    ...fixed,
    '    custom)',
    '      IFS=\', \' read -r -a groups <<<"${2:-}"',
    '      [ "${#groups[@]}" -gt 0 ] || { echo \'The custom preset needs at least one group to deny.\' >&2; return 2; }',
    '      for g in "${groups[@]}"; do',
    '        [ -n "$g" ] || continue',
    '        case " $OCSS_TP_GROUPS " in *" $g "*) ;; *) echo "\\"$g\\" is not a tool group this app knows (choose from: $OCSS_TP_GROUPS)." >&2; return 2 ;; esac',
    '        case ",$list," in *",\\"$g\\","*) continue ;; esac',
    '        list+="${list:+,}\\"$g\\""',
    '        if [ "$g" = group:runtime ]; then runtime=1; fi',
    '      done',
    `      if [ "$runtime" = 1 ]; then tpl=${template(true)}; else tpl=${template(false)}; fi`,
    '      printf \'%s\\n\' "${tpl/\'"@DENY@"\'/"$list"}"',
    '      ;;',
    '    *) echo "\\"$1\\" is not a tool-policy preset (choose from: ' + PRESET_IDS.join(', ') + ')." >&2; return 2 ;;',
    '  esac',
    '}',
    '',
  ].join('\n')
}
