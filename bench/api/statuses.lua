-- Counts responses by HTTP status (wrk itself only counts "non-2xx/3xx") and, when PATH holds "{id}",
-- sends each request with a random id in 1..ID_MAX (lookups that hit different rows).
counts = {}
local threads = {}
local path_template = os.getenv("PATH_TEMPLATE")
local id_max = tonumber(os.getenv("ID_MAX") or "3000")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if path_template ~= nil and path_template:find("{id}") then
    local path = path_template:gsub("{id}", tostring(math.random(1, id_max)))
    return wrk.format("GET", path)
  end
  return wrk.format("GET", path_template or wrk.path)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts") or {}
    for status, n in pairs(c) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, status .. "=" .. n)
  end
  table.sort(parts)
  io.write("STATUSES " .. table.concat(parts, ",") .. "\n")
  io.write(string.format("LATENCY_MS p50=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("REQUESTS total=%d rps=%.1f errors_socket=%d\n", summary.requests,
    summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
