"""The knowledge-base search benchmark's Markdown report (`python -m bench.kb_bench`)."""

from __future__ import annotations


def markdown(report: dict) -> str:
    lines = ["# Knowledge-base search benchmark", "",
             f"Dev set: {report['devset']['questions']} questions ({report['devset']['en']} "
             f"English, {report['devset']['zh']} Chinese), tests/kb/devset.yml. Corpus: "
             f"{report['corpus']['articles']} articles, {report['corpus']['with_english']} with "
             f"English. Python {report['machine']['python']}, {report['machine']['cpus']} CPUs.",
             ""]
    for warning in report["corpus"]["warnings"]:
        lines.append(f"- source warning: {warning}")
    lines += ["", f"Build {report['build_seconds']} s. Cold start (new process: import, load "
              f"spaCy, jieba and the index, first query) {report['cold_start_seconds']} s."]
    for scale, data in report["scales"].items():
        built = (f", index built in {data['index_build_seconds']} s"
                 if "index_build_seconds" in data else "")
        lines += ["", f"## Scale {scale}x ({data['documents']} documents{built})", "",
                  "| system | group | n | top-1 % | top-3 % | MRR@10 |",
                  "|---|---|---|---|---|---|"]
        for system in ("ours", "baseline"):
            for group, q in data[system]["quality"].items():
                lines.append(f"| {system} | {group} | {q['n']} | {q['top1']} | {q['top3']} | "
                             f"{q['mrr']} |")
        if "quality_family" in data["ours"]:
            q = data["ours"]["quality_family"]["all"]
            lines += ["", "Synthetic copies are near-duplicates of their article, so the strict "
                      "figures above count a copy outranking its original as a miss. Counting a "
                      f"copy as its original, ours scores top-1 {q['top1']} %, top-3 "
                      f"{q['top3']} %, MRR {q['mrr']}."]
        lines += ["", "| system | p50 ms | p95 ms | max ms | samples |", "|---|---|---|---|---|"]
        for system in ("ours", "baseline"):
            lat = data[system]["latency"]
            lines.append(f"| {system} | {lat['p50_ms']} | {lat['p95_ms']} | {lat['max_ms']} | "
                         f"{lat['samples']} |")
    if "blind_zh" in report:
        lines += ["", "## Blind Chinese questions (tests/kb/devset_zh_holdout.yml, 1x)", "",
                  "| system | n | top-1 % | top-3 % | MRR@10 |", "|---|---|---|---|---|"]
        for system, q in report["blind_zh"].items():
            lines.append(f"| {system} | {q['n']} | {q['top1']} | {q['top3']} | {q['mrr']} |")
    lines += ["", "Targets: ours top-1 >= baseline + 10 points; p95 <= 5 ms at 1x, <= 50 ms at "
              "100x. Latency is one query at a time, warm (index built, spaCy/jieba loaded).", ""]
    return "\n".join(lines)
