// Home: the latest meetings as cards, filtered by body, committee and
// year, a page at a time. The filters live in the address (?body=&
// committee=&year=&page=) so a filtered list can be shared and Back works.
import { ApiError, getJSON, query } from './api.js';
import { element, formatDate, formatDuration, bodyLabel, sessionLabel } from './format.js';
import { onLanguageChange, setUpPage, t } from './i18n.js';

const PER_PAGE = 12;
const list = document.getElementById('meetings');
const count = document.getElementById('count');
const pager = document.getElementById('pager');
const form = document.getElementById('filters');
let shown = null;  // the last answer, re-rendered when the language changes

function filtersFromAddress() {
  const params = new URLSearchParams(location.search);
  return {
    body: params.get('body') ?? '',
    committee: params.get('committee') ?? '',
    year: params.get('year') ?? '',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

function fillForm(filters) {
  form.elements.body.value = filters.body;
  form.elements.committee.value = filters.committee;
  const year = form.elements.year;
  if (filters.year && ![...year.options].some((o) => o.value === filters.year))
    year.append(element('option', { value: filters.year, textContent: filters.year }));
  year.value = filters.year;
}

function statusBadge(m) {
  if (m.status === 'ready') return null;
  const key = { processing: 'home.processing', failed: 'home.failed' }[m.status] ?? 'home.waiting';
  return element('span', { className: `badge badge-${m.status}`, textContent: t(key) });
}

function agendaText(m) {
  const n = m.agenda_count;
  return n == null ? null : t('home.agenda', { n });
}

function card(m) {
  const poster = m.poster
    ? element('img', { src: m.poster, alt: '', loading: 'lazy', width: 320, height: 180 })
    : element('div', { className: 'no-poster', textContent: t('home.noposter') });
  const facts = element('dl', { className: 'facts' });
  const add = (label, value, className) => {
    if (!value) return;
    facts.append(element('div', { className },
      element('dt', { className: 'visually-hidden', textContent: label }),
      element('dd', { textContent: value })));
  };
  add(t('home.body'), [bodyLabel(m.body), m.committee].filter(Boolean).join(' · '));
  add(t('home.date'), m.date ? formatDate(m.date) : null);
  add(t('home.duration'), m.duration ? formatDuration(m.duration) : null);
  add(t('meeting.agenda'), agendaText(m), 'agenda-count');
  const session = sessionLabel(m);
  return element('li', { className: 'card' },
    element('div', { className: 'poster' }, poster, statusBadge(m)),
    element('div', { className: 'card-body' },
      element('h2', { className: 'card-title' }, element('a', { href: m.url, textContent: m.title })),
      session ? element('p', { className: 'meta session', textContent: session }) : null,
      facts));
}

function render() {
  if (!shown) return;
  const { answer, filters } = shown;
  const filtered = filters.body || filters.committee || filters.year;
  list.replaceChildren(...answer.meetings.map(card));
  count.textContent = answer.total === 0
    ? t(filtered ? 'home.empty' : 'home.none')
    : t('home.count', { total: new Intl.NumberFormat(document.documentElement.lang).format(answer.total) });
  const pages = Math.max(1, Math.ceil(answer.total / answer.per_page));
  pager.replaceChildren();
  if (pages > 1) {
    const link = (page, key, rel) => {
      const href = query({ ...filters, page: page > 1 ? page : '' }) || '/';
      const a = element('a', { href, textContent: t(key), rel });
      a.addEventListener('click', (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        history.pushState(null, '', href);
        load();
      });
      return a;
    };
    if (answer.page > 1) pager.append(link(answer.page - 1, 'pager.prev', 'prev'));
    pager.append(element('span', { className: 'page-of', textContent: t('pager.page', { page: answer.page, pages }) }));
    if (answer.page < pages) pager.append(link(answer.page + 1, 'pager.next', 'next'));
  }
}

let loading = null;
async function load() {
  const filters = filtersFromAddress();
  fillForm(filters);
  loading?.abort();
  loading = new AbortController();
  list.setAttribute('aria-busy', 'true');
  try {
    const answer = await getJSON(`/api/v1/meetings${query({ ...filters, per_page: PER_PAGE })}`, { signal: loading.signal });
    shown = { answer, filters };
    render();
  } catch (error) {
    if (error.name === 'AbortError') return;
    shown = null;
    list.replaceChildren();
    count.textContent = t('home.loadError', { message: error instanceof ApiError ? error.message : String(error) });
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// Committee names and years for the filters: what the archive holds.
async function loadFacets() {
  const years = new Set();
  try {
    const facets = await getJSON('/api/v1/meetings/facets');
    for (const y of facets.years) years.add(String(y));
    document.getElementById('committees').replaceChildren(
      ...facets.committees.map((name) => element('option', { value: name })));
  } catch {
    // The filters still work by typing.
  }
  if (years.size === 0) years.add(String(new Date().getFullYear()));
  const select = form.elements.year;
  const chosen = select.value;
  const all = select.options[0];
  select.replaceChildren(all, ...[...years].sort().reverse().map((y) => element('option', { value: y, textContent: y })));
  select.value = chosen;
}

function apply() {
  const filters = {
    body: form.elements.body.value,
    committee: form.elements.committee.value.trim(),
    year: form.elements.year.value,
  };
  const href = query(filters) || '/';
  history.pushState(null, '', href);
  load();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  apply();
});
form.addEventListener('reset', () => setTimeout(apply));
form.elements.body.addEventListener('change', apply);
form.elements.year.addEventListener('change', apply);
window.addEventListener('popstate', load);
onLanguageChange(render);
setUpPage();
await loadFacets();
await load();
