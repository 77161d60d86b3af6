import { BODY_LABEL, clock, element } from './format.js';

const list = document.getElementById('meetings');
const response = await fetch('/api/v1/meetings?per_page=50');
const { meetings } = await response.json();
document.getElementById('empty').hidden = meetings.length > 0;
for (const m of meetings) {
  const facts = [BODY_LABEL[m.body] ?? m.body, m.committee, m.date, m.duration ? clock(m.duration) : null]
    .filter(Boolean).join(' · ');
  list.append(element('li', {},
    element('a', { href: m.url, textContent: m.title }),
    element('span', { className: 'meta', textContent: ` ${facts}` })));
}
