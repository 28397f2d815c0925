#!/usr/bin/env python3
"""Writes psr's view model (JSON, from `psr render --emit-view`) as Markdown, so that
the same document can be typeset by pandoc + LaTeX and by LibreOffice for comparison.
Only for benchmarks: psr itself never goes through Markdown."""
import json
import sys


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def main(path):
    view = json.load(open(path, encoding="utf-8"))
    out = [f"# {view['title']}", "", f"*{view['subtitle']}*", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| **{cell(r['label'])}** | {cell(r['value'])} |" for r in view["front"]]
    out += ["", f"*{view['statement']}*", ""]
    for section in view["sections"]:
        out += [f"## {section['number']} {section['title']}", ""]
        for block in section["blocks"]:
            if block["kind"] == "para":
                lead = f"**{block['lead']}.** " if block.get("lead") else ""
                out += [f"{block['number']}  {lead}{block['text']}", ""]
            elif block["kind"] == "subheading":
                out += [f"### {block['text']}", ""]
            elif block["kind"] == "table":
                out += ["| " + " | ".join(cell(c) for c in block["columns"]) + " |"]
                out += ["|" + "---|" * len(block["columns"])]
                out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block["rows"]]
                out += [""]
    signature = view["signature"]
    out += [f"## {signature['title']}", ""]
    out += [f"**{r['label']}**: {r['value']}  " for r in signature["rows"]]
    if signature.get("supervision"):
        out += ["", f"**{signature['supervision']['title']}** {signature['supervision']['text']}"]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
