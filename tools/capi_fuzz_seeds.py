#!/usr/bin/env python3
"""Writes the seed corpus of the C ABI fuzz target (capi/capi_fuzzer.cc) into capi/fuzz_corpus: one input per entry
point that gets past the argument checks (a check whose report is read and rendered, a validation, conversions, an
evaluation, the vocabulary, diff/verify/sign), and inputs the library must refuse (absurd lengths, a struct_size that
ends inside a field, a bad format, bad nanos, a broken pack, a tiny input limit). The bytes follow the order in which
capi_fuzzer.cc reads its input. Run from the repository:

    python3 tools/capi_fuzz_seeds.py

`HDSC_FUZZ_VERBOSE=1 bazel-bin/capi/capi_fuzzer_replay_test capi/fuzz_corpus/NAME` prints what each call returned.
"""

import json
import pathlib
import struct

SEPARATOR = b"\xff\x00"   # ends a chunk (a dossier, an expression)
TRUE_LENGTH = b"\x03"     # Input::Length: the buffer's true length
ABSURD_LENGTH = b"\x00"   # Input::Length: SIZE_MAX
TRUE_SIZE = b"\x03"       # Input::StructSize: sizeof the struct
KEEP = b"\x01"            # a choice byte that keeps the default / the text / the pointer
CHANGE = b"\x00"          # a choice byte that takes the next bytes instead (or NULL for OrNull)


def text(value):
    data = value.encode() if isinstance(value, str) else value
    return bytes([len(data)]) + data


def i32(value):
    return struct.pack("<i", value)


def i64(value):
    return struct.pack("<q", value)


def new_checker(language="fr", param_name=None, param_value="5", extra_pack="", pack_count=0, struct_size=TRUE_SIZE):
    data = text(language) + text("")
    data += KEEP if param_name is None else CHANGE + text(param_name)
    data += text(param_value) + text(extra_pack) + TRUE_LENGTH + bytes([pack_count])
    data += KEEP + CHANGE + KEEP  # language set, profile NULL, the parameter given
    return data + struct_size


DOSSIER = json.dumps({
    "organization": {"country": "FR", "legal_name": "CH"},
    "processing_activities": [{"id": "pa-1", "name": "EPR"}, {"id": "pa-2", "name": "x" * 40}],
    "processors": [{"id": "p-1", "name": "Host", "data_locations": [{"country": "DE"}]}],
}).encode()


def optional(value):
    return CHANGE if value is None else KEEP + value


def check(dossier=DOSSIER, format=None, nanos=None, max_input=None, length=TRUE_LENGTH):
    data = text("en") + text("d.json") + KEEP + text("") + dossier + SEPARATOR + TRUE_LENGTH
    data += CHANGE  # now: the fixed time
    data += optional(None if nanos is None else i32(nanos)) + optional(None if format is None else i32(format))
    data += KEEP + KEEP + i32(0)  # language, name, omit_passing_findings
    data += KEEP + KEEP  # no baseline, every rule
    data += CHANGE + CHANGE + optional(None if max_input is None else i64(max_input))
    data += TRUE_SIZE + length
    # The report: summary, has_failure threshold, finding 0, its first reference, a JSON rendering.
    data += TRUE_SIZE + i32(3) + CHANGE + b"\x00" + TRUE_SIZE + CHANGE + KEEP + i32(1) + struct.pack("<I", 0) + KEEP
    return data


def validate(dossier, length=TRUE_LENGTH):
    return b"\x02" + text("d.json") + dossier + SEPARATOR + length + i32(0) + KEEP + TRUE_SIZE + struct.pack("<H", 0)


def convert(to_format, dossier=DOSSIER):
    return (b"\x03" + text("d.json") + text("fr") + dossier + SEPARATOR + KEEP + KEEP + i32(0) + CHANGE + TRUE_SIZE
            + CHANGE + KEEP + i32(to_format) + KEEP + KEEP + TRUE_LENGTH)


def evaluate(expression, dossier=b"", now=None):
    data = b"\x04" + text("d.json") + expression + SEPARATOR + dossier + SEPARATOR
    data += optional(None if now is None else i64(now)) + CHANGE + CHANGE
    data += (KEEP + TRUE_LENGTH) if dossier else CHANGE
    return data + KEEP + CHANGE + TRUE_SIZE + TRUE_LENGTH


SEEDS = {
    "check-json": b"\x01" + new_checker() + check(),
    "check-textproto": b"\x00" + new_checker(language="en", pack_count=1) + b"\x01"
                       + check(b'organization { country: "RE" }\nprocessing_activities { id: "a" name: "b" }', format=2),
    "check-bad-nanos": b"\x01" + new_checker() + check(nanos=2_000_000_000),
    "check-input-limit": b"\x01" + new_checker() + check(max_input=10),
    "check-bad-format": b"\x01" + new_checker() + check(format=99),
    "check-absurd-length": b"\x01" + new_checker() + check(length=ABSURD_LENGTH),
    "checker-list-param": b"\x00" + new_checker(param_name="allowed", param_value="FR, RE,,DE") + b"\x01" + check(),
    "checker-bad-pack": b"\x00" + new_checker(param_value="5", extra_pack='rule { id: "X" require: "1 +" }',
                                              pack_count=1),
    # struct_size 12: inside the rule_paths pointer.
    "checker-struct-inside-a-field": b"\x00" + new_checker(struct_size=b"\x00\x0c"),
    "validate-json": validate(DOSSIER),
    "validate-absurd-length": validate(DOSSIER, ABSURD_LENGTH),
    "validate-broken": validate(b'{"processing_activities": [{"id": 3, "transfers": [}'),
    "convert-to-textproto": convert(2),
    "convert-to-xlsx": convert(4),
    "convert-to-ods": convert(5),
    "eval-dossier": evaluate(b"dossier.processing_activities.map(p, p.name.size())", DOSSIER),
    "eval-strings": evaluate(b"'aaaa'.replace('a', 'aa').replace('a', 'aa').size() + now.getFullYear()"),
    "eval-now-out-of-range": evaluate(b"now", now=2**63 - 1),
    "vocabulary": b"\x05" + i32(3) + text("SARIF") + KEEP + KEEP + text("hospital") + text("fr") + KEEP + KEEP + KEEP
                  + i32(1),
    "documents": b"\x06" + b'{"findings": []}' + SEPARATOR + b"not a signature" + SEPARATOR + TRUE_LENGTH + TRUE_LENGTH,
}


def main():
    corpus = pathlib.Path(__file__).resolve().parent.parent / "capi" / "fuzz_corpus"
    corpus.mkdir(exist_ok=True)
    for name, data in SEEDS.items():
        (corpus / name).write_bytes(data)
    print(f"wrote {len(SEEDS)} seeds to {corpus}")


if __name__ == "__main__":
    main()
