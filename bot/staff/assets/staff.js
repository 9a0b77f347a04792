// The staff report page: reads the report and the texts embedded in the page (JSON, never
// executed), draws the charts with ECharts (served from this project's npm packages) and
// switches between Chinese and English without reloading. User texts are set as textContent.
(function () {
  "use strict";
  const TEXTS = JSON.parse(document.getElementById("staff-texts").textContent);
  const REPORT = JSON.parse(document.getElementById("staff-report").textContent);
  const charts = {};
  let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";

  const t = (key) => TEXTS[lang][key];
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
  const label = (group, key) => (TEXTS[lang][group] || {})[key] || key;
  const percent = (share) => (share === null ? "–" : (share * 100).toFixed(1) + " %");

  function chart(id) {
    const node = document.getElementById(id);
    if (!charts[id]) charts[id] = echarts.init(node, null, { renderer: "canvas" });
    return charts[id];
  }

  function seriesName(series) {
    return label("channels", series.channel) + " · " + t("language_" + series.language);
  }

  function lines(id, metric) {
    chart(id).setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { top: 40, left: 50, right: 20, bottom: 30 },
      xAxis: { type: "category", data: REPORT.days },
      yAxis: { type: "value", minInterval: 1 },
      series: REPORT.series.map((s) => ({ name: seriesName(s), type: "line", data: s[metric] })),
    }, true);
  }

  function bars(id, items, name) {
    const ordered = items.slice().reverse();  // largest at the top
    chart(id).setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { top: 10, left: 10, right: 30, bottom: 20, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: ordered.map(name) },
      series: [{ type: "bar", data: ordered.map((item) => item.count), label: { show: true, position: "right" } }],
    }, true);
  }

  function fallbackShare(id) {
    chart(id).setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "–" : (v * 100).toFixed(1) + " %") },
      grid: { top: 20, left: 50, right: 20, bottom: 30 },
      xAxis: { type: "category", data: REPORT.days },
      yAxis: { type: "value", min: 0, axisLabel: { formatter: (v) => Math.round(v * 100) + " %" } },
      series: [{ name: t("fallback_share"), type: "line", connectNulls: false, data: REPORT.fallback_share }],
    }, true);
  }

  function texts() {
    document.documentElement.lang = t("html_lang");
    document.title = t("title");
    document.querySelectorAll("[data-text]").forEach((node) => { node.textContent = t(node.dataset.text); });
    document.querySelectorAll("[data-lang]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    });
    document.getElementById("period-lang").value = lang;
    const offset = REPORT.period.utc_offset_hours;
    document.getElementById("zone").textContent =
      format(t("days_in_zone"), { offset: (offset >= 0 ? "+" : "") + offset });
    const replies = REPORT.reply_times;
    document.getElementById("reply-times").textContent =
      replies ? format(t("reply_time_note"), replies) : t("reply_time_none");
  }

  function figures() {
    const totals = REPORT.totals;
    document.getElementById("total-conversations").textContent = totals.conversations;
    document.getElementById("total-messages").textContent = totals.messages;
    document.getElementById("total-fallback").textContent =
      percent(totals.messages ? totals.fallbacks / totals.messages : null);
    for (const key of ["started", "completed", "abandoned"]) {
      document.getElementById("screenings-" + key).textContent = REPORT.screenings[key];
    }
    document.getElementById("generated").textContent = REPORT.generated;
    document.getElementById("period-from").value = REPORT.period.first;
    document.getElementById("period-to").value = REPORT.period.last;
    const body = document.querySelector("#not-understood tbody");
    body.replaceChildren(...REPORT.not_understood.map((item) => {
      const row = document.createElement("tr");
      for (const value of [item.count, item.text]) {
        const cell = document.createElement("td");
        cell.textContent = value;
        row.appendChild(cell);
      }
      return row;
    }));
  }

  function draw() {
    lines("chart-conversations", "conversations");
    lines("chart-messages", "messages");
    bars("chart-topics", REPORT.topics, (item) => item.topic);
    bars("chart-outcomes", REPORT.screenings.outcomes, (item) => label("outcomes", item.outcome));
    bars("chart-abandoned", REPORT.screenings.abandoned_at, (item) => label("questions", item.question));
    fallbackShare("chart-fallback");
  }

  function render() {
    texts();
    draw();
  }

  document.querySelectorAll("[data-lang]").forEach((button) => {
    button.addEventListener("click", () => {
      lang = button.dataset.lang;
      const url = new URL(location.href);
      url.searchParams.set("lang", lang);
      if (url.protocol.startsWith("http")) history.replaceState(null, "", url);
      render();
    });
  });
  document.getElementById("export").addEventListener("click", () => {
    const blob = new Blob([REPORT.nlu_candidates_yaml], { type: "application/yaml" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "nlu_candidates_" + REPORT.period.first + "_" + REPORT.period.last + ".yml";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  figures();
  render();
  document.body.dataset.rendered = "true";
})();
