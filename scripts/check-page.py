#!/usr/bin/env python3
"""Checks one dashboard page as a browser saw it (scripts/browser-test.sh).

    check-page.py PNG DOM [--expect TEXT]...

Fails (exit 1, with the reason) when the screenshot is blank -- one colour covering
almost all of it, or hardly any colours -- when the DOM Chromium dumped is an error page,
or when it lacks any of the expected fragments (a chart's path, a table). Standard library
only: the PNG is decoded here with zlib (8-bit RGB or RGBA, as Chromium writes them).
"""
import argparse
import re
import struct
import sys
import zlib
from collections import Counter


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    offset, chunks, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    previous = bytearray(stride)
    rows = []
    at = 0
    for _ in range(height):
        kind = raw[at]
        line = bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, step, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("png")
    parser.add_argument("dom")
    parser.add_argument("--expect", action="append", default=[])
    args = parser.parse_args()
    problems = []

    width, height, step, rows = pixels(args.png)
    colours = Counter()
    for y in range(0, height, 2):
        row = rows[y]
        for x in range(0, width, 2):
            colours[row[x * step:x * step + 3]] += 1
    total = sum(colours.values())
    top_share = colours.most_common(1)[0][1] / total
    if top_share > 0.97 or len(colours) < 8:
        problems.append(f"the screenshot looks blank: {len(colours)} colours, the commonest covers {top_share:.1%}")

    dom = open(args.dom, encoding="utf-8", errors="replace").read()
    if re.search(r"<title>Error \d{3} ", dom):
        problems.append("the page is an error page")
    for fragment in args.expect:
        if fragment not in dom:
            problems.append(f"the page lacks {fragment!r}")

    name = args.png.rsplit("/", 1)[-1]
    if problems:
        print(f"FAIL {name}: " + "; ".join(problems))
        return 1
    print(f"ok   {name}: {width}x{height}, {len(colours)} colours, commonest {top_share:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
