#!/usr/bin/env python3
"""Writes the seed corpus of the deframe_join_decode fuzz target from the repository's
testdata/ vector files, into corpus/deframe_join_decode/ (replacing what is there).

Run from anywhere: `python3 crates/tls-wire/fuzz/make_seeds.py`. Deterministic: the same
testdata gives the same files.

Each seed is one configuration byte (see harness.rs) and then the records one side of a real
connection sent, end to end:
- `*-wire`: the records exactly as captured, ciphertext included;
- `*-decrypted`: protected records replaced by their plaintext, so that the decoders behind
  them are reached: a TLS 1.2 record keeps its header with the plaintext fragment, a TLS 1.3
  record becomes an application_data record carrying its TLSInnerPlaintext (content, then the
  type byte), which the harness decodes as if decrypted in place (configuration bit 7 set).
Sources: each direction of the five openssl-captures connections and of illustrated-tls12 and
illustrated-tls13 (wire and decrypted); each side of three RFC 8448 traces (decrypted); four
fingerprint ClientHellos (two with GREASE, one with a non-ASCII ALPN), each in a record.
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
TESTDATA = HERE.parent.parent.parent / "testdata"
OUT = HERE / "corpus" / "deframe_join_decode"

HANDSHAKE, ALERT, APPLICATION_DATA = 22, 21, 23
CONTENT_TYPES = {"handshake": HANDSHAKE, "alert": ALERT, "application_data": APPLICATION_DATA}
INNER_PLAINTEXT = 0x80
SHRINK_WHEN_IDLE = 0x40


def load(name):
    return json.loads((TESTDATA / name).read_text())


def record(typ, version, fragment):
    return bytes([typ]) + version + len(fragment).to_bytes(2, "big") + fragment


def tls13_inner(content, typ):
    """A decrypted TLS 1.3 record: its inner plaintext in an application_data record."""
    return record(APPLICATION_DATA, b"\x03\x03", content + bytes([typ]))


def openssl_seeds():
    for conn in load("openssl-captures.json")["connections"]:
        name = conn["name"]
        for direction in ("c2s", "s2c"):
            records = [r for r in conn["records"] if r["dir"] == direction]
            wire, decrypted = b"", b""
            for r in records:
                raw = bytes.fromhex(r["hex"])
                wire += raw
                if "plaintext_hex" not in r:
                    decrypted += raw
                elif name.startswith("tls13"):
                    typ = CONTENT_TYPES[r["inner_content_type"]]
                    decrypted += tls13_inner(bytes.fromhex(r["plaintext_hex"]), typ)
                else:
                    decrypted += record(raw[0], raw[1:3], bytes.fromhex(r["plaintext_hex"]))
            tls13 = name.startswith("tls13")
            yield f"openssl-{name}-{direction}-wire", wire, False
            yield f"openssl-{name}-{direction}-decrypted", decrypted, tls13


def illustrated_seeds():
    for version in ("tls12", "tls13"):
        records = load(f"illustrated-{version}.json")["records"]
        for direction, short in (("client->server", "c2s"), ("server->client", "s2c")):
            wire, decrypted = b"", b""
            for r in records:
                if r["direction"] != direction:
                    continue
                raw = bytes.fromhex(r["record_hex"])
                wire += raw
                if "inner_plaintext_hex" in r:
                    inner = bytes.fromhex(r["inner_plaintext_hex"])
                    decrypted += record(APPLICATION_DATA, b"\x03\x03", inner)
                elif "content_hex" in r:
                    decrypted += record(raw[0], raw[1:3], bytes.fromhex(r["content_hex"]))
                else:
                    decrypted += raw
            yield f"illustrated-{version}-{short}-wire", wire, False
            yield f"illustrated-{version}-{short}-decrypted", decrypted, version == "tls13"


def rfc8448_seeds():
    """RFC 8448 gives each record's plaintext ("payload") before its "complete record"."""
    for scenario in load("rfc8448-vectors.json")["scenarios"]:
        if scenario["scenario"] not in ("hrr", "client-auth", "resumed-0rtt"):
            continue
        streams = {"client": b"", "server": b""}
        payload = None
        for item in scenario["items"]:
            if item["name"] == "payload":
                payload = bytes.fromhex(item["hex"])
            elif item["name"] == "complete record":
                raw = bytes.fromhex(item["hex"])
                label = scenario["steps"][item["step"]]["label"]  # "send handshake record"
                typ = CONTENT_TYPES[label.split()[1]]
                if raw[0] == APPLICATION_DATA and raw[5:] != payload:
                    streams[item["side"]] += tls13_inner(payload, typ)
                else:
                    streams[item["side"]] += raw
        for side, stream in streams.items():
            yield f"rfc8448-{scenario['scenario']}-{side}-decrypted", stream, True


def fingerprint_seeds():
    wanted = (
        "foxio-tls-handshake-stream0",
        "foxio-latest-stream3",
        "foxio-tls-non-ascii-alpn-stream0",
        "gnutls-cli-default-sni",
    )
    for vector in load("fingerprint-vectors.json"):
        if vector["name"] not in wanted:
            continue
        hello = bytes.fromhex(vector["client_hello_hex"])
        wire = vector["record_hex"]
        wire = bytes.fromhex(wire) if wire else record(HANDSHAKE, b"\x03\x01", hello)
        yield f"fingerprint-{vector['name']}", wire, False


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    seeds = [
        *openssl_seeds(),
        *illustrated_seeds(),
        *rfc8448_seeds(),
        *fingerprint_seeds(),
    ]
    for i, (name, stream, inner_plaintext) in enumerate(seeds):
        # Spread the seeds over every chunk size, record limit and shrink setting, so the
        # corpus starts with each of them covered.
        config = (i % 16) | ((i // 4 % 4) << 4) | (SHRINK_WHEN_IDLE if i % 3 == 0 else 0)
        if inner_plaintext:
            config |= INNER_PLAINTEXT
        (OUT / name).write_bytes(bytes([config]) + stream)
    print(f"wrote {len(seeds)} seeds to {OUT}")


if __name__ == "__main__":
    main()
