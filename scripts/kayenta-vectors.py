#!/usr/bin/env python3
"""Extracts the test vectors of Kayenta's judge (spinnaker/kayenta) into JSON fixtures
for Vigil's canary tests (Tests/VigilCoreTests/Fixtures/kayenta/).

Usage: scripts/kayenta-vectors.py KAYENTA_CHECKOUT COMMIT

Reads kayenta-judge/.../ClassifierSuite.scala and kayenta-mannwhitney/.../MannWhitneySuite.scala:
for each Mann-Whitney classifier test, its samples, classifier parameters, classify()
arguments and asserted outcome; for the Mann-Whitney suite, the named arrays of each
test. Only data and expected outcomes are taken (numbers and labels), nothing else.
"""
import json, re, sys, pathlib

root, commit = pathlib.Path(sys.argv[1]), sys.argv[2]
classifier_suite = root / "kayenta-judge/src/test/scala/com/netflix/kayenta/judge/ClassifierSuite.scala"
mw_suite = root / "kayenta-mannwhitney/src/test/scala/com/netflix/kayenta/mannwhitney/MannWhitneySuite.scala"
out = pathlib.Path(__file__).resolve().parent.parent / "Tests/VigilCoreTests/Fixtures/kayenta"

def blocks(text):
    parts = re.split(r'\n\s*test\("', text)[1:]
    for part in parts:
        name = part[: part.index('"')]
        yield name, part

def arrays(block):
    found = {}
    for m in re.finditer(r'val (\w+)\s*=\s*Array(?:\[Double\])?\(([^)]*)\)', block, re.S):
        values = [v.strip() for v in m.group(2).replace("\n", " ").split(",") if v.strip()]
        found[m.group(1)] = [float(v) for v in values]
    return found

def pair(block, key):
    m = re.search(key + r'\s*=\s*\(\s*([-0-9.eE]+)\s*,\s*([-0-9.eE]+)\s*\)', block)
    return [float(m.group(1)), float(m.group(2))] if m else None

cases = []
for name, block in blocks(classifier_suite.read_text()):
    if "new MannWhitneyClassifier" not in block:
        continue
    data = arrays(block)
    experiment = re.search(r'Metric\("[^"]*",\s*(\w+),\s*"canary"\)', block).group(1)
    control = re.search(r'Metric\("[^"]*",\s*(\w+),\s*"baseline"\)', block).group(1)
    ctor = block[block.index("new MannWhitneyClassifier(") :]
    ctor = ctor[: ctor.index("val result")]
    call = re.search(r'classifier\.classify\(([^)]*)\)', block).group(1)
    case = {
        "name": name,
        "experiment": data[experiment],
        "control": data[control],
        "tolerance": float(re.search(r'tolerance\s*=\s*([0-9.]+)', ctor).group(1)),
        "confidence": float(re.search(r'confLevel\s*=\s*([0-9.]+)', ctor).group(1)),
        "effect_size_thresholds": pair(ctor, "effectSizeThresholds") or [1.0, 1.0],
        "critical_thresholds": pair(ctor, "criticalThresholds") or [1.0, 1.0],
        "effect_size_measure": (re.search(r'effectSizeMeasure\s*=\s*"(\w+)"', ctor) or [None, "meanRatio"])[1],
        "direction": re.search(r'MetricDirection\.(\w+)', call).group(1).lower(),
        "nan_strategy": (re.search(r'NaNStrategy\.(\w+)', call) or [None, "Remove"])[1].lower(),
        "critical": "isCriticalMetric = true" in call,
        "data_required": "isDataRequired = true" in call,
        "expect": {},
    }
    m = re.search(r'result\.classification == (\w+)', block)
    if m: case["expect"]["classification"] = m.group(1).lower()
    if "assert(result.critical)" in block: case["expect"]["critical"] = True
    if "assert(!result.critical)" in block: case["expect"]["critical"] = False
    if "result.deviation.isNaN" in block: case["expect"]["deviation_is_nan"] = True
    m = re.search(r'result\.deviation == ([0-9.]+)', block)
    if m: case["expect"]["deviation"] = float(m.group(1))
    if "result.reason should not be empty" in block: case["expect"]["has_reason"] = True
    cases.append(case)

mw = {name: arrays(block) for name, block in blocks(mw_suite.read_text())}
source = f"https://github.com/spinnaker/kayenta/tree/{commit}"
(out / "classifier-suite.json").write_text(json.dumps({"source": source + "/" + str(classifier_suite.relative_to(root)), "cases": cases}, indent=1) + "\n")
(out / "mann-whitney-suite.json").write_text(json.dumps({"source": source + "/" + str(mw_suite.relative_to(root)), "tests": mw}, indent=1) + "\n")
print(f"{len(cases)} classifier cases, {len(mw)} Mann-Whitney tests")
