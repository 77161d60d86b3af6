// Seek-bar previews from a WebVTT storyboard: each cue maps a time range to
// one tile of a sprite sheet, written `sprite-N.jpg#xywh=x,y,w,h` relative
// to the storyboard's own URL.

function seconds(stamp) {
  const parts = stamp.trim().split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function parseStoryboard(text, baseUrl) {
  const tiles = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').map((line) => line.trim()).filter(Boolean);
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split('-->').map((part) => part.trim().split(/\s+/)[0]);
    const target = lines[timing + 1];
    const hash = target.indexOf('#xywh=');
    if (hash < 0) continue;
    const [x, y, w, h] = target.slice(hash + 6).split(',').map(Number);
    if (![x, y, w, h].every(Number.isFinite)) continue;
    tiles.push({ start: seconds(from), end: seconds(to), url: new URL(target.slice(0, hash), baseUrl).href, x, y, w, h });
  }
  return tiles;
}

// The tile showing `time`, found by binary search over ordered cues.
export function tileAt(tiles, time) {
  let low = 0;
  let high = tiles.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (time < tiles[mid].start) high = mid - 1;
    else if (time >= tiles[mid].end) low = mid + 1;
    else return tiles[mid];
  }
  return tiles.length && time >= tiles[tiles.length - 1].end ? tiles[tiles.length - 1] : null;
}

export async function loadStoryboard(url) {
  if (!url) return [];
  try {
    const response = await fetch(url);
    if (!response.ok) return [];
    const tiles = parseStoryboard(await response.text(), new URL(url, location.href).href);
    // Warm the sprite sheets so the first hover shows a picture.
    for (const sheet of new Set(tiles.map((tile) => tile.url))) new Image().src = sheet;
    return tiles;
  } catch {
    return [];
  }
}
