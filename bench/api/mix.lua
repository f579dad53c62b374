-- wrk script for the load runs (bench/api/load.py sets the environment):
--   HERON_TOKEN, HERON_ORG      the Owner's access token and organization
--   HERON_MIX                   "mix" (70% reads, 20% searches, 10% writes), "list", "record",
--                               or the floors under any request: "health" (the server alone,
--                               no sign-in, no database) and "org" (sign-in and one small read)
--   HERON_CONTACTS              comma-separated contact ids to read
--   HERON_MAX_REQUESTS          stop each thread after its share of this many requests
--   HERON_THREADS               wrk's -t, to share the request count
-- The summary is printed as one JSON line starting with "HERON_LOAD ".

local token = os.getenv("HERON_TOKEN")
local org = os.getenv("HERON_ORG")
local mix = os.getenv("HERON_MIX") or "mix"
local max_requests = tonumber(os.getenv("HERON_MAX_REQUESTS") or "0")
local threads_n = tonumber(os.getenv("HERON_THREADS") or "1")

local contacts = {}
for id in string.gmatch(os.getenv("HERON_CONTACTS") or "", "[^,]+") do
  contacts[#contacts + 1] = id
end

local words = { "hamilton", "smith", "garcia", "acme", "globex", "miller", "jons", "lopez",
                "hamiltn", "initech", "mary", "wilson", "umbrela", "renewal", "pilot" }
local lists = {
  "/api/v1/contacts?sort=last_name&filter%5Bcustom.tier%5D%5Beq%5D=gold&limit=50",
  "/api/v1/contacts?sort=last_name&limit=50",
  "/api/v1/companies?sort=name&limit=50",
  "/api/v1/deals?limit=50",
  "/api/v1/leads?limit=50",
}

local json_headers = {}
local sent = 0
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  json_headers["Authorization"] = "Bearer " .. token
  json_headers["X-Heron-Org"] = org
  json_headers["Content-Type"] = "application/json"
end

local function pick(items)
  return items[math.random(#items)]
end

local function list_request()
  return wrk.format("GET", pick(lists), json_headers)
end

local function record_request()
  local contact = pick(contacts)
  local r = math.random()
  if r < 0.55 then
    return wrk.format("GET", "/api/v1/contacts/" .. contact, json_headers)
  elseif r < 0.85 then
    return wrk.format("GET", "/api/v1/contacts/" .. contact .. "/timeline?limit=25", json_headers)
  end
  return wrk.format("GET", "/api/v1/deals?filter%5Bcontact_id%5D%5Beq%5D=" .. contact
    .. "&count=exact&limit=50", json_headers)
end

local function search_request()
  return wrk.format("GET", "/api/v1/search?limit=5&q=" .. pick(words), json_headers)
end

local function write_request()
  counter = counter + 1
  local n = tostring(id or 0) .. "-" .. tostring(counter) .. "-" .. tostring(math.random(1000000))
  if math.random() < 0.6 then
    local body = '{"first_name":"Load","last_name":"Writer' .. n .. '","emails":[{"email":"load.'
      .. n .. '@bench.example"}],"custom":{"tier":"bronze"}}'
    return wrk.format("POST", "/api/v1/contacts", json_headers, body)
  end
  local body = '{"kind":"note","subject":"Load note ' .. n .. '","links":[{"record_kind":"contact","record_id":"'
    .. pick(contacts) .. '"}]}'
  return wrk.format("POST", "/api/v1/activities", json_headers, body)
end

function request()
  if mix == "list" then
    return list_request()
  elseif mix == "record" then
    return record_request()
  elseif mix == "health" then
    return wrk.format("GET", "/healthz")
  elseif mix == "org" then
    return wrk.format("GET", "/api/v1/org", json_headers)
  end
  local r = math.random()
  if r < 0.35 then
    return list_request()
  elseif r < 0.70 then
    return record_request()
  elseif r < 0.90 then
    return search_request()
  end
  return write_request()
end

function response(status, headers, body)
  sent = sent + 1
  if max_requests > 0 and sent >= max_requests / threads_n then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'HERON_LOAD {"requests":%d,"seconds":%.3f,"per_second":%.1f,"p50_ms":%.2f,"p95_ms":%.2f,'
    .. '"p99_ms":%.2f,"max_ms":%.2f,"status_errors":%d,"socket_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, errors.connect + errors.read + errors.write,
    errors.timeout))
end
