// How the dashboard writes sizes, rates and durations: binary units, like dmscli.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5 KiB"; 64 MiB → "64.0 MiB". */
export function bytes(count) {
  let value = Number(count);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export const rate = (bytesPerSecond) => `${bytes(bytesPerSecond)}/s`;

/** 200 → "3m20s", 3725 → "1h02m", 45 → "45s". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds)));
  const two = (n) => String(n).padStart(2, '0');
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
  }
  return `${Math.floor(s / 86400)}d${two(Math.floor((s % 86400) / 3600))}h`;
}

/** An RFC 3339 time as the browser's local time, or "" when absent. */
export const time = (text) => (text ? new Date(text).toLocaleString() : '');
