#!/usr/bin/env python3
"""Writes the seed corpora of the tls-pki fuzz targets from the repository's testdata/ vector
files, into corpus/parse_certificate/ and corpus/verify_chain/ (replacing what is there).

Run from anywhere: `python3 crates/tls-pki/fuzz/make_seeds.py`. Deterministic: the same
testdata gives the same files.

Certificates (all real, none made here):
- openssl-captures.json: the ECDSA P-256 root and intermediate, and the leaves the five
  connections sent (two distinct ones: an ECDSA P-256 leaf and an RSA-2048 leaf);
- illustrated-tls13.json: the RSA server certificate of example.ulfheim.net (its issuer is not
  in the file; illustrated-tls12 serves the same certificate).

parse_certificate seeds are the distinct certificates, one per file, as DER.

verify_chain seeds are a configuration byte and framed certificates (see harness.rs): the
OpenSSL chains as a server sends them and in other orders, with other anchors, names and times,
so that the path builder is reached on paths that verify and on each way of failing.
"""

import base64
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
TESTDATA = HERE.parent.parent.parent / "testdata"

# Configuration byte (harness.rs): bits 0-1 server name, bits 2-3 time, bit 4 client too,
# bit 5 max_depth 1.
NO_NAME, LOCALHOST, LOOPBACK_IP, ULFHEIM = 0, 1, 2, 3
T2027, T2019, T1970, T2200 = 0 << 2, 1 << 2, 2 << 2, 3 << 2
CLIENT_TOO = 0x10
SHALLOW = 0x20


def load(name):
    return json.loads((TESTDATA / name).read_text())


def pem_der(text):
    body = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
    return base64.b64decode("".join(body.group(1).split()))


def frame(der):
    return len(der).to_bytes(2, "big") + der


def chain(config, anchor, end_entity, *intermediates):
    return bytes([config]) + b"".join(frame(c) for c in (anchor, end_entity, *intermediates))


def write(directory, seeds):
    out = HERE / "corpus" / directory
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    for name, data in seeds.items():
        (out / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {out.relative_to(HERE)}")


def main():
    captures = load("openssl-captures.json")
    root = pem_der(captures["ca_certificate_pem"])
    intermediate = pem_der(captures["intermediate_ca_certificate_pem"])
    leaves = {}
    for connection in captures["connections"]:
        pems = connection["server_certificate_chain_pem"]
        leaves[connection["name"]] = pem_der(pems[0])
        assert pem_der(pems[1]) == intermediate
    ecdsa_leaf = leaves["tls13-aes-128-gcm-sha256"]
    rsa_leaf = leaves["tls12-ecdhe-rsa-aes256-gcm-sha384"]
    ulfheim = bytes.fromhex(load("illustrated-tls13.json")["keys"]["server_certificate_der_hex"])

    write(
        "parse_certificate",
        {
            "openssl-root": root,
            "openssl-intermediate": intermediate,
            "openssl-leaf-ecdsa": ecdsa_leaf,
            "openssl-leaf-rsa": rsa_leaf,
            "illustrated-tls13-server": ulfheim,
        },
    )

    seeds = {}
    assert set(leaves.values()) == {ecdsa_leaf, rsa_leaf}
    # As the servers sent them, checked for the name.
    seeds["ecdsa-leaf-as-sent"] = chain(LOCALHOST | T2027, root, ecdsa_leaf, intermediate)
    seeds["rsa-leaf-as-sent"] = chain(LOCALHOST | T2027, root, rsa_leaf, intermediate)
    seeds["rsa-leaf-ip-name-client-too"] = chain(
        LOOPBACK_IP | T2027 | CLIENT_TOO, root, rsa_leaf, intermediate
    )
    seeds["ecdsa-leaf-no-name"] = chain(NO_NAME | T2027, root, ecdsa_leaf, intermediate)
    # The intermediate as the anchor: a path with no intermediate.
    seeds["intermediate-as-anchor"] = chain(LOCALHOST | T2027, intermediate, ecdsa_leaf)
    # Intermediates in a worse order, repeated, with the root sent along, as servers do.
    seeds["extra-and-repeated-intermediates"] = chain(
        LOCALHOST | T2027, root, ecdsa_leaf, root, intermediate, rsa_leaf, intermediate
    )
    # Each way of failing: no intermediate, wrong name, too early, too late, too shallow, an
    # anchor that did not issue anything, a CA as end-entity, a leaf as its own anchor.
    seeds["missing-intermediate"] = chain(LOCALHOST | T2027, root, ecdsa_leaf)
    seeds["wrong-name"] = chain(ULFHEIM | T2027, root, ecdsa_leaf, intermediate)
    seeds["before-validity"] = chain(LOCALHOST | T2019, root, ecdsa_leaf, intermediate)
    seeds["after-validity"] = chain(LOCALHOST | T2200, root, ecdsa_leaf, intermediate)
    seeds["max-depth-one-with-root-sent"] = chain(
        LOCALHOST | T2027 | SHALLOW, root, ecdsa_leaf, intermediate, root
    )
    seeds["unrelated-anchor"] = chain(ULFHEIM | T2019, ulfheim, ecdsa_leaf, intermediate)
    seeds["ca-as-end-entity"] = chain(NO_NAME | T2027 | CLIENT_TOO, root, intermediate)
    seeds["leaf-as-own-anchor"] = chain(ULFHEIM | T2019 | CLIENT_TOO, ulfheim, ulfheim)
    write("verify_chain", seeds)


if __name__ == "__main__":
    main()
