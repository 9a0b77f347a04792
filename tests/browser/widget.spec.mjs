// Drives the web page and its chat widget in Debian's Chromium with playwright-core (from
// web/node_modules). Run by test_widget.py: `node widget.spec.mjs <scenario>` with WEB_URL set
// (and SCREENSHOT for where to save a picture). Exit code 0 = the scenario passed; the last
// stdout line is a JSON summary.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const WEB_URL = process.env.WEB_URL ?? "http://127.0.0.1:8080";
const TIMEOUT = 45_000;  // a reply on a busy 2-core machine can take seconds
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const GREETING = "legal-aid guidance assistant";
const CITATION = /\b(Legal Aid Law|Regulations on Legal Aid|Lawyers Law) art\. \d+/;

// ---- helpers ----

/** Chromium with a fresh profile; `run(context)` gets the browser context, closed afterwards.
 * `locale` is the browser's preferred language (the page follows it). */
async function withBrowser(run, locale = "en-US") {
  const profile = mkdtempSync(join(tmpdir(), "widget-test-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS,
    viewport: { width: 1100, height: 900 }, locale,
  });
  context.setDefaultTimeout(TIMEOUT);
  try {
    return await run(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Opens the page in a new tab; the tab records any dialog (alert) it raises in `page.dialogs`. */
async function openPage(context) {
  const page = await context.newPage();
  page.dialogs = [];
  page.on("dialog", (dialog) => { page.dialogs.push(dialog.message()); dialog.dismiss(); });
  await page.goto(WEB_URL + "/");
  await page.waitForSelector(".rw-launcher", { state: "visible" });  // shown once connected
  return page;
}

/** After a reload the widget restores its open state a moment later: wait for it before
 * pressing the launcher (which would close it again). */
async function reopenWidget(page) {
  for (let i = 0; i < 20 && !(await page.$(".rw-new-message")); i++) {
    const container = await page.$(".rw-conversation-container");
    if (!container && i >= 3) await page.click(".rw-launcher");
    await page.waitForTimeout(500);
  }
  await page.waitForSelector(".rw-new-message");
}

async function openWidget(page) {
  if (!(await page.$(".rw-new-message"))) await page.click(".rw-launcher");
  await page.waitForSelector(".rw-new-message");
}

const botTexts = (page) => page.$$eval(".rw-response", (nodes) => nodes.map((n) => n.textContent));
const userTexts = (page) => page.$$eval(".rw-client", (nodes) => nodes.map((n) => n.textContent));

/** Waits until a bot message after the first `after` ones contains `pattern`; returns it. */
async function waitForBot(page, pattern, after = 0) {
  const [source, flags] = pattern instanceof RegExp ? [pattern.source, pattern.flags]
    : [pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), ""];
  const handle = await page.waitForFunction(([source, flags, after]) => {
    const texts = [...document.querySelectorAll(".rw-response")].map((n) => n.textContent);
    return texts.slice(after).find((text) => new RegExp(source, flags).test(text));
  }, [source, flags, after]);
  return handle.jsonValue();
}

/** Types `text` and sends it with Enter; waits until it shows as the user's message. */
async function say(page, text) {
  const before = (await botTexts(page)).length;
  await page.fill(".rw-new-message", text);
  await page.press(".rw-new-message", "Enter");
  await page.waitForFunction((text) => [...document.querySelectorAll(".rw-client")]
    .some((n) => n.textContent === text), text);
  return before;
}

/** Clicks the newest quick-reply button titled exactly `title`; returns the bot count before. */
async function clickButton(page, title) {
  const before = (await botTexts(page)).length;
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await page.locator(".rw-reply", { hasText: exact }).last().click();
  return before;
}

async function ask(page, question, pattern) {
  return waitForBot(page, pattern, await say(page, question));
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function screenshot(page) {
  const path = process.env.SCREENSHOT;
  if (!path) return null;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
  return path;
}

// The screening clicked through with buttons: [button, what the next bot message contains].
const SCREENING = [
  ["Check if I qualify", "criminal case, a civil matter"],
  ["Criminal case", "What is the role"],
  ["I am the victim", "Do you already have a lawyer"],
  ["No", "What is the matter about?"],
  ["Domestic violence, abuse or abandonment", "please check what I understood"],
  ["Yes, that's right", "Outcome:"],
];

// The same kind of screening in Chinese, with the page in Chinese.
const SCREENING_ZH = [
  ["看看我是否符合条件", "刑事案件、民事事项"],
  ["刑事案件", "什么身份"],
  ["被害人", "委托律师"],
  ["否", "您的事项属于哪一类"],
  ["家庭暴力、虐待、遗弃", "请确认我理解得对不对"],
  ["对，没错", "结论："],
];
const GREETING_ZH = "法律援助咨询助手";

// ---- scenarios ----

const scenarios = {
  async cited_answer_and_screening() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      await openWidget(page);
      await waitForBot(page, GREETING);  // the initial payload's greeting
      const answer = await ask(page, "what does a legal aid centre do?", CITATION);
      await ask(page, "help", "Pick a topic");
      for (const [button, next] of SCREENING) {
        await waitForBot(page, next, await clickButton(page, button));
      }
      const outcome = await waitForBot(page, "Outcome: you can apply for legal aid");
      const why = await waitForBot(page, "Legal Aid Law art. 32");
      await page.waitForSelector(".rw-reply >> text=Legal Aid Law art. 32");  // article buttons
      await page.locator(".rw-response", { hasText: "Outcome:" }).last()
        .evaluate((el) => el.scrollIntoView({ block: "start" }));  // the picture shows the outcome
      return { answer, outcome, why: why.slice(0, 90),
        screenshot: await screenshot(page) };
    });
  },

  async chinese_page_and_screening() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      const lang = await page.getAttribute("html", "lang");
      const visible = await page.innerText("main");
      check(visible.includes("一般性指引，不是法律意见") && visible.includes("12348"),
        "the page is not shown in Chinese");
      check(!visible.includes("Guidance, not legal advice"), "English is shown as well");
      await openWidget(page);
      const hint = await page.getAttribute(".rw-new-message", "placeholder");
      const title = await page.textContent(".rw-header .rw-title");
      await waitForBot(page, GREETING_ZH);
      await ask(page, "帮助", "请选择一个话题");
      for (const [button, next] of SCREENING_ZH) {
        await waitForBot(page, next, await clickButton(page, button));
      }
      const outcome = await waitForBot(page, "结论：您可以申请法律援助，不受经济困难条件的限制");
      await page.waitForSelector(".rw-reply >> text=《法律援助法》第三十二条");
      await page.locator(".rw-response", { hasText: "结论：" }).last()
        .evaluate((el) => el.scrollIntoView({ block: "start" }));
      return { lang, hint, title, outcome, screenshot: await screenshot(page) };
    }, "zh-CN");
  },

  async language_toggle() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      check(await page.getAttribute("html", "lang") === "en", "the page did not start in English");
      await openWidget(page);
      await waitForBot(page, GREETING);
      await page.click("#language-toggle");
      await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
      await page.waitForSelector(".rw-launcher", { state: "visible" });
      await reopenWidget(page);
      const confirmed = await waitForBot(page, "接下来我用中文回答");
      const hint = await page.getAttribute(".rw-new-message", "placeholder");
      const pageTitle = await page.title();
      const kept = (await botTexts(page)).some((text) => text.includes(GREETING));
      await page.click("#language-toggle");
      await page.waitForFunction(() => document.documentElement.lang === "en");
      await page.waitForSelector(".rw-launcher", { state: "visible" });
      await reopenWidget(page);
      await waitForBot(page, "answer in English");
      return { confirmed, hint, pageTitle, kept };
    });
  },

  async user_text_is_escaped() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      await openWidget(page);
      const scriptsBefore = await page.$$eval("script", (nodes) => nodes.length);
      const attack = "<script>alert(1)</script><img src=x onerror=alert(2)>";
      const before = await say(page, attack);
      await page.waitForFunction((n) => document.querySelectorAll(".rw-response").length > n,
        before);
      await page.waitForTimeout(500);
      const scriptsAfter = await page.$$eval("script", (nodes) => nodes.length);
      const injected = await page.$$eval(".rw-messages-container script, .rw-messages-container img",
        (nodes) => nodes.length);
      check((await userTexts(page)).includes(attack), "the message is not shown as text");
      check(page.dialogs.length === 0, `a dialog fired: ${page.dialogs}`);
      check(scriptsAfter === scriptsBefore && injected === 0,
        `elements injected: ${scriptsAfter - scriptsBefore} script(s), ${injected} in the log`);
      return { shownAsText: true, dialogs: page.dialogs.length, injected };
    });
  },

  async memory_is_per_tab() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      await openWidget(page);
      await ask(page, "what does a legal aid centre do?", CITATION);
      await page.reload();
      await page.waitForSelector(".rw-launcher", { state: "visible" });
      await openWidget(page);
      await page.waitForFunction(() => document.querySelectorAll(".rw-client").length > 0);
      const tab = await openPage(context);  // same browser, new tab: sessionStorage is per tab
      await openWidget(tab);
      await waitForBot(tab, GREETING);
      const leaked = await userTexts(tab);
      check(leaked.length === 0, `a new tab shows the previous conversation: ${leaked}`);
      const storage = await tab.evaluate(() => Object.keys(localStorage));
      check(storage.length === 0, `the widget wrote to localStorage: ${storage}`);
      return { reloadKeeps: true, newTabUserMessages: leaked.length };
    });
  },

  async keyboard_and_labels() {
    return withBrowser(async (context) => {
      const page = await openPage(context);
      check(await page.getAttribute("html", "lang") === "en", "no lang attribute");
      const text = await page.textContent("main");
      for (const needed of ["Guidance, not legal advice", "12348", "Your personal data"]) {
        check(text.includes(needed), `the page does not say "${needed}"`);
      }
      let tabs = 0;  // Tab from the top of the page until the launcher has the focus
      while (!(await page.evaluate(() => document.activeElement?.matches(".rw-launcher")))) {
        check(++tabs <= 15, "Tab never reaches the chat launcher");
        await page.keyboard.press("Tab");
      }
      check(await page.getAttribute(".rw-launcher", "aria-label"), "launcher has no aria-label");
      await page.keyboard.press("Enter");
      await page.waitForSelector(".rw-new-message");
      for (const selector of [".rw-new-message", ".rw-send", ".rw-close-button"]) {
        check(await page.getAttribute(selector, "aria-label"), `${selector} has no aria-label`);
      }
      check(await page.getAttribute(".rw-messages-container", "role") === "log", "no log role");
      check(await page.getAttribute(".rw-launcher", "aria-expanded") === "true",
        "launcher does not say it is expanded");
      const focused = await page.evaluate(() => document.activeElement?.className);
      check(focused.includes("rw-new-message"), `Enter did not focus the input but ${focused}`);
      const before = (await botTexts(page)).length;
      await page.keyboard.type("help");
      await page.keyboard.press("Enter");
      await waitForBot(page, "Pick a topic", before);
      const reply = page.locator(".rw-reply", { hasText: /^Is legal aid free\?$/ }).last();
      check(await reply.getAttribute("role") === "button", "quick replies are not buttons");
      await reply.focus();
      const outline = await reply.evaluate((el) => getComputedStyle(el).outlineStyle);
      const answered = (await botTexts(page)).length;
      await page.keyboard.press("Enter");
      const answer = await waitForBot(page, CITATION, answered);
      return { tabsToLauncher: tabs, focusOutline: outline, answer };
    });
  },
};

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
const started = Date.now();
try {
  const result = await scenarios[name]();
  console.log(JSON.stringify({ scenario: name, ok: true, ms: Date.now() - started, ...result }));
} catch (error) {
  console.error(`${name} failed: ${error.stack ?? error}`);
  process.exit(1);
}
