-- wrk script for bench/soak.sh: one viewer per connection. Each request is
-- a random file of a random meeting (playlists, init and media segments,
-- the meeting's API record), and each viewer waits between requests as a
-- player waits between segments.
--   wrk ... -s viewers.lua URL -- PATHS_FILE PACE_MS
-- PACE_MS is the mean wait; the wait is uniform in [0, 2 * PACE_MS].
-- done() prints one `soak-result` line and one `soak-statuses` line.

local paths, pace = {}, 2000
local threads = {}
statuses = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  pace = tonumber(args[2]) or pace
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function delay()
  return math.random(0, 2 * pace)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local e = summary.errors
  io.write(string.format(
    "soak-result requests=%d non_2xx_3xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. "=" .. n end
  table.sort(parts)
  io.write("soak-statuses " .. table.concat(parts, " ") .. "\n")
end
