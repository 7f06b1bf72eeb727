-- wrk 4.1 script: every request is a distinct, correctly signed Pocketsflow delivery.
--
--   POCKETSFLOW_WEBHOOK_SECRET=whsec_... wrk -t2 -c64 -d20s -s bench/load.lua http://127.0.0.1:PORT
--
-- Body: invoice.payment_succeeded.json from shared/fixtures/pocketsflow as compact JSON
-- (~700 bytes), with a webhookId unique across threads and runs (see IDS below) and the
-- subscriptionCustomerId Hookbox takes as the event's subject (see SUBJECTS below).
-- Headers: Content-Type, X-Pocketsflow-Event, X-Pocketsflow-Timestamp (epoch ms, unsigned),
-- X-Pocketsflow-Signature (lowercase hex HMAC-SHA256 of the body keyed with the whole secret),
-- signed through LuaJIT FFI and OpenSSL's one-shot HMAC() so signing costs microseconds.
-- done() prints one line: RESULT key=value ...

local ffi = require("ffi")

ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                    const unsigned char *d, size_t n, unsigned char *md,
                    unsigned int *md_len);
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]

local function load_crypto()
  for _, name in ipairs({ "crypto", "libcrypto.so.3", "libcrypto.so" }) do
    local ok, lib = pcall(ffi.load, name)
    if ok then return lib end
  end
  error("load.lua: cannot load OpenSSL libcrypto (install libssl3)")
end

local crypto = load_crypto()

local secret = os.getenv("POCKETSFLOW_WEBHOOK_SECRET")
if secret == nil or secret == "" then
  error("load.lua: set POCKETSFLOW_WEBHOOK_SECRET")
end

local EVENT_TYPE = "invoice.payment_succeeded"

-- The fixture as compact JSON, webhookId last, in three parts: the subject goes between the
-- first two, the webhookId between the last two.
local BODY_HEAD = '{"subscription":{"id":"6949918ee8d99b0e628103e0","customerId":"cus_8Qx2m1"},'
  .. '"subscriptionCustomer":{"id":"6a43ce05fae6c4f0cb5a2193","status":"active","active":true,'
  .. '"cancelAtPeriodEnd":false,"paused":false},'
  .. '"customer":{"email":"buyer@example.com","firstName":"Jane","lastName":"Buyer"},'
  .. '"status":"active","amount":1500,"currency":"usd",'
  .. '"paymentMethod":{"id":"pm_4Xn8Tz1","type":"card","brand":"visa","last4":"4242","expMonth":11,"expYear":2029},'
  .. '"portalUrl":"https://app.pocketsflow.com/portal/6949918ee8d99b0e628103e0/6a43ce05fae6c4f0cb5a2193",'
  .. '"subscriptionCustomerId":"'
local BODY_MIDDLE = '","clientReferenceId":"your-user-id-123","metadata":{"plan":"pro"},"webhookId":"'
local BODY_TAIL = '"}'

local HEX = {}
for i = 0, 255 do HEX[i] = string.format("%02x", i) end

local mac = ffi.new("unsigned char[32]")
local mac_len = ffi.new("unsigned int[1]")
local hex_parts = {}

local function sign(body)
  local out = crypto.HMAC(crypto.EVP_sha256(), secret, #secret, body, #body, mac, mac_len)
  if out == nil then error("load.lua: HMAC failed") end
  for i = 0, 31 do hex_parts[i + 1] = HEX[mac[i]] end
  return table.concat(hex_parts, "", 1, 32)
end

local now = ffi.new("bench_timespec")
local function epoch_ms()
  ffi.C.clock_gettime(0, now) -- CLOCK_REALTIME
  return string.format("%d", tonumber(now.tv_sec) * 1000 + math.floor(tonumber(now.tv_nsec) / 1000000))
end

-- Main state -----------------------------------------------------------------------------

local threads = {}
local thread_count = 0

local function run_nonce()
  local f = io.open("/dev/urandom", "rb")
  local bytes = f and f:read(6) or tostring(os.time())
  if f then f:close() end
  return (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local nonce = nil

function setup(thread)
  nonce = nonce or run_nonce()
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  thread:set("bench_nonce", nonce)
  table.insert(threads, thread)
end

-- Thread states ----------------------------------------------------------------------------

local id_prefix
local counter = 0
ok = 0
non2xx = 0

-- IDS picks the shape of the webhookIds, all unique:
--   objectid (default): what Pocketsflow sends, 24-hex MongoDB ObjectIds (seconds, a per-thread
--            random part, a counter), so ids arrive roughly in order;
--   random:  24 random hex digits, like the GUIDs and random ids of Stripe or GitHub, the worst
--            case for any B-tree that deduplicates on them.
local ID_SHAPE = os.getenv("IDS") or "objectid"

local function random_hex24()
  return string.format("%08x%08x%08x", math.random(0, 0xffffffff), math.random(0, 0xffffffff), math.random(0, 0xffffffff))
end

local function next_id()
  counter = counter + 1
  if ID_SHAPE == "random" then
    return random_hex24()
  end
  return string.format("%08x%s%06x", os.time(), id_prefix, counter % 0x1000000)
end

-- SUBJECTS picks the subscriptionCustomerId, which Hookbox indexes as the event's subject:
--   same (default): the fixture's, for every event, so the subject index grows at one spot;
--   random: 24 random hex digits per event, as when every event is about another customer:
--           one more random B-tree leaf per event, as IDS=random gives the dedupe index.
local SUBJECT_SHAPE = os.getenv("SUBJECTS") or "same"

local function next_subject()
  if SUBJECT_SHAPE == "random" then
    return random_hex24()
  end
  return "6a43ce05fae6c4f0cb5a2193"
end

function init(args)
  -- 10 hex digits per thread and run, in place of ObjectId's per-process random bytes.
  id_prefix = string.sub(bench_nonce .. string.format("%04x", thread_id), -10)
  math.randomseed(tonumber(string.sub(bench_nonce, 1, 8), 16) + thread_id)
end

function request()
  local body = BODY_HEAD .. next_subject() .. BODY_MIDDLE .. next_id() .. BODY_TAIL
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Pocketsflow-Event"] = EVENT_TYPE,
    ["X-Pocketsflow-Timestamp"] = epoch_ms(),
    ["X-Pocketsflow-Signature"] = sign(body),
  }
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    non2xx = non2xx + 1
  end
end

-- RATE (requests a second, all threads together; RATE_THREADS says how many threads wrk runs,
-- default 2) paces the load instead of sending as fast as answers come back: each thread keeps
-- a schedule of one request every RATE_THREADS/RATE seconds, and wrk waits, per connection, until
-- the next slot (its delay() hook). The connections bound what can be in flight, so a server
-- slower than the rate still sees at most that many requests at once, and wrk reports what it got.
local RATE = tonumber(os.getenv("RATE") or "") or 0
if RATE > 0 then
  local interval_ms = (tonumber(os.getenv("RATE_THREADS") or "") or 2) * 1000 / RATE
  local clock = ffi.new("bench_timespec")
  local next_ms = nil
  function delay()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    local now_ms = tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
    -- Behind by more than a second (the server stalled): start afresh rather than burst.
    if next_ms == nil or next_ms < now_ms - 1000 then next_ms = now_ms end
    local wait = next_ms - now_ms
    next_ms = next_ms + interval_ms
    return wait > 0 and wait or 0
  end
end

-- Main state, after the run -----------------------------------------------------------------

function done(summary, latency, requests)
  local total_ok, total_non2xx = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + (thread:get("ok") or 0)
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write
  local duration_s = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d ok=%d non2xx=%d errors=%d timeouts=%d duration_s=%.3f rps_ok=%.1f"
      .. " p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, total_ok, total_non2xx, socket_errors, e.timeout, duration_s,
    total_ok / duration_s,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
