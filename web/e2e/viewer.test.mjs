// The citizens' viewer in real Chromium, for the details a viewer notices:
// the share menu stays inside the window on a desktop and a phone and says
// the link was copied; ?t= reads 1:30 and 1h2m3s; Korean breaks between
// words, captions included; an agenda tap on a phone brings the player
// back into view; the chosen audio track and caption language come back
// on the next visit; "download from here" says how long the clip really
// is; the agenda keeps each number beside its time and names each
// download; the legend shows the bars' own colours.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  makeDataDir, openPage, removeDir, screenshotPath, servedMeeting, waitForVideo,
} from './harness.mjs';

const SECONDS = 60;
const TITLE = '제292회 정례회 제3차 본회의 — 도시계획 조례 일부개정조례안 심사';
const PROGRAMME = {
  agenda: [
    { no: 1, title: '개회 및 의사일정 보고', start: 0, end: 5 },
    // A first word too long to sit beside "0:06 2." in the side column.
    { no: 2, title: '서울특별시교육청 학교시설 개방 및 이용에 관한 조례안', start: 6, end: 30 },
    { no: 3, title: '공공시설 개방에 관한 조례안', start: 34, end: 60 },
  ],
  speakers: [{ name: '김의장', role: '의장', start: 0, end: 30 }],
  recess: [{ start: 30, end: 34 }],
};
const CUE = '지금부터 제292회 서울특별시의회 정례회 제3차 본회의를 개의하겠습니다. 도시계획 조례 일부개정조례안을 상정합니다.';
const CAPTIONS = `WEBVTT

00:00:00.000 --> 00:00:30.000
${CUE}
`;
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let dataDir;
let server;
let browser;
let meetingId;

// The harness's test picture with two audio tracks, Korean and English, as
// a chamber with simultaneous interpretation records them.
function makeTwoLanguageClip(path, seconds) {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=25',
    '-f', 'lavfi', '-i', 'sine=f=440:r=48000', '-f', 'lavfi', '-i', 'sine=f=660:r=48000',
    '-t', String(seconds), '-map', '0:v', '-map', '1:a', '-map', '2:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-metadata:s:a:0', 'language=kor', '-metadata:s:a:1', 'language=eng', path]);
  return path;
}

before(async () => {
  dataDir = makeDataDir();
  ({ server, meetingId, browser } = await servedMeeting({
    clip: makeTwoLanguageClip(join(dataDir, 'plenary.mp4'), SECONDS), title: TITLE, date: '2026-12-01', programme: PROGRAMME, captions: CAPTIONS,
  }));
});

after(async () => {
  await browser?.close();
  server?.stop();
  removeDir(dataDir);
});

async function openMeeting(query = '', options = DESKTOP) {
  const page = await openPage(browser, `${server.url}/meetings/${meetingId}${query}`, options);
  await waitForVideo(page);
  return page;
}

const currentTime = (page) => page.evaluate(() => document.getElementById('player').currentTime);

// Where a selector's box lies, with the window's size.
function boxOf(page, selector) {
  return page.evaluate((sel) => {
    const { left, top, right, bottom } = document.querySelector(sel).getBoundingClientRect();
    return { left, top, right, bottom, width: innerWidth, height: innerHeight };
  }, selector);
}

function assertInsideWindow(box, what) {
  assert.ok(box.left >= 0 && box.top >= 0 && box.right <= box.width && box.bottom <= box.height,
    `${what} lies inside the ${box.width}×${box.height} window (${JSON.stringify(box)})`);
}

// A line break falls between words when a space ends one line or starts the next.
function assertBreaksBetweenWords(lines, what) {
  assert.ok(lines.length >= 2, `${what} wraps, so its breaks can be checked (${JSON.stringify(lines)})`);
  for (let i = 1; i < lines.length; i++) {
    assert.ok(/\s$/.test(lines[i - 1]) || /^\s/.test(lines[i]),
      `${what} breaks between words, not inside one: ${JSON.stringify(lines)}`);
  }
}

// The text of an element as the browser laid it out, one string per line.
function renderedLines(page, selector) {
  return page.evaluate((sel) => {
    const lines = [];
    let top = null;
    const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top === null || Math.abs(rect.top - top) > rect.height / 2) {
          lines.push('');
          top = rect.top;
        }
        lines[lines.length - 1] += node.data[i];
      }
    }
    return lines;
  }, selector);
}

// The caption on screen, line by line. Chromium draws cues inside the
// video's own (user-agent) shadow tree, out of the page's reach: the
// DevTools protocol finds the cue's text node and measures it in place.
async function captionLines(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const find = (node) => {
    if (node.nodeType === 3 && node.nodeValue === CUE) return node;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
      const found = find(child);
      if (found) return found;
    }
    return null;
  };
  const cue = find(root);
  assert.ok(cue, 'the caption is drawn');
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: cue.backendNodeId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId, returnByValue: true, functionDeclaration: `function () {
      const lines = [];
      let top = null;
      const range = document.createRange();
      for (let i = 0; i < this.data.length; i++) {
        range.setStart(this, i);
        range.setEnd(this, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top === null || Math.abs(rect.top - top) > rect.height / 2) {
          lines.push('');
          top = rect.top;
        }
        lines[lines.length - 1] += this.data[i];
      }
      return lines;
    }` });
  await cdp.detach();
  return result.value;
}

test('the share menu opens inside the window and shows that the link was copied', async () => {
  for (const [name, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const page = await openMeeting('?t=9', { ...options, permissions: ['clipboard-read', 'clipboard-write'] });
    await page.click('button.share');
    await page.waitForSelector('.share-menu a[download]');
    assertInsideWindow(await boxOf(page, '.share-menu'), `the share menu on a ${name}`);
    await page.screenshot({ path: screenshotPath(`viewer-share-menu-${name}.png`) });

    await page.click('.share-menu .share-copy');
    const note = page.locator('.share-note');
    await note.waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await note.textContent(), new RegExp(`^링크를 복사했습니다: .*/meetings/${meetingId}\\?t=(8|9|10)$`));
    assertInsideWindow(await boxOf(page, '.share-note'), `the copied note on a ${name}`);
    const button = await boxOf(page, 'button.share');
    const shown = await boxOf(page, '.share-note');
    assert.ok(Math.min(Math.abs(shown.bottom - button.top), Math.abs(shown.top - button.bottom)) < 20,
      `the note is beside the share button (${JSON.stringify({ shown, button })})`);
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /\?t=(8|9|10)$/);
    await page.screenshot({ path: screenshotPath(`viewer-share-copied-${name}.png`) });

    // In English the note is English.
    await page.click('#lang-toggle');
    await page.click('button.share');
    await page.click('.share-menu .share-copy');
    await page.waitForFunction(() => document.querySelector('.share-note:not([hidden])')?.textContent.startsWith('Link copied: '),
      null, { timeout: 5000 });
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  // Scrolled until the button is at the top of the window, the menu opens below it.
  const page = await openMeeting('?t=9');
  await page.evaluate(() => window.scrollBy(0, document.querySelector('button.share').getBoundingClientRect().top - 10));
  await page.click('button.share');
  assertInsideWindow(await boxOf(page, '.share-menu'), 'the share menu under a button at the top of the window');
  await page.close();
});

test('?t= takes 90, 1:30, 1:02:03 and 1h2m3s, and ignores anything else', async () => {
  const page = await openMeeting();
  const read = await page.evaluate(async (forms) => {
    const { parseStartTime } = await import('/assets/format.js');
    return forms.map((form) => parseStartTime(form));
  }, ['90', '1:30', '1:02:03', '1h2m3s', '2m', '45s', '1h', '1H2M3S', 'abc', '', '1:75', '1:2:3:4', '-5', '1e3', '2m1']);
  assert.deepEqual(read, [90, 90, 3723, 3723, 120, 45, 3600, 3723, null, null, null, null, null, null, null]);
  await page.close();

  const starts = [
    ['meetings', '0:40', 40], ['meetings', '40s', 40], ['meetings', '0:00:40', 40], ['meetings', 'soon', 0],
    ['embed', '0:40', 40], ['embed', '0m40s', 40], ['embed', '1:75', 0],
  ];
  for (const [where, t, seconds] of starts) {
    const at = await openPage(browser, `${server.url}/${where}/${meetingId}?t=${encodeURIComponent(t)}`);
    await waitForVideo(at);
    const time = await currentTime(at);
    assert.ok(time >= seconds - 0.5 && time < seconds + 2, `/${where}/…?t=${t} starts near ${seconds} s (at ${time})`);
    assert.deepEqual(at.errors, []);
    await at.close();
  }
});

test('Korean captions and titles break between words, not inside them', async () => {
  const page = await openMeeting('?t=3', PHONE);
  for (const selector of ['#title', '#agenda .label', '#player']) {
    const style = await page.evaluate((sel) => {
      const { wordBreak, overflowWrap } = getComputedStyle(document.querySelector(sel));
      return { wordBreak, overflowWrap };
    }, selector);
    assert.equal(style.wordBreak, 'keep-all', `${selector} keeps Korean words whole`);
    assert.match(style.overflowWrap, /^(anywhere|break-word)$/, `${selector} still wraps a token longer than the line`);
  }
  assertBreaksBetweenWords(await renderedLines(page, '#title'), 'the meeting title');

  await page.selectOption('#captions', { label: '한국어' });
  await page.evaluate(() => document.getElementById('player').play());
  await page.waitForFunction(() => [...document.getElementById('player').textTracks]
    .some((track) => track.mode === 'showing' && track.activeCues?.length), null, { timeout: 15000 });
  await page.evaluate(() => document.getElementById('player').pause());
  await page.screenshot({ path: screenshotPath('viewer-caption-phone.png') });
  assertBreaksBetweenWords(await captionLines(page), 'the caption');
  await page.close();

  const search = await openPage(browser, `${server.url}/search?q=${encodeURIComponent('조례안')}`);
  await search.waitForSelector('.hit .snippet mark');
  for (const selector of ['.result-group h2', '.hit .snippet']) {
    const wordBreak = await search.evaluate((sel) => getComputedStyle(document.querySelector(sel)).wordBreak, selector);
    assert.equal(wordBreak, 'keep-all', `${selector} keeps Korean words whole`);
  }
  await search.close();
});

test('tapping an agenda item on a phone seeks and brings the player into view', async () => {
  const page = await openMeeting('', PHONE);
  const item = page.locator('#agenda .entry[data-no="3"] .jump');
  await item.scrollIntoViewIfNeeded();
  const hidden = await boxOf(page, '#player');
  assert.ok(hidden.top < 0 || hidden.bottom > hidden.height, `the player is out of view before the tap (${JSON.stringify(hidden)})`);
  await item.tap();
  await page.waitForFunction(() => {
    const t = document.getElementById('player').currentTime;
    return t >= 34 && t < 40;
  }, null, { timeout: 10000 });
  await page.waitForFunction(() => {
    const { top, bottom } = document.getElementById('player').getBoundingClientRect();
    return top >= 0 && bottom <= innerHeight;
  }, null, { timeout: 5000 });
  await page.screenshot({ path: screenshotPath('viewer-agenda-tap-phone.png') });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the audio track chosen is remembered on the next visit', async () => {
  const page = await openMeeting();
  await page.waitForFunction(() => window.gavelHls?.audioTracks.length === 2);
  const tracks = await page.evaluate(() => window.gavelHls.audioTracks.map((track) => track.lang));
  assert.deepEqual(tracks, ['kor', 'eng']);
  assert.equal(await page.evaluate(() => window.gavelHls.audioTrack), 0, 'Korean plays first');
  assert.ok(await page.locator('#audio').isVisible(), 'the audio menu is offered');
  await page.selectOption('#audio', { label: '영어' });
  await page.waitForFunction(() => window.gavelHls.audioTrack === 1);
  assert.equal(await page.evaluate(() => localStorage.getItem('gavel.audio')), 'eng');

  const englishSegments = [];
  page.on('request', (request) => {
    if (/\/audio-eng\/.+\.(m4s|mp4|ts|aac)$/.test(new URL(request.url()).pathname)) englishSegments.push(request.url());
  });
  await page.reload();
  await waitForVideo(page);
  await page.waitForFunction(() => window.gavelHls?.audioTracks.length === 2);
  await page.waitForFunction(() => document.getElementById('audio').value === '1', null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.gavelHls.audioTrack), 1, 'hls.js plays the English track');
  assert.equal(await page.locator('#audio option:checked').textContent(), '영어');
  assert.ok(englishSegments.length > 0, 'English audio is what loads');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the caption language chosen is shown again on the next visit', async () => {
  const page = await openMeeting('?t=3');
  await page.selectOption('#captions', { label: '한국어' });
  assert.equal(await page.evaluate(() => localStorage.getItem('gavel.captions')), 'ko');
  await page.reload();
  await waitForVideo(page);
  await page.evaluate(() => document.getElementById('player').play());
  const cue = await page.waitForFunction(() => {
    for (const track of document.getElementById('player').textTracks) {
      if (track.mode !== 'showing' || !track.activeCues) continue;
      for (const active of track.activeCues) if (active.text) return active.text;
    }
    return null;
  }, null, { timeout: 10000 });
  assert.equal(await cue.jsonValue(), CUE);
  assert.equal(await page.locator('#captions option:checked').textContent(), '한국어');
  await page.close();
});

test('near the end, "download from here" says how long the clip really is', async () => {
  const page = await openMeeting('?t=50');
  const clipLink = async () => {
    await page.click('button.share');
    const link = page.locator('.share-menu a[download]').last();
    const href = new URL(await link.getAttribute('href'), server.url);
    const result = { text: await link.textContent(), start: Number(href.searchParams.get('start')),
      end: Number(href.searchParams.get('end')) };
    await page.keyboard.press('Escape');
    return result;
  };
  const recorded = (await (await fetch(`${server.url}/api/v1/meetings/${meetingId}`)).json()).duration;
  const duration = Math.min(recorded, await page.evaluate(() => document.getElementById('player').duration));
  const { text, start, end } = await clipLink();
  assert.ok(start >= 49 && start <= 51, `starts at the second playing (${start})`);
  assert.ok(end <= duration && end > duration - 0.5, `ends at the end of the recording (${end} of ${duration})`);
  const length = Math.round(end - start);
  assert.equal(text, `이 장면부터 ${length}초 내려받기 (MP4)`);
  await page.click('#lang-toggle');
  assert.equal((await clipLink()).text, `Download ${length} seconds from here (MP4)`);
  await page.close();

  // Where a whole minute is left, it still offers one.
  const early = await openMeeting('?t=0');
  await early.click('button.share');
  assert.equal(await early.locator('.share-menu a[download]').last().textContent(), '이 장면부터 1분 내려받기 (MP4)');
  await early.close();
});

test('the agenda keeps each number beside its time and names each download', async () => {
  const page = await openMeeting();
  const entries = await page.evaluate((agenda) => agenda.map(({ no, title }) => {
    const button = document.querySelector(`#agenda .entry[data-no="${no}"] .jump`);
    const rectOf = (needle) => {
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(needle);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const { top, height } = range.getClientRects()[0];
        return { top, height };
      }
      return null;
    };
    return { no, time: rectOf(button.querySelector('.time').textContent), number: rectOf(`${no}.`),
      title: rectOf(title.slice(0, 2)) };
  }), PROGRAMME.agenda);
  const sameLine = (a, b) => Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2;
  for (const { no, time, number, title } of entries) {
    assert.ok(sameLine(time, number), `item ${no}'s number is on its time's line (${JSON.stringify({ time, number })})`);
    assert.ok(sameLine(time, title), `item ${no}'s title starts on that line (${JSON.stringify({ time, title })})`);
  }
  for (const { no, title } of PROGRAMME.agenda) {
    const link = page.getByRole('link', { name: `안건 ${no} 내려받기: ${title}`, exact: true });
    assert.equal(await link.count(), 1, `item ${no}'s download link is named for it`);
    assert.match(await link.getAttribute('href'), new RegExp(`/api/v1/meetings/${meetingId}/clip\\.mp4\\?`));
  }
  await page.screenshot({ path: screenshotPath('viewer-agenda-1280.png') });
  await page.close();
});

test('the timeline legend shows the bars\' own colours', async () => {
  const page = await openMeeting();
  const colours = await page.evaluate(() => {
    const background = (node) => {
      const style = getComputedStyle(node);
      return `${style.backgroundColor} ${style.backgroundImage}`;
    };
    const painted = (selector) => [...document.querySelectorAll(selector)].map(background)
      .filter((value) => value !== 'rgba(0, 0, 0, 0) none');
    return {
      agendaBars: [...new Set(painted('#timeline .agenda-span'))],
      agendaSwatch: [...new Set(painted('.legend .agenda-swatch, .legend .agenda-swatch *'))],
      recessBars: [...new Set(painted('#timeline .recess-span'))],
      recessSwatch: [...new Set(painted('.legend .recess-swatch, .legend .recess-swatch *'))],
    };
  });
  assert.equal(colours.agendaBars.length, 2, `agenda bars alternate two tones (${colours.agendaBars})`);
  assert.deepEqual(colours.agendaSwatch.sort(), colours.agendaBars.sort(), 'the agenda swatch shows the agenda bars\' colours');
  assert.equal(colours.recessBars.length, 1);
  assert.deepEqual(colours.recessSwatch, colours.recessBars, 'the recess swatch shows the recess bar\'s colours');
  await page.locator('#timeline').screenshot({ path: screenshotPath('viewer-timeline.png') });
  await page.close();
});
