// Search as you type: debounced, stale answers dropped, hits grouped by
// meeting, each linking to the second it was said. The query lives in the
// address (?q=&kind=&body=&from=&to=) so a search can be shared.
import { getJSON, query } from './api.js';
import { bodyLabel, clock, element, formatDate } from './format.js';
import { onLanguageChange, setUpPage, t } from './i18n.js';

const DEBOUNCE_MS = 250;
const MIN_LENGTH = 2;
const PER_PAGE = 20;

const form = document.getElementById('search-form');
const input = document.getElementById('q');
const summary = document.getElementById('summary');
const results = document.getElementById('results');
const more = document.getElementById('more');

let hits = [];
let state = null;  // { params, page, hasMore }
let inFlight = null;
let timer = null;

function params() {
  return {
    q: input.value.trim(),
    kind: form.elements.kind.value,
    body: form.elements.body.value,
    from: form.elements.from.value,
    to: form.elements.to.value,
  };
}

function fromAddress() {
  const search = new URLSearchParams(location.search);
  for (const name of ['q', 'kind', 'body', 'from', 'to']) {
    const value = search.get(name);
    if (value !== null) form.elements[name].value = value;
  }
}

function kindLabel(kind) {
  return ['title', 'agenda', 'speaker', 'caption'].includes(kind) ? t(`search.kind.${kind}`) : kind;
}

function hitItem(hit) {
  const snippet = element('span', { className: 'snippet' });
  snippet.innerHTML = hit.snippet;  // the server escapes it and adds only <mark>
  return element('li', { className: 'hit' },
    element('a', { href: hit.url, title: t('search.open', { time: clock(hit.start) }) },
      element('span', { className: 'time', textContent: clock(hit.start) }),
      element('span', { className: `kind kind-${hit.kind}`, textContent: kindLabel(hit.kind) }),
      snippet));
}

function render() {
  if (!state) {
    results.replaceChildren();
    summary.textContent = '';
    more.hidden = true;
    return;
  }
  const groups = new Map();
  for (const hit of hits) {
    if (!groups.has(hit.meeting_id)) groups.set(hit.meeting_id, { first: hit, hits: [] });
    groups.get(hit.meeting_id).hits.push(hit);
  }
  results.replaceChildren(...[...groups.values()].map(({ first, hits: group }) => {
    const headingId = `meeting-${first.meeting_id}`;
    return element('li', { className: 'result-group', attrs: { 'aria-labelledby': headingId } },
      element('h2', { id: headingId }, element('a', { href: `/meetings/${first.meeting_id}`, textContent: first.meeting_title })),
      element('p', { className: 'meta', textContent:
        [bodyLabel(first.body), first.committee, first.meeting_date ? formatDate(first.meeting_date) : null].filter(Boolean).join(' · ') }),
      element('ol', { className: 'hits' }, ...group.map(hitItem)));
  }));
  const q = state.params.q;
  if (!hits.length) summary.textContent = t('search.none', { q });
  else summary.textContent = t(state.hasMore ? 'search.countMore' : 'search.count', { q, n: hits.length });
  more.hidden = !state.hasMore;
}

async function run(page = 1) {
  const p = params();
  const address = query(p);
  history.replaceState(null, '', `/search${address}`);
  inFlight?.abort();
  if (p.q.length < MIN_LENGTH) {
    state = null;
    hits = [];
    render();
    return;
  }
  inFlight = new AbortController();
  results.setAttribute('aria-busy', 'true');
  if (page === 1) summary.textContent = t('search.searching');
  try {
    const answer = await getJSON(`/api/v1/search${query({ ...p, page, per_page: PER_PAGE })}`, { signal: inFlight.signal });
    hits = page === 1 ? answer.hits : [...hits, ...answer.hits];
    state = { params: p, page, hasMore: !!answer.has_more };
    render();
  } catch (error) {
    if (error.name === 'AbortError') return;
    state = null;
    hits = [];
    render();
    summary.textContent = t('search.error', { message: error.message });
  } finally {
    results.removeAttribute('aria-busy');
  }
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(() => run(1), DEBOUNCE_MS);
}

input.addEventListener('input', soon);
form.addEventListener('change', (event) => {
  if (event.target !== input) run(1);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run(1);
});
more.addEventListener('click', () => run((state?.page ?? 0) + 1));
onLanguageChange(render);
setUpPage();
fromAddress();
if (input.value.trim()) run(1);
input.focus();
