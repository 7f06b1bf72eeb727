#!/usr/bin/env python3
"""Draws eng/icon.png, the packages' 128x128 icon: a white arrow dropping into a white tray on an
indigo rounded square. Standard library only (zlib), so it runs anywhere python3 does; the PNG is
committed, so nothing runs this in a build. Run it again after changing a shape:
    python3 eng/icon.py
"""
import os
import struct
import zlib

SIZE = 128
SAMPLES = 4  # per axis: 16 samples a pixel smooth the edges
BACKGROUND = (67, 56, 202)  # indigo
FOREGROUND = (255, 255, 255)


def in_rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def colour_at(x, y):
    """None outside the icon (transparent), else the colour of the point (x, y)."""
    if not in_rounded_rect(x, y, 0, 0, SIZE, SIZE, 24):
        return None
    tray = in_rounded_rect(x, y, 22, 70, 106, 106, 8) and not (34 <= x <= 94 and y <= 82)
    arrow = (57 <= x <= 71 and 18 <= y <= 52) or in_triangle(x, y, (42, 48), (86, 48), (64, 74))
    return FOREGROUND if tray or arrow else BACKGROUND


def pixel(px, py):
    red = green = blue = alpha = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            colour = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            if colour is not None:
                red, green, blue, alpha = red + colour[0], green + colour[1], blue + colour[2], alpha + 1
    if alpha == 0:
        return b"\0\0\0\0"
    return bytes((red // alpha, green // alpha, blue // alpha, alpha * 255 // SAMPLES ** 2))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    rows = b"".join(b"\0" + b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as file:
        file.write(png)
    print(f"{path}: {len(png)} bytes")


if __name__ == "__main__":
    main()
