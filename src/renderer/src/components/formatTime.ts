const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** "just now", "5 minutes ago", "yesterday", … */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return 'at an unknown time'
  const seconds = Math.round((then - now) / 1000)
  if (Math.abs(seconds) < 45) return 'just now'
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return relative.format(Math.round(seconds / 60), 'minute')
}

/** The local date and time, e.g. "21/11/2025, 15:11:03". */
export function formatLocal(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** "checked 5 minutes ago (21/11/2025, 15:11:03)" */
export function formatChecked(iso: string | null, now: number): string {
  return iso ? `checked ${formatRelative(iso, now)} (${formatLocal(iso)})` : 'never checked'
}
