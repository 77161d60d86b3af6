// The clerk's list of recesses the packager suggests (long silence, a still
// picture): each can be looked at in the player and accepted, which adds it
// to the meeting's recesses through PUT /api/v1/meetings/{id}/programme
// (agenda and speakers are sent back as stored).
import { request } from './api.js';
import { clock, element, formatDuration } from './format.js';
import { t } from './i18n.js';

function overlapsAccepted(meeting, s) {
  return (meeting.recesses || []).some((r) => r.start < s.end && s.start < r.end);
}

function programme(meeting, extra) {
  return {
    agenda: meeting.agenda.map(({ no, title, start, end, result }) => ({ no, title, start, end, result: result ?? null })),
    speakers: meeting.speakers.map(({ name, role, start, end }) => ({ name, role: role ?? null, start, end })),
    recess: [...(meeting.recesses || []), extra].map(({ start, end }) => ({ start, end })),
  };
}

// Shows the suggestions in a panel placed before `before`; onAccepted(meeting)
// gets the meeting as the server now has it.
export function renderSuggestedRecesses(before, meeting, { seek, onAccepted, onError }) {
  let panel = document.getElementById('recess-suggestions');
  if (!panel) {
    panel = element('section', { id: 'recess-suggestions', className: 'card-panel' });
    before.before(panel);
  }
  const open = (meeting.suggested_recesses || []).filter((s) => !overlapsAccepted(meeting, s));
  panel.hidden = !open.length;
  if (!open.length) return;
  const list = element('ul', { className: 'rows' }, ...open.map((s) => {
    const go = element('button', { type: 'button', className: 'go', textContent: t('clerk.go') });
    go.addEventListener('click', () => seek(s.start));
    const accept = element('button', { type: 'button', className: 'accept', textContent: t('clerk.acceptRecess') });
    accept.addEventListener('click', async () => {
      accept.disabled = true;
      try {
        onAccepted(await request(`/api/v1/meetings/${meeting.id}/programme`, { method: 'PUT', json: programme(meeting, s) }));
      } catch (error) {
        accept.disabled = false;
        onError(error);
      }
    });
    return element('li', { className: 'row' },
      element('span', { className: 'label', textContent:
        `${clock(s.start)}–${clock(s.end)} (${formatDuration(s.end - s.start)}) · ${t(`clerk.recessKind.${s.kind}`)}` }),
      go, accept);
  }));
  panel.replaceChildren(element('h2', { textContent: t('clerk.suggestedRecesses') }),
    element('p', { className: 'help', textContent: t('clerk.suggestedRecessesHelp') }), list);
}
