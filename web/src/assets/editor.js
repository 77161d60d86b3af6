// Editable lists of agenda items and speaker segments. Rows are numbered
// by their order; times are typed as 1:02:03, 2:03 or seconds, or taken
// from the player ("now"). read() turns the rows into the API's JSON.
import { clock, element, parseClock } from './format.js';
import { t } from './i18n.js';

const KINDS = {
  agenda: {
    fields: [
      { key: 'title', label: 'clerk.itemTitle', grow: true, required: true },
      { key: 'start', label: 'clerk.start', time: true },
      { key: 'end', label: 'clerk.end', time: true },
      { key: 'result', label: 'clerk.result', list: 'results' },
    ],
    toJSON: (row, no) => ({ no, title: row.title, start: row.start, end: row.end, result: row.result || null }),
  },
  speakers: {
    fields: [
      { key: 'name', label: 'clerk.name', grow: true, required: true },
      { key: 'role', label: 'clerk.role' },
      { key: 'start', label: 'clerk.start', time: true },
      { key: 'end', label: 'clerk.end', time: true },
    ],
    toJSON: (row) => ({ name: row.name, role: row.role || null, start: row.start, end: row.end }),
  },
};

export class RowEditor {
  // kind: 'agenda' | 'speakers'; now(): current player time or null; seek(seconds)
  constructor(list, kind, { now, seek }) {
    this.list = list;
    this.kind = kind;
    this.spec = KINDS[kind];
    this.now = now;
    this.seek = seek;
    this.nextId = 1;
  }

  // Agenda rows in the order of their numbers (the server lists them by
  // time); speakers by time.
  set(entries) {
    const ordered = [...entries].sort(this.kind === 'agenda' ? (a, b) => a.no - b.no : (a, b) => a.start - b.start);
    this.list.replaceChildren(...ordered.map((entry) => this.makeRow(entry)));
    this.renumber();
  }

  timeText(seconds) {
    return seconds == null ? '' : clock(seconds);
  }

  makeRow(entry = {}) {
    const id = `${this.kind}-${this.nextId++}`;
    const li = element('li', { className: 'row', dataset: { id } });
    const fields = element('div', { className: 'row-fields' });
    for (const field of this.spec.fields) {
      const inputId = `${id}-${field.key}`;
      const value = field.time ? this.timeText(entry[field.key]) : entry[field.key] ?? '';
      const input = element('input', { id: inputId, name: field.key, value, dataset: { key: field.key } });
      if (field.time) {
        input.inputMode = 'numeric';
        // An empty end runs to the next row: say so, not a time that isn't there.
        input.placeholder = field.key === 'end' ? t('clerk.endOpen') : '0:00';
        input.autocomplete = 'off';
      }
      if (field.list) input.setAttribute('list', field.list);
      const label = element('label', { htmlFor: inputId, textContent: t(field.label), dataset: { label: field.label } });
      if (field.time) {
        const nowButton = element('button', { type: 'button', className: 'now', textContent: t('clerk.now'), dataset: { which: field.key } });
        nowButton.addEventListener('click', () => {
          const seconds = this.now();
          if (seconds != null) input.value = clock(seconds);
        });
        fields.append(element('div', { className: 'field time-field' }, label, element('div', { className: 'time-input' }, input, nowButton)));
      } else {
        fields.append(element('div', { className: `field${field.grow ? ' grow' : ''}` }, label, input));
      }
    }
    const go = element('button', { type: 'button', className: 'go', textContent: t('clerk.go') });
    go.addEventListener('click', () => {
      const seconds = parseClock(li.querySelector('[data-key="start"]').value);
      if (seconds != null) this.seek(seconds);
    });
    const up = element('button', { type: 'button', className: 'up', textContent: t('clerk.moveUp') });
    const down = element('button', { type: 'button', className: 'down', textContent: t('clerk.moveDown') });
    const remove = element('button', { type: 'button', className: 'remove danger', textContent: t('clerk.remove') });
    up.addEventListener('click', () => this.move(li, -1, up));
    down.addEventListener('click', () => this.move(li, 1, down));
    remove.addEventListener('click', () => {
      const next = li.nextElementSibling ?? li.previousElementSibling;
      li.remove();
      this.renumber();
      (next?.querySelector('input') ?? this.list.closest('section')?.querySelector('.mark'))?.focus();
    });
    fields.append(element('div', { className: 'row-actions' }, go, up, down, remove));
    li.append(element('span', { className: 'row-no', attrs: { 'aria-hidden': 'true' } }), fields);
    return li;
  }

  move(li, delta, button) {
    const sibling = delta < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!sibling) return;
    if (delta < 0) sibling.before(li);
    else sibling.after(li);
    this.renumber();
    if (!button.disabled) button.focus();
    else li.querySelector('input')?.focus();
  }

  // Numbers, accessible names and the first/last buttons follow the order.
  renumber() {
    const rows = [...this.list.children];
    rows.forEach((li, i) => {
      const n = i + 1;
      li.querySelector('.row-no').textContent = String(n);
      for (const label of li.querySelectorAll('label'))
        label.textContent = t(label.dataset.label);
      for (const input of li.querySelectorAll('input'))
        input.setAttribute('aria-label', t('clerk.rowLabel', { row: n, field: t(li.querySelector(`label[for="${input.id}"]`).dataset.label) }));
      for (const button of li.querySelectorAll('button.now'))
        button.setAttribute('aria-label', t(button.dataset.which === 'start' ? 'clerk.setStartNow' : 'clerk.setEndNow', { row: n }));
      li.querySelector('.go').setAttribute('aria-label', t('clerk.seekRow', { row: n }));
      li.querySelector('.up').setAttribute('aria-label', `${t('clerk.moveUp')} (${n})`);
      li.querySelector('.down').setAttribute('aria-label', `${t('clerk.moveDown')} (${n})`);
      li.querySelector('.remove').setAttribute('aria-label', `${t('clerk.remove')} (${n})`);
      li.querySelector('.up').disabled = i === 0;
      li.querySelector('.down').disabled = i === rows.length - 1;
      for (const button of li.querySelectorAll('button.now')) button.textContent = t('clerk.now');
      li.querySelector('[data-key="end"]').placeholder = t('clerk.endOpen');
      li.querySelector('.go').textContent = t('clerk.go');
      li.querySelector('.up').textContent = t('clerk.moveUp');
      li.querySelector('.down').textContent = t('clerk.moveDown');
      li.querySelector('.remove').textContent = t('clerk.remove');
    });
  }

  // A new row starting now; the row before it, if still open, ends now.
  mark() {
    const seconds = this.now();
    if (seconds == null) return;
    const last = this.list.lastElementChild;
    if (last) {
      const end = last.querySelector('[data-key="end"]');
      const start = parseClock(last.querySelector('[data-key="start"]').value);
      if (!end.value && start != null && start < Math.floor(seconds)) end.value = clock(seconds);
    }
    this.addRow({ start: Math.floor(seconds) });
  }

  addRow(entry = {}) {
    const li = this.makeRow(entry);
    this.list.append(li);
    this.renumber();
    li.querySelector('input').focus();
  }

  // The rows as the API's JSON; throws Error with a message for the clerk.
  read() {
    return [...this.list.children].map((li, i) => {
      const row = {};
      for (const input of li.querySelectorAll('input')) {
        const key = input.dataset.key;
        const value = input.value.trim();
        if (key === 'start' || key === 'end') {
          const seconds = parseClock(value);
          if (value && seconds == null) throw new Error(t('clerk.badTime', { row: i + 1, value }));
          row[key] = seconds;
        } else {
          row[key] = value;
        }
      }
      if (row.start == null) throw new Error(t('clerk.badTime', { row: i + 1, value: '' }));
      return this.spec.toJSON(row, i + 1);
    });
  }
}
