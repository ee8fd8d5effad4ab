-- wrk script for bench/load. With WRK_BODY_FILE set, every request is a POST of that file's bytes as JSON;
-- without it, wrk's default GET. The done hook prints one machine-readable RESULT line that bench/load parses.
local body_file = os.getenv("WRK_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  -- wrk counts a response with status >= 400 as a status error; none other than 200 is expected here.
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d mean_us=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, latency.mean,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
