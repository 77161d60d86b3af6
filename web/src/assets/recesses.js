// The clerk's list of recesses the packager suggests (long silence, a still
// picture): each can be looked at in the player and accepted, which adds it
// to the meeting's recesses through PUT /api/v1/meetings/{id}/recesses:
// the recesses alone, as the server now holds them (If-Match), so nothing
// else a clerk saved meanwhile is written back.
import { request } from './api.js';
import { clock, element, formatDuration } from './format.js';
import { t } from './i18n.js';

function overlapsAccepted(meeting, s) {
  return (meeting.recesses || []).some((r) => r.start < s.end && s.start < r.end);
}

function withRecess(meeting, extra) {
  return [...(meeting.recesses || []), extra].map(({ start, end }) => ({ start, end }));
}

// What the panel shows, to redraw it only when that changes (polling must
// not move the clerk's focus).
function signature(meeting) {
  return JSON.stringify([meeting.id, meeting.suggested_recesses, meeting.recesses]);
}

// Shows the suggestions in a panel placed before `before`. current() is the
// meeting as the page now holds it (read when a button is pressed, never a
// copy from when the panel was drawn); onAccepted(meeting) gets the meeting
// as the server now has it.
export function renderSuggestedRecesses(before, current, { seek, onAccepted, onError }) {
  let panel = document.getElementById('recess-suggestions');
  if (!panel) {
    panel = element('section', { id: 'recess-suggestions', className: 'card-panel' });
    before.before(panel);
  }
  const meeting = current();
  if (panel.dataset.signature === signature(meeting)) return;
  panel.dataset.signature = signature(meeting);
  const open = (meeting.suggested_recesses || []).filter((s) => !overlapsAccepted(meeting, s));
  panel.hidden = !open.length;
  if (!open.length) {
    panel.replaceChildren();
    return;
  }
  const list = element('ul', { className: 'suggestions' }, ...open.map((s) => {
    const go = element('button', { type: 'button', className: 'go', textContent: t('clerk.go') });
    go.addEventListener('click', () => seek(s.start));
    const accept = element('button', { type: 'button', className: 'accept', textContent: t('clerk.acceptRecess') });
    accept.addEventListener('click', async () => {
      accept.disabled = true;
      const now = current();
      try {
        onAccepted(await request(`/api/v1/meetings/${now.id}/recesses`,
          { method: 'PUT', json: withRecess(now, s), ifMatch: now.etags?.recesses }));
      } catch (error) {
        accept.disabled = false;
        onError(error);
      }
    });
    const label = `${clock(s.start)}–${clock(s.end)} (${formatDuration(s.end - s.start)}) · ${t(`clerk.recessKind.${s.kind}`)}`;
    go.setAttribute('aria-label', `${t('clerk.go')}: ${label}`);
    accept.setAttribute('aria-label', `${t('clerk.acceptRecess')}: ${label}`);
    return element('li', { className: 'suggestion' }, element('span', { className: 'label', textContent: label }),
      element('span', { className: 'actions' }, go, accept));
  }));
  panel.replaceChildren(element('h2', { textContent: t('clerk.suggestedRecesses') }),
    element('p', { className: 'help', textContent: t('clerk.suggestedRecessesHelp') }), list);
}

// Draws the panel again on the next render (a language change).
export function forgetSuggestedRecesses() {
  const panel = document.getElementById('recess-suggestions');
  if (panel) delete panel.dataset.signature;
}
