# SPDX-License-Identifier: GPL-2.0
#
# The Internet checksum and IPv4/IPv6 headers, for the selftests' packet
# senders (gtpu_send.py, l4_send.py, adv_send.py) and bench/pipeline's
# capture generator. Plain struct: scapy takes minutes to import under TCG.
# Addresses are packed (4 or 16 bytes).
import struct


def csum(data):
    """RFC 1071 checksum of data (odd lengths padded with a zero byte)."""
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def l4_csum(src, dst, proto, l4):
    """Checksum of a TCP/UDP segment l4 (its checksum field zero) with the
    IPv4 or IPv6 pseudo-header."""
    if len(src) == 4:
        pseudo = src + dst + struct.pack('!BBH', 0, proto, len(l4))
    else:
        pseudo = src + dst + struct.pack('!IxxxB', len(l4), proto)
    return csum(pseudo + l4)


def ip4(src, dst, proto, payload, ident=0, frag=0, ihl=5, opts=b'',
        tot=None):
    """An IPv4 packet, TTL 64, with a valid header checksum; ihl and tot
    (total length) may lie."""
    tot = 20 + len(opts) + len(payload) if tot is None else tot
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, tot & 0xffff, ident,
                    frag, 64, proto, 0, src, dst) + opts
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload


def ip6(src, dst, nh, payload, flow=0, plen=None):
    """An IPv6 packet, hop limit 64; plen (payload length) may lie."""
    plen = len(payload) if plen is None else plen
    return struct.pack('!IHBB16s16s', 6 << 28 | flow, plen, nh, 64, src,
                       dst) + payload
