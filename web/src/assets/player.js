// The video player shared by the meeting page and the clerks' editor:
// hls.js where Media Source Extensions exist (checked first: Chromium also
// claims native HLS but gives no quality or track control), the browser's
// own HLS otherwise. Draws its own controls so every one has a label and a
// keyboard path: play, ±10 s, seek bar with storyboard preview, time,
// volume, speed, quality, captions, audio track, share, full screen.
import { clock, element, languageName } from './format.js';
import { onLanguageChange, t, translatePage } from './i18n.js';
import { loadStoryboard, tileAt } from './storyboard.js';

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const CAPTIONS_KEY = 'gavel.captions';
const AUDIO_KEY = 'gavel.audio';
const SEEK_STEP = 5;
const JUMP_STEP = 10;
const POPUP_GAP = 6;  // px between the share button and a popup
const WINDOW_MARGIN = 8;  // px a popup keeps from the window's edges
const NOTE_MS = 5000;  // how long "link copied" stays up

function remembered(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: not remembered.
  }
}

function labelled(labelKey, control, className = '') {
  const id = control.id;
  return element('div', { className: `control-field ${className}` },
    element('label', { htmlFor: id, dataset: { i18n: labelKey } }), control);
}

function icon(name) {
  const paths = {
    play: 'M8 5v14l11-7z',
    pause: 'M6 5h4v14H6zm8 0h4v14h-4z',
    back: 'M11 18V6l-8.5 6 8.5 6zm.5-6 8.5 6V6l-8.5 6z',
    forward: 'M4 18l8.5-6L4 6v12zm9-12v12l8.5-6L13 6z',
    volume: 'M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z',
    muted: 'M3 9v6h4l5 5V4L7 9H3zm18.3 6.3-1.4 1.4L17 13.8l-2.9 2.9-1.4-1.4 2.9-2.9-2.9-2.9 1.4-1.4 2.9 2.9 2.9-2.9 1.4 1.4-2.9 2.9z',
    share: 'M18 16a3 3 0 0 0-2.4 1.2l-7-3.5a3 3 0 0 0 0-1.4l7-3.5A3 3 0 1 0 15 7l-7 3.5a3 3 0 1 0 0 3l7 3.5A3 3 0 1 0 18 16z',
    fullscreen: 'M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 3v-3h2v5h-5v-2z',
  };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', paths[name]);
  svg.append(path);
  return svg;
}

function iconButton(name, labelKey, className = '') {
  const button = element('button', { type: 'button', className: `icon ${className}` }, icon(name));
  button.dataset.i18nLabel = labelKey;
  button.dataset.i18nTitle = labelKey;
  return button;
}

function setIcon(button, name) {
  button.replaceChildren(icon(name));
}

// Puts a popup (position: fixed) above its button, or below when there is
// no room above, lined up with the button's right edge, or with its left
// edge when that would run off the window, and always inside the window:
// the control row wraps differently at every width, so the stylesheet
// cannot know where the button ends up.
function placePopup(popup, anchor) {
  const button = anchor.getBoundingClientRect();
  const { clientWidth: width, clientHeight: height } = document.documentElement;
  const { offsetWidth: w, offsetHeight: h } = popup;
  const left = button.right - w >= WINDOW_MARGIN ? button.right - w : button.left;
  const above = button.top - POPUP_GAP - h;
  const below = button.bottom + POPUP_GAP;
  const fitsAbove = above >= WINDOW_MARGIN;
  const fitsBelow = below + h <= height - WINDOW_MARGIN;
  popup.style.left = `${Math.max(WINDOW_MARGIN, Math.min(left, width - WINDOW_MARGIN - w))}px`;
  popup.style.top = `${fitsAbove || !fitsBelow ? Math.max(WINDOW_MARGIN, above) : below}px`;
}

// A text field, select or editable region keeps its own keys.
function ownsKeys(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(target.type);
  return false;
}

export class Player {
  // options: { master, startAt, storyboard, captions: [{lang,url}], duration, shareLink(seconds),
  //            shareExtras(seconds) -> [{ label, href, download }] (more lines in the share menu) }
  constructor(box, video, options) {
    this.box = box;
    this.video = video;
    this.options = options;
    this.hls = null;
    this.tiles = [];
    this.status = options.status;
    this.announcer = element('p', { className: 'visually-hidden', attrs: { role: 'status' } });
    this.buildControls();
    this.bindVideo();
    this.bindKeys();
    onLanguageChange(() => {
      if (!this.destroyed) this.relabel();
    });
    this.relabel();
    loadStoryboard(options.storyboard).then((tiles) => {
      this.tiles = tiles;
    });
  }

  // ---- set-up ----------------------------------------------------------

  buildControls() {
    const v = this.video;
    v.controls = false;
    v.addEventListener('click', () => this.toggle());
    v.addEventListener('dblclick', () => this.toggleFullscreen());

    this.playButton = iconButton('play', 'player.play', 'play');
    this.playButton.addEventListener('click', () => this.toggle());
    this.backButton = iconButton('back', 'player.back');
    this.backButton.addEventListener('click', () => this.skip(-JUMP_STEP));
    this.forwardButton = iconButton('forward', 'player.forward');
    this.forwardButton.addEventListener('click', () => this.skip(JUMP_STEP));

    this.seekBar = element('input', { type: 'range', id: 'seek', min: 0, max: 0, step: 'any', value: 0, className: 'seek-bar' });
    this.seekBar.dataset.i18nLabel = 'player.seek';
    this.seekBar.addEventListener('input', () => {
      this.video.currentTime = Number(this.seekBar.value);
      this.paint();
    });
    this.preview = element('div', { className: 'seek-preview', hidden: true, attrs: { 'aria-hidden': 'true' } },
      element('div', { className: 'seek-thumb' }), element('span', { className: 'seek-time' }));
    const seekRow = element('div', { className: 'seek-row' }, this.seekBar, this.preview);
    seekRow.addEventListener('pointermove', (event) => this.showPreview(event));
    seekRow.addEventListener('pointerleave', () => { this.preview.hidden = true; });

    this.timeText = element('span', { className: 'clock', attrs: { 'aria-hidden': 'true' }, textContent: '0:00 / 0:00' });

    this.muteButton = iconButton('volume', 'player.mute');
    this.muteButton.addEventListener('click', () => { this.video.muted = !this.video.muted; });
    this.volume = element('input', { type: 'range', id: 'volume', min: 0, max: 1, step: 0.05, value: 1, className: 'volume' });
    this.volume.dataset.i18nLabel = 'player.volume';
    this.volume.addEventListener('input', () => {
      this.video.volume = Number(this.volume.value);
      this.video.muted = this.video.volume === 0;
    });

    this.speed = element('select', { id: 'speed' },
      ...SPEEDS.map((s) => element('option', { value: String(s), textContent: `${s}×` })));
    this.speed.value = '1';
    this.speed.addEventListener('change', () => { this.video.playbackRate = Number(this.speed.value); });
    this.quality = element('select', { id: 'quality' });
    this.quality.addEventListener('change', () => this.chooseLevel(Number(this.quality.value)));
    this.captionSelect = element('select', { id: 'captions' });
    this.captionSelect.addEventListener('change', () => this.chooseCaptions(this.captionSelect.value));
    this.audioSelect = element('select', { id: 'audio' });
    this.audioSelect.addEventListener('change', () => this.chooseAudio(Number(this.audioSelect.value)));

    this.shareButton = iconButton('share', 'player.share', 'share');
    this.shareButton.append(element('span', { className: 'button-text' }));
    this.shareButton.setAttribute('aria-haspopup', 'menu');
    this.shareButton.setAttribute('aria-expanded', 'false');
    this.shareButton.addEventListener('click', () => this.toggleShareMenu());
    this.shareMenu = element('div', { className: 'share-menu popup', attrs: { role: 'menu' } });
    this.shareMenu.hidden = true;
    // What was copied, shown where the menu was; the announcer says it.
    this.shareNote = element('p', { className: 'share-note popup', hidden: true, attrs: { 'aria-hidden': 'true' } });
    this.shareMenu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.closeShareMenu(true);
      }
    });
    document.addEventListener('click', (event) => {
      if (!this.shareMenu.hidden && !this.shareMenu.contains(event.target) && !this.shareButton.contains(event.target))
        this.closeShareMenu(false);
      if (!this.shareNote.contains(event.target)) this.shareNote.hidden = true;
    });
    // A popup is placed against the window, so it follows the button.
    this.placePopups = () => {
      for (const popup of [this.shareMenu, this.shareNote]) if (!popup.hidden) placePopup(popup, this.shareButton);
    };
    window.addEventListener('resize', this.placePopups);
    window.addEventListener('scroll', this.placePopups, { capture: true, passive: true });
    this.fullscreenButton = iconButton('fullscreen', 'player.fullscreen');
    this.fullscreenButton.addEventListener('click', () => this.toggleFullscreen());
    document.addEventListener('fullscreenchange', () => {
      if (!this.destroyed) this.relabel();
    });

    this.qualityField = labelled('player.quality', this.quality, 'quality-field');
    this.captionField = labelled('player.captions', this.captionSelect, 'captions-field');
    this.audioField = labelled('player.audio', this.audioSelect, 'audio-field');
    this.qualityField.hidden = true;
    this.captionField.hidden = true;
    this.audioField.hidden = true;

    const controls = element('div', { className: 'controls', attrs: { role: 'group' } },
      seekRow,
      element('div', { className: 'control-row' },
        element('div', { className: 'control-group' }, this.playButton, this.backButton, this.forwardButton, this.timeText),
        element('div', { className: 'control-group' }, this.muteButton, this.volume),
        element('div', { className: 'control-group menus' },
          labelled('player.speed', this.speed), this.qualityField, this.captionField, this.audioField),
        element('div', { className: 'control-group share-group' },
          ...(this.options.shareLink ? [this.shareButton, this.shareMenu, this.shareNote] : []),
          this.fullscreenButton)),
      element('p', { className: 'keys-help', dataset: { i18n: 'player.keys' } }),
      this.announcer);
    controls.dataset.i18nLabel = 'player.controls';
    this.box.append(controls);
    this.controls = controls;
  }

  bindVideo() {
    const v = this.video;
    for (const name of ['play', 'pause', 'volumechange', 'ratechange'])
      v.addEventListener(name, () => this.relabel());
    for (const name of ['timeupdate', 'durationchange', 'loadedmetadata', 'progress', 'seeking', 'seeked'])
      v.addEventListener(name, () => this.paint());
  }

  bindKeys() {
    this.keyHandler = (event) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      // The seek bar's keys are the player's; every other field keeps its own.
      if (event.target !== this.seekBar && ownsKeys(event.target)) return;
      const onButton = event.target instanceof Element && event.target.closest('button, a, summary');
      const key = event.key;
      if ((key === ' ' || key === 'Enter') && onButton) return;  // the button's own action
      const onSeekBar = event.target === this.seekBar;
      switch (key) {
        case ' ':
        case 'k':
        case 'K':
          this.toggle();
          break;
        case 'ArrowLeft':
          this.skip(-SEEK_STEP);
          break;
        case 'ArrowRight':
          this.skip(SEEK_STEP);
          break;
        case 'j':
        case 'J':
          this.skip(-JUMP_STEP);
          break;
        case 'l':
        case 'L':
          this.skip(JUMP_STEP);
          break;
        case 'm':
        case 'M':
          this.video.muted = !this.video.muted;
          break;
        case 'f':
        case 'F':
          this.toggleFullscreen();
          break;
        case 'c':
        case 'C':
          this.toggleCaptions();
          break;
        case 'Home':
          if (!onSeekBar) return;
          this.seek(0, false);
          break;
        case 'End':
          if (!onSeekBar) return;
          this.seek(this.duration(), false);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', this.keyHandler);
  }

  // Stops loading and removes the controls and the keyboard handler.
  destroy() {
    this.destroyed = true;
    document.removeEventListener('keydown', this.keyHandler);
    window.removeEventListener('resize', this.placePopups);
    window.removeEventListener('scroll', this.placePopups, { capture: true });
    if (this.hls) {
      this.hls.destroy();
      if (window.gavelHls === this.hls) window.gavelHls = null;
    }
    this.controls.remove();
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load();
  }

  // ---- loading ---------------------------------------------------------

  load() {
    const { master, startAt = 0 } = this.options;
    const v = this.video;
    if (window.Hls && window.Hls.isSupported()) {
      const Hls = window.Hls;
      // The remembered languages are hls.js's own preferences: it picks its
      // first tracks after our listeners run, and would undo a choice made there.
      const audio = remembered(AUDIO_KEY);
      const captions = remembered(CAPTIONS_KEY);
      const hls = new Hls({ startPosition: startAt, capLevelToPlayerSize: true,
        ...(audio ? { audioPreference: { lang: audio } } : {}),
        ...(captions && captions !== 'off' ? { subtitlePreference: { lang: captions } } : {}) });
      this.hls = hls;
      window.gavelHls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
        // hls.js fills subtitleTracks after this event's first listeners:
        // what the master declares is known from the event itself.
        this.masterHasSubtitles = (data.subtitleTracks ?? []).length > 0;
        this.fillQuality();
        this.fillAudio();
        this.fillCaptions();
      });
      hls.on(Hls.Events.LEVEL_SWITCHED, () => this.labelAuto());
      hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, () => this.fillAudio());
      hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, () => { this.audioSelect.value = String(hls.audioTrack); });
      hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => this.fillCaptions());
      // A meeting still being packaged may name playlists not written yet,
      // and a network may blink: retry with growing pauses before giving up.
      let networkRetries = 0;
      let mediaRecoveries = 0;
      hls.on(Hls.Events.FRAG_LOADED, () => { networkRetries = 0; });
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (!data.fatal || this.destroyed) return;
        if (data.type === Hls.ErrorTypes.MEDIA_ERROR && mediaRecoveries++ < 3) {
          hls.recoverMediaError();
        } else if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < 6) {
          const delay = 1000 * 2 ** networkRetries++;
          setTimeout(() => {
            if (this.destroyed) return;
            if (hls.levels.length) hls.startLoad();
            else hls.loadSource(master);
          }, delay);
        } else {
          this.say(t('meeting.playError', { details: data.details }), true);
        }
      });
      hls.loadSource(master);
      hls.attachMedia(v);
    } else if (v.canPlayType('application/vnd.apple.mpegurl')) {
      v.src = master + (startAt ? `#t=${startAt}` : '');
      this.addTrackElements();
      v.addEventListener('loadedmetadata', () => {
        this.fillCaptions();
        this.fillAudio();
        const wanted = this.audioTracks().find((track) => track.lang === remembered(AUDIO_KEY));
        if (wanted) this.chooseAudio(wanted.index, false);
      }, { once: true });
    } else {
      this.say(t('meeting.cannotPlay'), true);
    }
  }

  // Side-loaded captions where the master playlist gives none to hls.js.
  addTrackElements() {
    for (const { lang, url } of this.options.captions ?? []) {
      if ([...this.video.querySelectorAll('track')].some((track) => track.srclang === lang)) continue;
      this.video.append(element('track', { kind: 'subtitles', srclang: lang, label: languageName(lang) ?? lang, src: url }));
    }
  }

  // ---- menus -----------------------------------------------------------

  fillQuality() {
    const levels = this.hls?.levels ?? [];
    const options = [element('option', { value: '-1', textContent: t('player.auto') })];
    levels
      .map((level, index) => ({ index, height: level.height, bitrate: level.bitrate }))
      .sort((a, b) => b.height - a.height || b.bitrate - a.bitrate)
      .forEach(({ index, height, bitrate }) => options.push(element('option', {
        value: String(index),
        textContent: height ? `${height}p` : `${Math.round(bitrate / 1000)} kbps`,
      })));
    this.quality.replaceChildren(...options);
    this.quality.value = String(this.hls?.manualLevel ?? -1);
    this.qualityField.hidden = levels.length < 2;
    this.labelAuto();
  }

  labelAuto() {
    const auto = this.quality.querySelector('option[value="-1"]');
    if (!auto || !this.hls) return;
    const level = this.hls.levels[this.hls.currentLevel];
    auto.textContent = this.hls.autoLevelEnabled && level?.height
      ? t('player.autoNow', { height: level.height }) : t('player.auto');
  }

  chooseLevel(index) {
    if (!this.hls) return;
    this.hls.currentLevel = index;  // -1 hands the choice back to ABR
    this.labelAuto();
  }

  audioTracks() {
    if (this.hls) return this.hls.audioTracks.map((track, index) => ({ index, lang: track.lang, name: track.name }));
    const native = this.video.audioTracks;
    if (!native) return [];
    return [...native].map((track, index) => ({ index, lang: track.language, name: track.label }));
  }

  fillAudio() {
    const tracks = this.audioTracks();
    this.audioSelect.replaceChildren(...tracks.map(({ index, lang, name }) => element('option', {
      value: String(index),
      textContent: languageName(lang) ?? name ?? String(index + 1),
    })));
    if (this.hls) this.audioSelect.value = String(Math.max(0, this.hls.audioTrack));
    this.audioField.hidden = tracks.length < 2;
  }

  chooseAudio(index, save = true) {
    if (this.hls) {
      this.hls.audioTrack = index;
    } else if (this.video.audioTracks) {
      [...this.video.audioTracks].forEach((track, i) => { track.enabled = i === index; });
      this.audioSelect.value = String(index);
    }
    const lang = this.audioTracks()[index]?.lang;
    if (save && lang) remember(AUDIO_KEY, lang);
  }

  // Caption choices: hls.js subtitle renditions, or the video's own text tracks.
  captionTracks() {
    if (this.hls && this.hls.subtitleTracks.length)
      return this.hls.subtitleTracks.map((track, index) => ({ id: `hls:${index}`, lang: track.lang, name: track.name }));
    return [...this.video.textTracks]
      .filter((track) => track.kind === 'subtitles' || track.kind === 'captions')
      .map((track, index) => ({ id: `text:${index}`, lang: track.language, name: track.label }));
  }

  fillCaptions() {
    if (this.hls && !this.masterHasSubtitles && !this.hls.subtitleTracks.length && (this.options.captions ?? []).length) {
      // The master playlist has no subtitle group (an older package):
      // side-load the WebVTT files instead.
      this.addTrackElements();
    }
    const tracks = this.captionTracks();
    this.captionSelect.replaceChildren(
      element('option', { value: 'off', textContent: t('player.captionsOff') }),
      ...tracks.map(({ id, lang, name }) => element('option', { value: id, textContent: languageName(lang) ?? name ?? lang })));
    this.captionField.hidden = tracks.length === 0;
    const wanted = remembered(CAPTIONS_KEY);
    const match = tracks.find((track) => track.lang === wanted);
    this.chooseCaptions(match ? match.id : 'off', false);
  }

  chooseCaptions(id, save = true) {
    const tracks = this.captionTracks();
    const chosen = tracks.find((track) => track.id === id);
    if (this.hls && this.hls.subtitleTracks.length) {
      const index = chosen ? Number(id.split(':')[1]) : -1;
      this.hls.subtitleTrack = index;
      this.hls.subtitleDisplay = index >= 0;
    } else {
      const textTracks = [...this.video.textTracks].filter((track) => track.kind === 'subtitles' || track.kind === 'captions');
      textTracks.forEach((track, index) => { track.mode = chosen && id === `text:${index}` ? 'showing' : 'disabled'; });
    }
    this.captionSelect.value = chosen ? id : 'off';
    if (chosen) this.lastCaptions = id;
    if (save) remember(CAPTIONS_KEY, chosen ? chosen.lang : 'off');
  }

  toggleCaptions() {
    const tracks = this.captionTracks();
    if (!tracks.length) return;
    if (this.captionSelect.value !== 'off') this.chooseCaptions('off');
    else this.chooseCaptions(this.lastCaptions ?? tracks[0].id);
  }

  // ---- playback --------------------------------------------------------

  duration() {
    const d = this.video.duration;
    if (Number.isFinite(d) && d > 0) return d;
    const seekable = this.video.seekable;
    if (seekable.length) return seekable.end(seekable.length - 1);
    return this.options.duration ?? 0;
  }

  get currentTime() {
    return this.video.currentTime;
  }

  toggle() {
    if (this.video.paused || this.video.ended) this.video.play().catch(() => {});
    else this.video.pause();
  }

  seek(seconds, play = true) {
    const end = this.duration();
    this.video.currentTime = Math.max(0, end ? Math.min(seconds, end - 0.1) : seconds);
    if (play) this.video.play().catch(() => {});
    this.paint();
  }

  skip(delta) {
    this.seek(this.video.currentTime + delta, false);
    this.say(clock(this.video.currentTime));
  }

  toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else if (this.box.requestFullscreen) {
      this.box.requestFullscreen().catch(() => {});
    } else if (this.video.webkitEnterFullscreen) {
      this.video.webkitEnterFullscreen();
    }
  }

  async share() {
    const url = this.options.shareLink(Math.floor(this.video.currentTime));
    await copyLink(url, (text, sticky) => {
      this.say(text, sticky);
      this.showShareNote(text, sticky);
    });
  }

  // A refused clipboard leaves the link up until the next click, to be
  // copied by hand; a copied one goes after a while.
  showShareNote(text, sticky) {
    clearTimeout(this.noteTimer);
    this.shareNote.textContent = text;
    this.shareNote.hidden = false;
    placePopup(this.shareNote, this.shareButton);
    if (!sticky) this.noteTimer = setTimeout(() => { this.shareNote.hidden = true; }, NOTE_MS);
  }

  // The share menu: a link to this second, then what the page adds for
  // the moment (the agenda item playing now, to download as a clip).
  toggleShareMenu() {
    if (!this.shareMenu.hidden) return this.closeShareMenu(true);
    const seconds = Math.floor(this.video.currentTime);
    const copy = element('button', { type: 'button', className: 'share-copy', attrs: { role: 'menuitem' },
      textContent: t('player.copyMoment') });
    copy.addEventListener('click', async () => {
      this.closeShareMenu(true);
      await this.share();
    });
    const extras = (this.options.shareExtras?.(seconds) ?? []).map(({ label, href, download }) => {
      const link = element('a', { href, textContent: label, attrs: { role: 'menuitem' } });
      if (download) link.setAttribute('download', '');
      link.addEventListener('click', () => this.closeShareMenu(false));
      return link;
    });
    this.shareMenu.replaceChildren(copy, ...extras);
    this.shareNote.hidden = true;
    this.shareMenu.hidden = false;
    placePopup(this.shareMenu, this.shareButton);
    this.shareButton.setAttribute('aria-expanded', 'true');
    copy.focus();
  }

  closeShareMenu(refocus) {
    this.shareMenu.hidden = true;
    this.shareButton.setAttribute('aria-expanded', 'false');
    if (refocus) this.shareButton.focus();
  }

  say(text, sticky = false) {
    if (sticky && this.status) this.status.textContent = text;
    else this.announcer.textContent = text;
  }

  // ---- drawing ---------------------------------------------------------

  showPreview(event) {
    const rect = this.seekBar.getBoundingClientRect();
    const duration = this.duration();
    if (!duration || rect.width === 0) return;
    const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const time = fraction * duration;
    const thumb = this.preview.firstElementChild;
    const tile = tileAt(this.tiles, time);
    if (tile) {
      thumb.hidden = false;
      thumb.style.width = `${tile.w}px`;
      thumb.style.height = `${tile.h}px`;
      thumb.style.backgroundImage = `url("${tile.url}")`;
      thumb.style.backgroundPosition = `-${tile.x}px -${tile.y}px`;
    } else {
      thumb.hidden = true;
    }
    this.preview.lastElementChild.textContent = clock(time);
    this.preview.hidden = false;
    const width = this.preview.offsetWidth;
    const left = Math.min(Math.max(0, event.clientX - rect.left - width / 2), rect.width - width);
    this.preview.style.left = `${left}px`;
  }

  paint() {
    const duration = this.duration();
    const now = this.video.currentTime;
    this.seekBar.max = String(duration || 0);
    if (document.activeElement !== this.seekBar || !this.seekBar.matches(':active')) this.seekBar.value = String(now);
    const played = duration ? (now / duration) * 100 : 0;
    let buffered = 0;
    const ranges = this.video.buffered;
    for (let i = 0; i < ranges.length; i++)
      if (ranges.start(i) <= now + 0.5) buffered = Math.max(buffered, ranges.end(i));
    this.seekBar.style.setProperty('--played', `${played}%`);
    this.seekBar.style.setProperty('--buffered', `${duration ? (buffered / duration) * 100 : 0}%`);
    this.seekBar.setAttribute('aria-valuetext', t('player.position', { time: clock(now), total: clock(duration) }));
    this.timeText.textContent = `${clock(now)} / ${clock(duration)}`;
  }

  relabel() {
    translatePage(this.controls);
    const playing = !this.video.paused && !this.video.ended;
    setIcon(this.playButton, playing ? 'pause' : 'play');
    const playLabel = t(playing ? 'player.pause' : 'player.play');
    this.playButton.setAttribute('aria-label', playLabel);
    this.playButton.title = playLabel;
    const muted = this.video.muted || this.video.volume === 0;
    setIcon(this.muteButton, muted ? 'muted' : 'volume');
    const muteLabel = t(muted ? 'player.unmute' : 'player.mute');
    this.muteButton.setAttribute('aria-label', muteLabel);
    this.muteButton.title = muteLabel;
    this.volume.value = String(this.video.muted ? 0 : this.video.volume);
    const full = !!document.fullscreenElement;
    const fullLabel = t(full ? 'player.exitFullscreen' : 'player.fullscreen');
    this.fullscreenButton.setAttribute('aria-label', fullLabel);
    this.fullscreenButton.title = fullLabel;
    this.shareButton.querySelector('.button-text').textContent = t('player.share');
    this.shareButton.removeAttribute('aria-label');  // the visible text names it
    const off = this.captionSelect.querySelector('option[value="off"]');
    if (off) off.textContent = t('player.captionsOff');
    for (const option of this.captionSelect.options) {
      const track = this.captionTracks().find((c) => c.id === option.value);
      if (track) option.textContent = languageName(track.lang) ?? track.name ?? track.lang;
    }
    for (const option of this.audioSelect.options) {
      const track = this.audioTracks()[Number(option.value)];
      if (track) option.textContent = languageName(track.lang) ?? track.name ?? option.value;
    }
    this.labelAuto();
    this.paint();
  }
}

// Copies a link and says so; where the clipboard is refused, shows the
// link so it can be copied by hand.
export async function copyLink(path, say) {
  const url = new URL(path, location.href).href;
  try {
    await navigator.clipboard.writeText(url);
    say(t('meeting.linkCopied', { url }));
  } catch {
    say(t('meeting.linkReady', { url }), true);
  }
}
