"""Writes a solid-colour PNG of the given size: python3 mkpng.py OUT WIDTH HEIGHT [RRGGBB].

Used to make the fixture logos; kept so fixtures can be regenerated at other sizes."""
import struct, sys, zlib

def png(width, height, rgb=(0x5F, 0x43, 0xCF)):
    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")

if __name__ == "__main__":
    out, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    colour = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else (0x5F, 0x43, 0xCF)
    open(out, "wb").write(png(w, h, tuple(colour)))
