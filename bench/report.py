"""bench.json -> ratios (ours / stock), the issue's targets marked met or missed, and the
markdown table of reports/bench.md."""

from __future__ import annotations

import importlib.metadata
import os
import platform
from pathlib import Path

TRAINING_LIMIT_S = 180.0
KB_P95_LIMIT_MS = 5.0


def machine() -> dict:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines()
                     if line.startswith("MemTotal:")), 0)
    return {"nproc": os.cpu_count(), "ram_gb": round(total_kb / 1024 ** 2, 1), "cpu": cpu,
            "os": platform.platform(), "python": platform.python_version(),
            "rasa": importlib.metadata.version("rasa"),
            "rasa_sdk": importlib.metadata.version("rasa-sdk"),
            "tensorflow": importlib.metadata.version("tensorflow")}


def _ratio(ours: float | None, stock: float | None) -> float | None:
    if ours is None or stock is None or stock == 0:
        return None
    return round(ours / stock, 2)


def _figure(system: dict | None, *path: str) -> float | None:
    value: object = system
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, int | float) else None


def comparable_figures(system: dict | None, levels: list[str]) -> dict[str, float | None]:
    """The figures measured for both bots, by name."""
    figures = {f"latency_{p}_ms": _figure(system, "sequential", "latency_ms", p)
               for p in ("p50", "p95", "p99")}
    for level in levels:
        figures[f"throughput_c{level}_msg_s"] = _figure(system, "load", level,
                                                        "throughput_msg_s")
        figures[f"p95_c{level}_ms"] = _figure(system, "load", level, "latency_ms", "p95")
    figures["startup_s"] = _figure(system, "startup_s")
    figures["rss_rasa_mb"] = _figure(system, "peak_rss_mb", "rasa")
    figures["rss_total_mb"] = _figure(system, "peak_rss_mb", "total")
    return figures


def _status(value: float | None, limit: float, at_most: bool, extra_ok: bool = True) -> str:
    if value is None:
        return "n/a"
    within = value <= limit if at_most else value >= limit
    return "met" if within and extra_ok else "missed"


def targets(report: dict) -> list[dict]:
    ratios, ours, levels = report["ratios"], report["ours"], report["load_levels"]
    rows = [{"name": "p95 latency (one at a time) vs stock", "target": "<= 1.0x",
             "value": ratios["latency_p95_ms"],
             "status": _status(ratios["latency_p95_ms"], 1.0, True)}]
    for level in levels:
        errors = ours["load"][level]["errors"]
        rows.append({"name": f"throughput at {level} conversations vs stock, no errors",
                     "target": ">= 1.0x, 0 errors", "value": ratios[f"throughput_c{level}_msg_s"],
                     "errors": errors,
                     "status": _status(ratios[f"throughput_c{level}_msg_s"], 1.0, False,
                                       errors == 0)})
    rows += [
        {"name": "start-up to first answer vs stock", "target": "<= 1.0x",
         "value": ratios["startup_s"], "status": _status(ratios["startup_s"], 1.0, True)},
        {"name": "peak RSS, all servers, vs stock", "target": "<= 1.2x",
         "value": ratios["rss_total_mb"], "status": _status(ratios["rss_total_mb"], 1.2, True)},
        {"name": "training time (s)", "target": f"<= {TRAINING_LIMIT_S:.0f} s",
         "value": report["training"]["ours_s"],
         "status": _status(report["training"]["ours_s"], TRAINING_LIMIT_S, True)},
        {"name": "knowledge-base query p95 (ms)", "target": f"<= {KB_P95_LIMIT_MS:.0f} ms",
         "value": _figure(report["quality"], "kb", "ours", "p95_ms"),
         "status": _status(_figure(report["quality"], "kb", "ours", "p95_ms"),
                           KB_P95_LIMIT_MS, True)}]
    return rows


def add_comparison(report: dict) -> dict:
    levels = report["load_levels"]
    ours = comparable_figures(report["ours"], levels)
    stock = comparable_figures(report["stock"], levels)
    report["ratios"] = {name: _ratio(ours[name], stock[name]) for name in ours}
    report["targets"] = targets(report)
    return report


def _cell(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def per_language(system: dict, levels: list[str]) -> str:
    """Latency by the conversations' language, one at a time and at each load level."""
    parts = []
    for label, result in [("one at a time", system["sequential"])] + [
            (f"{level} conversations", system["load"][level]) for level in levels]:
        figures = result.get("by_language", {})
        parts.append(f"{label}: " + ", ".join(
            f"{language} p50 {_cell(f['p50'])} / p95 {_cell(f['p95'])} ms ({f['n']} messages)"
            for language, f in figures.items()))
    return "; ".join(parts)


def markdown(report: dict) -> str:
    m, levels = report["machine"], report["load_levels"]
    ours = comparable_figures(report["ours"], levels)
    stock = comparable_figures(report["stock"], levels)
    lines = [f"# Benchmark ({report['mode']} run)", "",
             f"Date {report['date']}. Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB "
             f"RAM, {m['os']}; Python {m['python']}, Rasa {m['rasa']}, rasa-sdk {m['rasa_sdk']}, "
             f"TensorFlow {m['tensorflow']}. Load average at start "
             f"{report['load_average']['start']}, at end {report['load_average']['end']} (other "
             "work on the machine makes the figures noisy).", "",
             f"Script: {report['script']['messages']} messages in "
             f"{report['script']['conversations']} conversations, {report['script']['rounds']} "
             f"round(s) one at a time; {report['script']['load_seconds']} s of load per "
             f"concurrency level in {report['script'].get('blocks', 1)} block(s); with a stock "
             "bot, the two take turns. Stock bot: " + report["stock_note"], "",
             "| figure | ours | stock | ours / stock |", "|---|---|---|---|"]
    for name in ours:
        lines.append(f"| {name} | {_cell(ours[name])} | {_cell(stock[name])} | "
                     f"{_cell(report['ratios'][name])} |")
    seq = report["ours"]["sequential"]
    lines += ["", "Ours per category, one at a time (ms): " + ", ".join(
        f"{name} p50 {_cell(s['p50'])} / p95 {_cell(s['p95'])}"
        for name, s in seq["by_category"].items()) + f". First knowledge-base answer after "
        f"start: {_cell(report['ours']['first_kb_answer_ms'])} ms. Reply checks: "
        f"{seq['checked'] - len(seq['check_failures'])}/{seq['checked']} passed.",
        "", "Ours per language (a conversation's language; the script is half English, half "
        "Chinese): " + per_language(report["ours"], levels) + ".",
        "", "| target | wanted | value | status |", "|---|---|---|---|"]
    lines += [f"| {t['name']} | {t['target']} | {_cell(t['value'])} | **{t['status']}** |"
              for t in report["targets"]]
    q, training = report["quality"], report["training"]
    lines += ["", f"Training: ours {_cell(training['ours_s'])} s; stock `rasa init` + training "
              f"{_cell(training['stock_init_and_train_s'])} s ({training['note']})."]
    for name, label in (("nlu_holdout", "Held-out NLU"), ("nlu_dev", "NLU development set"),
                        ("nlu_cv", "NLU 5-fold CV")):
        figures = q.get(name)
        lines.append(f"{label}: " + ("not available" if figures is None else
                                      f"accuracy {figures['accuracy']:.3f}, macro F1 "
                                      f"{figures['macro_f1']:.3f}, weighted F1 "
                                      f"{figures['weighted_f1']:.3f} ({figures['date']})."))
    kb = q["kb"]
    if kb is None:
        lines.append("Knowledge base: not available.")
    else:
        lines.append("Knowledge base (tests/kb/devset.yml): " + "; ".join(
            f"{system} top-1 {kb[system]['top1']} %, top-3 {kb[system]['top3']} %, MRR "
            f"{kb[system]['mrr']}, p95 {kb[system]['p95_ms']} ms"
            for system in ("ours", "baseline")) + "".join(
            f"; at {scale}x ({data['documents']} docs) ours p95 {data['ours_p95_ms']} ms"
            for scale, data in kb["scaled"].items()) + ".")
    return "\n".join(lines) + "\n"
