#!/usr/bin/env python3
"""Writes docs/catalogue.md, the catalogue of every rule of the bundled packs in controls/.

Reads the pack files (`*.textpb`, fixtures excluded) with a small text-format parser, so that it needs neither
protobuf nor a built hdscheck. For each rule it lists the id, severity, English and French titles, citations per
framework, what the rule iterates, the framework requirements it evidences and the profiles that run it, grouped by
pack directory.

  python3 tools/gen_catalogue.py > docs/catalogue.md          # regenerate
  python3 tools/gen_catalogue.py --check docs/catalogue.md    # exit 1 with a diff if out of date

Run from the repository root, or pass --controls DIR.
"""

import argparse
import difflib
import os
import re
import sys

SEVERITY_ORDER = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<punct>[{}<>\[\]:,;])
  | (?P<word>[A-Za-z0-9_.+\-]+)
    """,
    re.VERBOSE,
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
            "v": "\v", "?": "?"}


class ParseError(Exception):
    pass


def _unescape(literal):
    """Decodes a text-format string literal (C escapes; octal and hex bytes are UTF-8)."""
    body = literal[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        i += 1
        e = body[i]
        if e in _ESCAPES:
            out += _ESCAPES[e].encode("utf-8")
            i += 1
        elif e in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i:]).group(0)
            out.append(int(digits, 8))
            i += len(digits)
        elif e == "x":
            digits = re.match(r"[0-9A-Fa-f]{1,2}", body[i + 1:]).group(0)
            out.append(int(digits, 16))
            i += 1 + len(digits)
        else:
            raise ParseError("unknown escape \\" + e)
    return out.decode("utf-8")


def _tokenize(text, path):
    tokens = []
    pos = 0
    line = 1
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ParseError("%s:%d: unexpected character %r" % (path, line, text[pos]))
        kind = match.lastgroup
        if kind != "space":
            tokens.append((kind, match.group(0), line))
        line += match.group(0).count("\n")
        pos = match.end()
    return tokens


def parse_textproto(text, path="<text>"):
    """Parses text format into {field: [values]}, a value being a str or a nested dict of the same shape."""
    tokens = _tokenize(text, path)
    index = [0]

    def peek():
        return tokens[index[0]] if index[0] < len(tokens) else (None, None, None)

    def take():
        token = peek()
        if token[0] is None:
            raise ParseError("%s: unexpected end of file" % path)
        index[0] += 1
        return token

    def scalar():
        kind, value, line = take()
        if kind == "string":
            parts = [_unescape(value)]
            while peek()[0] == "string":  # adjacent literals concatenate
                parts.append(_unescape(take()[1]))
            return "".join(parts)
        if kind == "word":
            return value
        raise ParseError("%s:%d: expected a value, got %r" % (path, line, value))

    def message(closing):
        fields = {}
        while True:
            kind, value, line = peek()
            if kind is None:
                if closing is None:
                    return fields
                raise ParseError("%s: missing %r" % (path, closing))
            if kind == "punct" and value == closing:
                take()
                return fields
            if kind != "word":
                raise ParseError("%s:%d: expected a field name, got %r" % (path, line, value))
            name = take()[1]
            if peek()[1] == ":":
                take()
            if peek()[1] in ("{", "<"):
                opening = take()[1]
                values = [message("}" if opening == "{" else ">")]
            elif peek()[1] == "[":
                take()
                values = []
                while peek()[1] != "]":
                    if peek()[1] in ("{", "<"):
                        opening = take()[1]
                        values.append(message("}" if opening == "{" else ">"))
                    else:
                        values.append(scalar())
                    if peek()[1] == ",":
                        take()
                take()
            else:
                values = [scalar()]
            fields.setdefault(name, []).extend(values)
            if peek()[1] in (",", ";"):
                take()

    return message(None)


def first(message, name, default=""):
    values = message.get(name, [])
    return values[0] if values else default


def localized(message, name, language):
    text = first(message, name, None)
    return first(text, language) if text else ""


def load_packs(controls):
    """Returns [(pack_dir, file, parsed)] for every non-fixture pack file below controls, in path order."""
    packs = []
    for root, dirs, files in os.walk(controls):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".textpb") or name.endswith("_test.textpb"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                parsed = parse_textproto(f.read(), path)
            packs.append((os.path.relpath(root, os.path.dirname(controls.rstrip("/")) or "."), name, parsed))
    return packs


def cell(text):
    """Makes text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def build_catalogue(controls):
    packs = load_packs(controls)
    rules = []  # (pack_dir, file, rule)
    frameworks = []
    profiles = []
    for pack_dir, name, parsed in packs:
        rules.extend((pack_dir, name, rule) for rule in parsed.get("rule", []))
        frameworks.extend(parsed.get("framework", []))
        profiles.extend(parsed.get("profile", []))

    # Requirements each rule evidences: a requirement's rule_ids, and a reference's `requirement`.
    evidences = {}
    framework_ids = [first(f, "id") for f in frameworks]
    for framework in frameworks:
        for requirement in framework.get("requirement", []):
            for rule_id in requirement.get("rule_ids", []):
                evidences.setdefault(rule_id, set()).add((first(framework, "id"), first(requirement, "id")))
    for _, _, rule in rules:
        for reference in rule.get("reference", []):
            if first(reference, "requirement"):
                evidences.setdefault(first(rule, "id"), set()).add(
                    (first(reference, "framework"), first(reference, "requirement")))

    def rule_frameworks(rule):
        cited = {first(r, "framework") for r in rule.get("reference", [])}
        mapped = {framework for framework, _ in evidences.get(first(rule, "id"), ())}
        return [f for f in framework_ids if f in cited | mapped] + sorted((cited | mapped) - set(framework_ids))

    def rule_profiles(rule):
        # As lib/rules/selection.cc: the profile's frameworks (all when none listed) map or are cited by the rule,
        # plus include_rule, minus exclude_rule.
        rule_id = first(rule, "id")
        selected = []
        uses = set(rule_frameworks(rule))
        for profile in profiles:
            chosen = set(profile.get("framework", [])) or set(framework_ids)
            runs = bool(chosen & uses) or rule_id in profile.get("include_rule", [])
            if rule_id in profile.get("exclude_rule", []):
                runs = False
            if runs:
                selected.append(first(profile, "id"))
        return selected

    out = []
    out.append("# Rule catalogue")
    out.append("")
    out.append("<!-- Generated by tools/gen_catalogue.py from controls/; do not edit by hand. -->")
    out.append("Every rule of the bundled packs in `controls/`, generated from the pack files by `tools/gen_catalogue.py`")
    out.append("(regenerate with `python3 tools/gen_catalogue.py > docs/catalogue.md`; "
               "`bazel test //tests/golden:catalogue_test` fails when this file is out of date).")
    out.append("See [rules.md](rules.md) for how to read, tailor, waive and write rules, and `hdscheck rules show ID` "
               "for a rule's expressions, rationale and remediation.")
    out.append("")
    by_severity = {}
    for _, _, rule in rules:
        by_severity[first(rule, "severity")] = by_severity.get(first(rule, "severity"), 0) + 1
    out.append("%d rules: %s." % (len(rules), ", ".join(
        "%d %s" % (by_severity[s], s) for s in SEVERITY_ORDER if s in by_severity)))
    out.append("")
    out.append("| Profile | Title | Frameworks |")
    out.append("|---|---|---|")
    for profile in profiles:
        out.append("| `%s` | %s / %s | %s |" % (
            first(profile, "id"), cell(localized(profile, "title", "en")), cell(localized(profile, "title", "fr")),
            ", ".join(profile.get("framework", [])) or "all"))
    out.append("")
    out.append("Columns: **Rule** (id and severity); **Title** in English, then French; **Citations** grouped by "
               "framework; **For each**, the dossier collection the rule iterates (empty: the dossier once); "
               "**Requirements**, the framework requirements the rule evidences; **Profiles** that run it.")

    pack_dirs = []
    for pack_dir, _, _ in rules:
        if pack_dir not in pack_dirs:
            pack_dirs.append(pack_dir)
    for pack_dir in pack_dirs:
        in_pack = [(name, rule) for d, name, rule in rules if d == pack_dir]
        out.append("")
        out.append("## `%s/` (%d rules)" % (pack_dir, len(in_pack)))
        out.append("")
        out.append("| Rule | Title | Citations | For each | Requirements | Profiles |")
        out.append("|---|---|---|---|---|---|")
        for name, rule in sorted(in_pack, key=lambda item: _id_key(first(item[1], "id"))):
            citations = {}
            for reference in rule.get("reference", []):
                citations.setdefault(first(reference, "framework"), []).append(first(reference, "citation"))
            cited = "<br>".join("%s: %s" % (framework, "; ".join(values)) for framework, values in citations.items())
            requirements = "<br>".join(
                "%s %s" % pair for pair in sorted(evidences.get(first(rule, "id"), ()), key=lambda p: (
                    framework_ids.index(p[0]) if p[0] in framework_ids else len(framework_ids), _id_key(p[1]))))
            for_each = first(rule, "for_each")
            out.append("| **%s**<br>%s | %s<br>*%s* | %s | %s | %s | %s |" % (
                cell(first(rule, "id")), first(rule, "severity"), cell(localized(rule, "title", "en")),
                cell(localized(rule, "title", "fr")), cell(cited), "`%s`" % cell(for_each) if for_each else "",
                cell(requirements), ", ".join(rule_profiles(rule))))
    out.append("")
    return "\n".join(out)


def _id_key(identifier):
    """Sorts ids naturally: SEC-BKP-2 before SEC-BKP-10, A.5.9 before A.5.10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", identifier)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--controls", default="controls", help="the directory of the rule packs (default: controls)")
    parser.add_argument("--check", metavar="CATALOGUE", help="compare with this file instead of printing")
    args = parser.parse_args()
    try:
        catalogue = build_catalogue(args.controls)
    except (OSError, ParseError) as error:
        print("gen_catalogue: %s" % error, file=sys.stderr)
        return 2
    if args.check is None:
        sys.stdout.write(catalogue)
        return 0
    with open(args.check, encoding="utf-8") as f:
        committed = f.read()
    if committed == catalogue:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        committed.splitlines(True), catalogue.splitlines(True), args.check, "generated from " + args.controls))
    print("\n%s is out of date: run `python3 tools/gen_catalogue.py > %s`" % (args.check, args.check))
    return 1


if __name__ == "__main__":
    sys.exit(main())
