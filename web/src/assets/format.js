// Shared display helpers: labels, dates, durations and clock times in the
// reader's language, and a small DOM builder.
import { language, locale, t } from './i18n.js';

export function bodyLabel(body) {
  return ['plenary', 'standing', 'special'].includes(body) ? t(`body.${body}`) : body;
}

// 1:02:03 or 2:03: the player's and the agenda's clock.
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${Math.floor(s / 60)}:${ss}`;
}

// Reads 1:02:03, 2:03, 75 or 75.5; null when it is not a time.
export function parseClock(text) {
  const value = String(text ?? '').trim();
  if (!value) return null;
  if (!/^\d+(\.\d+)?$|^\d+:\d{1,2}(\.\d+)?$|^\d+:\d{1,2}:\d{1,2}(\.\d+)?$/.test(value)) return null;
  return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

// Reads a link's ?t= as people write it: 90, 1:30, 1:02:03 or 1h2m3s (also
// 2m, 45s, 1h); null for anything else, so a mistyped link plays from the
// start rather than from a guess (1:75 is a typo, not 2:15).
export function parseStartTime(text) {
  const value = String(text ?? '').trim().toLowerCase();
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
  if (value && units) {
    const [, h = 0, m = 0, s = 0] = units;
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  }
  const parts = value.split(':');
  const last = parts.length - 1;
  const valid = parts.length <= 3 && parts.every((part, i) =>
    (i === last ? /^\d+(\.\d+)?$/ : /^\d+$/).test(part) && (i === 0 || Number(part) < 60));
  return valid ? parts.reduce((total, part) => total * 60 + Number(part), 0) : null;
}

// 10초 / 10 seconds: a short length said in full, for a label.
export function secondsInWords(seconds) {
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(seconds);
}

// A YYYY-MM-DD date as the reader writes dates, e.g. 2026년 11월 13일 (금).
export function formatDate(date, style = 'long') {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!match) return date ?? '';
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const options = style === 'long'
    ? { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }
    : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(locale(), options).format(day);
}

// A length of time in words: 1시간 2분, 45초 / 1 hr 2 min, 45 sec.
export function formatDuration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '';
  const total = Math.max(0, Math.round(seconds));
  const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
  if (parts.hours > 0) parts.seconds = 0;  // an hour-long meeting is not counted in seconds
  if ('DurationFormat' in Intl) {
    const shown = Object.fromEntries(Object.entries(parts).filter(([, v]) => v > 0));
    if (!Object.keys(shown).length) shown.seconds = 0;
    return new Intl.DurationFormat(locale(), { style: 'short' }).format(shown);
  }
  const units = [['hours', 'hour'], ['minutes', 'minute'], ['seconds', 'second']];
  const words = units.filter(([key]) => parts[key] > 0)
    .map(([key, unit]) => new Intl.NumberFormat(locale(), { style: 'unit', unit, unitDisplay: 'short' }).format(parts[key]));
  return words.length ? words.join(' ') : new Intl.NumberFormat(locale(), { style: 'unit', unit: 'second' }).format(0);
}

export function formatPercent(fraction) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(fraction || 0);
}

// 3.9 MB, 1.2 GB: decimal units, digits in the reader's style.
export function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes || 0;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  const digits = new Intl.NumberFormat(locale(), { maximumFractionDigits: i >= 2 ? 1 : 0 }).format(value);
  return `${digits} ${units[i]}`;
}

export function languageName(code) {
  if (!code || code === 'und') return null;
  try {
    return new Intl.DisplayNames([locale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

// 제290회 임시회 제1차 / Extraordinary session 290, meeting 1
export function sessionLabel(m) {
  const number = m.session?.number;
  const kind = m.session?.kind ? t(`session.${m.session.kind}`) : null;
  if (language() === 'ko') {
    return [number ? t('session.number', { n: number }) : null, kind, m.number ? t('meeting.number', { n: m.number }) : null]
      .filter(Boolean).join(' ');
  }
  const session = kind && number ? `${kind} ${number}` : number ? t('session.number', { n: number }) : kind;
  const meeting = m.number ? t('meeting.number', { n: m.number }) : null;
  const text = [session, meeting].filter(Boolean).join(', ');
  return text ? text[0].toUpperCase() + text.slice(1) : '';
}

export function meetingFacts(m) {
  return [bodyLabel(m.body), m.committee, formatDate(m.date), m.duration ? formatDuration(m.duration) : null]
    .filter(Boolean).join(' · ');
}

// element('a', { href, textContent, dataset: {...}, attrs: {...} }, ...children)
export function element(tag, props = {}, ...children) {
  const { dataset, attrs, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(node.dataset, dataset);
  if (attrs) for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.filter((child) => child != null && child !== false));
  return node;
}
