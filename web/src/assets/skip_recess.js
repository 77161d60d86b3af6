// "Skip recess": while the video plays inside one of the meeting's recesses,
// a button over the picture jumps to where the recess ends.
import { element } from './format.js';
import { onLanguageChange, t } from './i18n.js';

// The last second of a recess is not worth a button.
const TAIL = 1;

export function attachRecessSkip(box, video, player, recesses) {
  if (!recesses?.length) return;
  const button = element('button', { type: 'button', className: 'skip-recess' });
  button.hidden = true;
  let target = null;
  const label = () => {
    button.textContent = t('player.skipRecess');
  };
  label();
  onLanguageChange(label);
  button.addEventListener('click', () => {
    if (target != null) player.seek(target);
  });
  const update = () => {
    const now = video.currentTime;
    const inside = recesses.find((r) => now >= r.start && now < r.end - TAIL);
    target = inside ? inside.end : null;
    button.hidden = !inside;
  };
  for (const name of ['timeupdate', 'seeked']) video.addEventListener(name, update);
  // Over the picture (the screen is the positioned box), never over the controls.
  (box.querySelector('.screen') ?? box).append(button);
}
