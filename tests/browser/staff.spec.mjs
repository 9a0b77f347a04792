// Drives the staff report page in Debian's Chromium with playwright-core (from web/node_modules).
// Run by test_staff_page.py: `node staff.spec.mjs <scenario>` with STAFF_URL (the page, or a
// file:// report) and, for the server, STAFF_TOKEN; SCREENSHOT says where to save a picture.
// Exit code 0 = passed; the last stdout line is a JSON summary.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const URL_ = process.env.STAFF_URL;
const TOKEN = process.env.STAFF_TOKEN ?? "";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CHARTS = ["chart-conversations", "chart-messages", "chart-topics", "chart-outcomes",
  "chart-abandoned", "chart-fallback"];

async function withBrowser(options, run) {
  const profile = mkdtempSync(join(tmpdir(), "staff-test-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS,
    viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...options,
  });
  context.setDefaultTimeout(30_000);
  const outside = [];  // any request that leaves the page's own origin
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (!["file:", "data:", "blob:"].includes(url.protocol) && !URL_.startsWith(url.origin)) {
      outside.push(request.url());
    }
  });
  try {
    return await run(context, outside);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** For every chart: its canvas size and how many of its pixels are painted. */
function paintedCharts(ids) {
  return ids.map((id) => {
    const canvas = document.querySelector(`#${id} canvas`);
    if (!canvas) return { id, canvas: false, painted: 0 };
    const { width, height } = canvas;
    const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
    return { id, canvas: true, width, height, painted };
  });
}

async function readPage(page) {
  await page.waitForSelector("body[data-rendered=true]");
  return {
    heading: await page.textContent("h1"),
    lang: await page.getAttribute("html", "lang"),
    charts: await page.evaluate(paintedCharts, CHARTS),
    rows: await page.$$eval("#not-understood tbody tr", (rows) => rows.map((r) => r.textContent)),
    conversations: await page.textContent("#total-conversations"),
  };
}

const scenarios = {
  // The report with a bearer token (or from a file): charts drawn, both languages, export.
  async report(context, outside) {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
    await page.goto(URL_);
    const zh = await readPage(page);
    await page.click("button[data-lang=en]");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    const en = await readPage(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const exported = await (async () => {
      const stream = await download.createReadStream();
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      return Buffer.concat(chunks).toString("utf8");
    })();
    if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
    return { zh, en, exported, filename: download.suggestedFilename(), errors, outside };
  },
  // The sign-in form: a wrong token is refused, the right one opens the report (cookie).
  async login(context) {
    const page = await context.newPage();
    const first = await page.goto(URL_);
    await page.fill("#token", "wrong-token-wrong-token");
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    const refused = await page.textContent("[role=alert]");
    await page.fill("#token", TOKEN);
    await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    const report = await readPage(page);
    const cookies = await context.cookies();
    return { firstStatus: first.status(), refused, report,
             cookie: cookies.map(({ name, httpOnly, secure, sameSite }) =>
               ({ name, httpOnly, secure, sameSite })) };
  },
};

const name = process.argv[2];
const options = name === "report" && TOKEN
  ? { extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` } } : {};
const summary = await withBrowser(options, (context, outside) => scenarios[name](context, outside));
console.log(JSON.stringify({ ok: true, scenario: name, ...summary }));
