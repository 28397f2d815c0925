#!/usr/bin/env python3
"""A soak of `psr studio`: for a given time, what an officer's browser and a hostile
client send, mixed, against a studio on a folder with the example case.

Sent, at random: the example case changed (texts replaced by any of a palette of
scripts, markup and control characters, texts grown past their limits, lists grown to
hundreds of items, lines cut, YAML broken) to `/api/check` for both copies; saves
with stale and current versions; forms; a new case; pages, the review and the PDF;
and requests the guard must refuse (no cookie, the cookie without the session's path,
a foreign Host or Origin, a path out of the folder, a body over 5 MiB, half-sent
requests). Checked: no answer 5xx, the studio still answers the officer at the end,
the case file on disk is always a case psr reads or the last text saved, and the
studio's peak resident memory (VmHWM, Linux).

    python3 bench/studio_soak.py [--psr target/release/psr] [--seconds 600] [--seed 1]

Prints one line of figures; exit 1 when a check fails. docs/security.md ("Fuzzing")
has the runs on record.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PALETTE = ["a", "Z", " ", "é", "ß", "א", "ب", "中", "😀", "👍🏽", "1️⃣", "\u202e", "\u200b",
           "\u2066", "\u0301", "#", "$", "[", "]", "\\", "{{", "}}", "{%", "*", "_", "`", "<",
           ">", "@", "//", "/*", "=", "-", "0", "9", ".", ",", "'", "\"", "<script>", "\x1b[31m"]


def mutate(text, rng):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        line = lines[i]
        choice = rng.random()
        if choice < 0.35 and ": " in line:
            key, _ = line.split(": ", 1)
            value = "".join(rng.choice(PALETTE) for _ in range(rng.choice([1, 8, 60, 400])))
            lines[i] = f"{key}: {json.dumps(value, ensure_ascii=False)}"
        elif choice < 0.5 and ": " in line:
            key, _ = line.split(": ", 1)
            lines[i] = f"{key}: {json.dumps('x' * rng.choice([2_000, 20_000, 300_000]))}"
        elif choice < 0.65 and line.lstrip().startswith("- "):
            lines[i:i + 1] = [line] * rng.choice([20, 300, 2_000])
        elif choice < 0.8:
            del lines[i]
        elif choice < 0.9:
            lines[i] = line[: rng.randrange(len(line) + 1)]
        else:
            lines[i] = rng.choice(["{", "[", ": :", "- - -", "&a *a", "!!binary x", "\t"]) + line
    return "\n".join(lines)


class Studio:
    def __init__(self, psr, folder):
        self.process = subprocess.Popen(
            [psr, "studio", folder, "--time-limit", "60"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        address = self.process.stdout.readline().strip()
        match = re.match(r"http://127\.0\.0\.1:(\d+)/\?token=(\w+)", address)
        if not match:
            raise SystemExit(f"no address: {address!r}")
        self.port, token = int(match.group(1)), match.group(2)
        status, headers, _ = self.raw("GET", f"/?token={token}")
        assert status == 303, status
        self.cookie = headers["set-cookie"].split(";")[0]
        self.base = headers["location"].rstrip("/")
        self.origin = f"http://127.0.0.1:{self.port}"

    def raw(self, method, path, body=b"", headers=None, timeout=120):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            connection.close()

    def send(self, method, path, body=b"", headers=None):
        all_headers = {"Cookie": self.cookie, "Origin": self.origin}
        all_headers.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        return self.raw(method, self.base + path, body, all_headers)

    def peak_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--psr", default=os.path.join(ROOT, "target/release/psr"))
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = tempfile.mkdtemp(prefix="psr-soak-")
    example = open(os.path.join(ROOT, "fixtures/case.example.yaml"), encoding="utf-8").read()
    shutil.copy(os.path.join(ROOT, "fixtures/catalogue.example.yaml"), os.path.join(folder, "catalogue.yaml"))
    with open(os.path.join(folder, "case.yaml"), "w", encoding="utf-8") as f:
        f.write(example)
    studio = Studio(args.psr, folder)
    counts, failures, slowest = {}, [], 0.0
    # What the file must hold: the text of the last save answered 200.
    last_saved = example
    end = time.time() + args.seconds
    try:
        while time.time() < end:
            action = rng.random()
            started = time.time()
            if action < 0.5:
                copy = rng.choice(["court", "person"])
                status, _, _ = studio.send("POST", f"/api/check?copy={copy}&name=case.yaml",
                                           mutate(example, rng), {"Content-Type": "text/plain"})
                what = "check"
            elif action < 0.6:
                _, _, body = studio.send("GET", "/api/case/case.yaml")
                version = json.loads(body)["version"] if body.startswith(b"{") else "x"
                if rng.random() < 0.3:
                    version = "stale"
                text = example if rng.random() < 0.5 else mutate(example, rng)
                status, _, _ = studio.send("PUT", "/api/case/case.yaml", text,
                                           {"If-Match": f'"{version}"', "Content-Type": "text/plain"})
                if status == 200:
                    last_saved = text
                what = "save"
            elif action < 0.65:
                status, _, _ = studio.send("POST", "/api/form/tree", mutate(example, rng),
                                           {"Content-Type": "text/plain"})
                what = "form"
            elif action < 0.7:
                path = rng.choice(["/", "/case/case.yaml", "/case/case.yaml/review",
                                   "/case/case.yaml/check", "/case/case.yaml/page/1",
                                   "/api/case/case.yaml/pdf?copy=court", "/api/cases"])
                status, _, _ = studio.send("GET", path)
                what = "page"
            elif action < 0.72:
                status, _, _ = studio.send("POST", "/api/cases")
                what = "new"
            else:
                # What the guard refuses.
                kind = rng.randrange(7)
                if kind == 0:
                    status, _, _ = studio.raw("GET", "/api/cases", headers={"Cookie": studio.cookie})
                elif kind == 1:
                    status, _, _ = studio.raw("GET", studio.base + "/api/cases")
                elif kind == 2:
                    status, _, _ = studio.raw("GET", studio.base + "/api/cases",
                                              headers={"Cookie": studio.cookie, "Host": "evil.example"})
                elif kind == 3:
                    status, _, _ = studio.raw("PUT", studio.base + "/api/case/case.yaml", b"x: 1",
                                              {"Cookie": studio.cookie, "Origin": "http://evil.example"})
                elif kind == 4:
                    status, _, _ = studio.send("GET", rng.choice([
                        "/api/case/..%2F..%2Fetc%2Fpasswd.yaml", "/api/case/catalogue.yaml",
                        "/case/%00.yaml", "/assets/../../Cargo.toml"]))
                elif kind == 5:
                    status, _, _ = studio.send("POST", "/api/check", b"a" * (5 * 1024 * 1024 + 1))
                else:
                    # Half a request, then nothing.
                    with socket.create_connection(("127.0.0.1", studio.port)) as half:
                        half.sendall(b"POST " + studio.base.encode() + b"/api/check HTTP/1.1\r\nHost: 127")
                    status = 0
                what = "refused"
            slowest = max(slowest, time.time() - started)
            counts[(what, status)] = counts.get((what, status), 0) + 1
            if status >= 500:
                failures.append(f"{what} answered {status}")
    finally:
        peak = studio.peak_kib()
        status, _, _ = studio.send("GET", "/api/cases")
        if status != 200:
            failures.append(f"the studio no longer answers the officer ({status})")
        with open(os.path.join(folder, "case.yaml"), encoding="utf-8") as f:
            if f.read() != last_saved:
                failures.append("the case file is not the text last saved")
        studio.stop()
        shutil.rmtree(folder, ignore_errors=True)
    total = sum(counts.values())
    summary = ", ".join(f"{w} {s}: {n}" for (w, s), n in sorted(counts.items()))
    print(f"{total} requests in {args.seconds:.0f} s (seed {args.seed}); peak {peak / 1024:.0f} MiB; "
          f"slowest answer {slowest:.1f} s; {summary}")
    if failures:
        print("FAILED: " + "; ".join(sorted(set(failures))))
        sys.exit(1)


if __name__ == "__main__":
    main()
