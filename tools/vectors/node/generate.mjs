// Generates known-answer test vectors for Hookbox's signature verifiers:
//   github.json      <- npm @octokit/webhooks-methods (sign / verify), GitHub's own signing library
//   pocketsflow.json <- node:crypto, exactly as Pocketsflow/subscriptions-example webhooks/sign-and-send.js
//                       signs (Pocketsflow publishes no signing library)
// Usage: npm ci && node generate.mjs [--fixtures <dir>] [--out <dir>]
//   --fixtures defaults to $POCKETSFLOW_FIXTURES, then /work/shared/fixtures/pocketsflow
//   --out      defaults to <repo>/tests/Hookbox.Tests/Verification/Vectors
// Secrets, ids and timestamps are fresh on every run: re-running rewrites both files.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { sign, verify } from "@octokit/webhooks-methods";

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const outDir = resolve(arg("--out") ?? join(here, "..", "..", "..", "tests", "Hookbox.Tests", "Verification", "Vectors"));
const fixturesDir = resolve(arg("--fixtures") ?? process.env.POCKETSFLOW_FIXTURES ?? "/work/shared/fixtures/pocketsflow");
mkdirSync(outDir, { recursive: true });

const octokitVersion = sign.VERSION; // the library's own VERSION constant

const runNowMs = Date.now();
const runNow = Math.floor(runNowMs / 1000);
const hex = (n) => randomBytes(n).toString("hex");

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

function writeVectors(file, scheme, generator, vectors) {
  for (const v of vectors) {
    const n = Buffer.byteLength(v.body, "utf8");
    assert(n <= 1500, `${v.name}: body is ${n} bytes`);
  }
  const path = join(outDir, file);
  writeFileSync(path, JSON.stringify({ scheme, generator, vectors }, null, 2) + "\n", "utf8");
  // Round-trip: every body read back must be the exact string that was signed.
  const back = JSON.parse(readFileSync(path, "utf8"));
  back.vectors.forEach((v, i) => assert(v.body === vectors[i].body, `${v.name}: body did not round-trip`));
  console.log(`wrote ${path} (${vectors.length} vectors)`);
}

// ---------------------------------------------------------------------------------------------
// GitHub
// ---------------------------------------------------------------------------------------------
async function githubVectors() {
  const hookId = String(400000000 + Math.floor(Math.random() * 99999999));
  const repo = {
    id: 812345678,
    name: "hello-world",
    full_name: "octo-org/hello-world",
    private: false,
    html_url: "https://github.com/octo-org/hello-world",
  };
  const sender = { login: "octocat", id: 583231, type: "User" };

  const cases = [
    {
      name: "ping, ASCII secret",
      secret: `gh-${hex(20)}`,
      event: "ping",
      payload: {
        zen: "Keep it logically awesome.",
        hook_id: Number(hookId),
        hook: { type: "Repository", id: Number(hookId), name: "web", active: true, events: ["push", "issues"], config: { content_type: "json", insecure_ssl: "0", url: "https://hooks.example.com/github" } },
        repository: repo,
        sender,
      },
    },
    {
      name: "push with non-ASCII UTF-8 (accents, arrows, emoji) in the commit",
      secret: randomBytes(24).toString("base64url"),
      event: "push",
      payload: {
        ref: "refs/heads/main",
        before: hex(20),
        after: hex(20),
        repository: repo,
        pusher: { name: "jürgen", email: "jurgen@example.com" },
        head_commit: {
          id: hex(20),
          message: "Fix café → naïve parsing 🚀\n\nCo-authored-by: Zoë <zoe@example.com>",
          timestamp: new Date(runNowMs - 90_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
          author: { name: "Jürgen Müller", email: "jurgen@example.com" },
        },
        sender,
      },
    },
    {
      name: "issues opened, with legacy X-Hub-Signature (sha1) also present",
      secret: `issue-hook-${hex(16)}`,
      event: "issues",
      legacySha1: true,
      payload: {
        action: "opened",
        issue: { id: 2291234567, number: 42, title: "Webhook retries are not idempotent", state: "open", user: { login: "octocat", id: 583231 }, labels: [{ name: "bug" }] },
        repository: repo,
        sender,
      },
    },
    {
      name: "pull_request opened, secret with non-ASCII characters (keyed by its UTF-8 bytes)",
      secret: `päss wörd €${hex(8)}`,
      event: "pull_request",
      payload: {
        action: "opened",
        number: 7,
        pull_request: { id: 1987654321, number: 7, title: "Add SQLite inbox", state: "open", head: { ref: "feature/sqlite" }, base: { ref: "main" } },
        repository: repo,
        sender,
      },
    },
  ];

  const vectors = [];
  for (const [i, c] of cases.entries()) {
    const body = JSON.stringify(c.payload);
    const sig = await sign(c.secret, body); // "sha256=<hex>"
    assert(/^sha256=[0-9a-f]{64}$/.test(sig), `unexpected signature shape ${sig}`);
    assert(await verify(c.secret, body, sig), `${c.name}: verify() rejected its own signature`);
    assert(!(await verify(c.secret, body + " ", sig)), `${c.name}: verify() accepted a tampered body`);
    const delivery = randomUUID();
    const headers = {
      "X-GitHub-Event": c.event,
      "X-GitHub-Delivery": delivery,
      "X-GitHub-Hook-ID": hookId,
      "X-Hub-Signature-256": sig,
    };
    if (c.legacySha1) {
      // Not produced by @octokit/webhooks-methods (sha256 only since v4): plain node:crypto.
      headers["X-Hub-Signature"] = "sha1=" + createHmac("sha1", c.secret).update(body).digest("hex");
    }
    headers["User-Agent"] = "GitHub-Hookshot/" + hex(4).slice(0, 7);
    headers["Content-Type"] = "application/json";
    vectors.push({
      name: c.name,
      secret: c.secret,
      now: runNow - 300 + i * 60,
      headers,
      body,
      eventId: delivery,
      eventType: c.event,
    });
  }
  return vectors;
}

// ---------------------------------------------------------------------------------------------
// Pocketsflow
// ---------------------------------------------------------------------------------------------
// Mirrors Pocketsflow/subscriptions-example webhooks/sign-and-send.js:
//   const body = JSON.stringify({ ...data, webhookId: data.webhookId || "whk_local_test" });
//   const signature = crypto.createHmac("sha256", SECRET).update(body).digest("hex");
// and checks each vector the way its webhooks/server.js isValidSignature() does.
function pocketsflowSign(secret, body) {
  return createHmac("sha256", secret).update(body).digest("hex");
}
function pocketsflowIsValid(secret, rawBody, signatureHeader) {
  const expected = createHmac("sha256", secret).update(rawBody).digest("hex");
  const a = Buffer.from(signatureHeader, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

function pocketsflowVectors() {
  const files = readdirSync(fixturesDir).filter((f) => f.endsWith(".json")).sort();
  assert(files.length > 0, `no fixtures in ${fixturesDir}`);
  const vectors = [];
  const secrets = [
    () => "whsec_" + randomBytes(24).toString("base64"), // contains + / = : must NOT be base64-decoded
    () => "whsec_" + hex(24),
  ];
  let k = 0;
  const make = (name, secret, tsMs, body, event, eventType, eventId) => {
    const signature = pocketsflowSign(secret, body);
    assert(pocketsflowIsValid(secret, Buffer.from(body, "utf8"), signature), `${name}: does not verify`);
    const headers = { "Content-Type": "application/json", "X-Pocketsflow-Signature": signature };
    if (event !== undefined) headers["X-Pocketsflow-Event"] = event;
    headers["X-Pocketsflow-Timestamp"] = String(tsMs);
    return { name, secret, now: Math.floor(tsMs / 1000) + 1, headers, body, eventId, eventType };
  };

  for (const f of files) {
    const event = basename(f, ".json");
    const data = JSON.parse(readFileSync(join(fixturesDir, f), "utf8"));
    const body = JSON.stringify({ ...data, webhookId: data.webhookId || "whk_local_test" });
    const tsMs = runNowMs - 600_000 + k * 61_237; // epoch milliseconds, deliberately not whole seconds
    const secret = secrets[k++ % secrets.length]();
    vectors.push(make(`${event} (fixture ${f})`, secret, tsMs, body, event, event, JSON.parse(body).webhookId));
  }

  const order = {
    webhookId: "webhook_123abc",
    event: "order.completed",
    order: { id: "ord_1", amount: 29.99 },
    product: { id: "prod_1", name: "Course" },
    tax: { ToCountry: "US", Amount: 0 },
  };
  vectors.push(make(
    "order.completed without X-Pocketsflow-Event header (type from body \"event\")",
    secrets[k++ % secrets.length](),
    runNowMs - 30_123,
    JSON.stringify(order),
    undefined,
    "order.completed",
    "webhook_123abc",
  ));
  return vectors;
}

writeVectors(
  "github.json",
  "github",
  `npm @octokit/webhooks-methods ${octokitVersion}: sign(secret, payload) -> "sha256=<hex>", each vector checked with verify(secret, payload, signature); the legacy X-Hub-Signature (sha1) header is node:crypto createHmac("sha1", secret)`,
  await githubVectors(),
);
writeVectors(
  "pocketsflow.json",
  "pocketsflow",
  `node:crypto ${process.version}, following Pocketsflow/subscriptions-example (commit 8d55be4e7021d45def08f44bcb14f8d9d29024a5) webhooks/sign-and-send.js: body = JSON.stringify({ ...fixture, webhookId: fixture.webhookId || "whk_local_test" }); X-Pocketsflow-Signature = crypto.createHmac("sha256", SECRET).update(body).digest("hex") (secret string used as-is, whsec_ included, UTF-8); X-Pocketsflow-Timestamp = Date.now() epoch ms, unsigned; checked like webhooks/server.js isValidSignature()`,
  pocketsflowVectors(),
);
