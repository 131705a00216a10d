#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and adversarial packets for adversarial.sh.
#
#   adv_send.py l2 IFACE SRCMAC DSTMAC PHASE   Ethernet frames on IFACE (from
#       the UE namespace: they reach the router's PRE_ROUTING hook once the
#       kernel's IP input has accepted them)
#   adv_send.py raw PHASE                      IP packets from raw sockets
#       (IP_HDRINCL, in the router namespace: its LOCAL_OUT hook sees them
#       unchecked)
#   adv_recv.py ...                            see adv_recv.py
#
# Every packet carries its case number in the IPv4 identification or the
# IPv6 flow label (PHASE * 1000 + case, so that fragments of two phases
# never meet in a reassembly queue); case 999, the raw run's last packet,
# ends a phase (run l2 first). The UE is
# 10.0.1.2 / fd01::2, the far side 10.0.2.2 / fd02::2, the router's own
# addresses towards it 10.0.2.1 / fd02::1.
import ipaddress
import socket
import struct
import sys

import inet_pkt
from inet_pkt import csum

UE4, CORE4, LM4 = (ipaddress.ip_address(a).packed for a in
                   ('10.0.1.2', '10.0.2.2', '10.0.2.1'))
UE6, CORE6, LM6 = (ipaddress.ip_address(a).packed for a in
                   ('fd01::2', 'fd02::2', 'fd02::1'))
PHASE = 1


def ident(case):
    return PHASE * 1000 + case


def ip4(case, payload, proto=17, src=UE4, dst=CORE4, ihl=5, tot=None,
        frag=0, opts=b'', inner=False):
    """inner: a packet inside another, the same in both phases."""
    return inet_pkt.ip4(src, dst, proto, payload,
                        ident=case if inner else ident(case), frag=frag,
                        ihl=ihl, opts=opts, tot=tot)


def ip6(case, nh, payload, src=UE6, dst=CORE6, plen=None, inner=False):
    return inet_pkt.ip6(src, dst, nh, payload,
                        flow=case if inner else ident(case), plen=plen)


def udp(data=b'x' * 20, sport=4000, dport=5000, length=None):
    length = 8 + len(data) if length is None else length
    return struct.pack('!HHHH', sport, dport, length, 0) + data


def ext6(nh, units=0):
    """An extension header of (units + 1) * 8 bytes, PadN filled."""
    body = bytes([1, units * 8 + 4]) + b'\0' * (units * 8 + 4)
    return bytes([nh, units]) + body


def frag6(case, nh, off, more, payload):
    return struct.pack('!BBHI', nh, 0, off << 3 | more, ident(case)) + \
        payload


def gtp(teid, payload, mtype=0xff, flags=0x30, length=None, opt=b''):
    body = opt + payload
    length = len(body) if length is None else length
    return struct.pack('!BBHI', flags, mtype, length, teid) + body


def inner4(case, src='10.9.9.9', tot=None, ihl=5, trunc=None):
    p = ip4(case, udp(b'INVITE sip:x SIP/2.0\r\n'),
            src=ipaddress.ip_address(src).packed,
            dst=ipaddress.ip_address('10.8.0.1').packed, tot=tot, ihl=ihl,
            inner=True)
    return p[:trunc] if trunc else p


def gtpu(case, g, outer=4):
    if outer == 6:
        return ip6(case, 17, udp(g, 2152, 2152))
    return ip4(case, udp(g, 2152, 2152))


def ext_chain(opt, words):
    """S/E flags, seq, N-PDU, then extension headers words[] (len, next)."""
    out = struct.pack('!HBB', 0, 0, 0x85)
    for units, nxt in words:
        out += bytes([units]) + b'\0' * (units * 4 - 2 if units else 0) + \
            bytes([nxt])
    return out


def v4_frags(case, payload, pieces, proto=17):
    """pieces: (offset in 8-byte units, length, more) over payload."""
    return [ip4(case, payload[o * 8:o * 8 + n], proto=proto,
                frag=(0x2000 if m else 0) | o) for o, n, m in pieces]


def v6_frags(case, payload, pieces, nh=17):
    return [ip6(case, 44, frag6(case, nh, o, m, payload[o * 8:o * 8 + n]))
            for o, n, m in pieces]


def icmp4_error(case):
    quoted = ip4(case, udp(), src=CORE4, dst=UE4, inner=True)[:28]
    body = struct.pack('!BBHI', 3, 3, 0, 0) + quoted
    body = body[:2] + struct.pack('!H', csum(body)) + body[4:]
    return ip4(case, body, proto=1)


def icmp6_error(case):
    quoted = ip6(case, 17, udp(), src=CORE6, dst=UE6, inner=True)[:48]
    return ip6(case, 58, struct.pack('!BBHI', 1, 4, 0, 0) + quoted)


def l2_cases():
    """(case, ethertype, packet) sent from the UE side."""
    big = udp(b'F' * 64)
    c = []
    add4 = lambda n, p: c.append((n, 0x0800, p))
    add6 = lambda n, p: c.append((n, 0x86dd, p))
    add4(1, ip4(1, udp(), ihl=4))                      # IHL below 5
    add4(2, ip4(2, udp(), ihl=15))                     # IHL past the end
    add4(3, ip4(3, udp(), tot=200))                    # total length lies up
    add4(4, ip4(4, udp(), tot=30) + b'\0' * 20)        # ... and down
    add4(5, ip4(5, udp())[:10])                        # truncated header
    add4(6, ip4(6, udp(length=0)))                     # zero-length UDP
    add4(7, ip4(7, udp(length=1000)))                  # UDP longer
    add4(8, ip4(8, udp(length=4)))                     # UDP shorter than 8
    add4(9, ip4(9, udp(b'y' * 40, length=12)))         # UDP shorter
    add4(10, ip4(10, udp()[:4]))                       # truncated UDP
    add4(11, gtpu(11, gtp(0x63, inner4(11), length=0xffff)))
    add4(12, gtpu(12, gtp(0x63, inner4(12), flags=0x34,
                          opt=ext_chain(0, [(1, 0x85)] * 40))))
    add4(13, gtpu(13, gtp(0x63, inner4(13), flags=0x34,
                          opt=ext_chain(0, [(0, 0x85)]))))
    add4(14, gtpu(14, gtp(0x63, ip4(14, udp(gtp(0x64, inner4(14)), 2152,
                                            2152), inner=True))))
    add4(15, gtpu(15, gtp(0x63, inner4(15, trunc=12))))
    add4(16, gtpu(16, gtp(0x63, inner4(16, ihl=3))))
    add4(17, gtpu(17, gtp(0x63, inner4(17, tot=4000))))
    add4(18, ip4(18, udp(gtp(0x63, inner4(18)), 2152, 2152, length=9)))
    add4(19, gtpu(19, gtp(0x63, inner4(19), flags=0x32,
                          opt=struct.pack('!HBB', 1, 0, 0))))
    add4(20, icmp4_error(20))
    for p in v4_frags(21, big, [(0, 8, 1), (1, 8, 1), (2, 8, 1),
                                (3, 8, 1), (4, 8, 1), (5, 8, 1),
                                (6, 8, 1), (7, 8, 1), (8, 8, 0)]):
        add4(21, p)                                    # tiny fragments
    for p in v4_frags(22, big, [(0, 24, 1), (2, 24, 1), (5, 32, 1),
                                (8, 8, 0)]):
        add4(22, p)                                    # overlapping
    add4(23, ip4(23, b'z' * 16, frag=0x2000 | 8190))   # past 65535
    add4(24, ip4(24, big[16:], frag=2))                # no first fragment
    for p in v4_frags(25, gtp(0x63, inner4(25)), [(0, 8, 1), (1, 72, 0)]):
        add4(25, p)                                    # fragmented GTP-U
    # IPv6: long, looping and truncated extension header chains
    chain = b''.join(ext6(60) for _ in range(30))
    add6(40, ip6(40, 60, chain + ext6(17) + udp()))
    add6(41, ip6(41, 60, ext6(60) * 150))              # next header loops
    add6(42, ip6(42, 60, ext6(43) + bytes([60, 200]) + b'\0' * 6))
    add6(43, ip6(43, 60, ext6(17, units=30) + udp()))  # runs past the end
    add6(44, ip6(44, 17, udp(), plen=300))             # payload length up
    add6(45, ip6(45, 17, udp(), plen=10) + b'\0' * 30)  # ... and down
    add6(46, ip6(46, 17, udp(length=0)))
    add6(47, ip6(47, 17, udp(length=2000)))
    add6(48, ip6(48, 0, ext6(0) + udp()))              # HBH twice
    for p in v6_frags(49, big, [(0, 8, 1), (1, 8, 1), (2, 8, 1),
                                (3, 8, 1), (4, 8, 1), (5, 8, 1),
                                (6, 8, 1), (7, 8, 1), (8, 8, 0)]):
        add6(49, p)
    for p in v6_frags(50, big, [(0, 24, 1), (2, 24, 1), (5, 32, 1),
                                (8, 8, 0)]):
        add6(50, p)
    add6(51, ip6(51, 44, frag6(51, 17, 0, 0, udp())))      # atomic fragment
    add6(52, ip6(52, 44, frag6(52, 17, 0, 1, udp()[:4])))  # first, truncated
    add6(53, ip6(53, 44, frag6(53, 60, 0, 0, ext6(17, 20))))
    add6(54, gtpu(54, gtp(0x63, inner4(54, trunc=12)), outer=6))
    add6(55, gtpu(55, gtp(0x63, ip6(55, 17, udp(), inner=True)[:30]),
                  outer=6))
    add6(56, icmp6_error(56))
    add6(57, ip6(57, 17, udp())[:30])                  # truncated header
    return c


def raw_cases():
    """(case, family, packet) sent from the router itself."""
    c = []
    add4 = lambda n, p: c.append((n, 4, p))
    add6 = lambda n, p: c.append((n, 6, p))
    for ihl in range(0, 5):
        add4(60 + ihl, ip4(60 + ihl, udp(), src=LM4, ihl=ihl))
    add4(65, ip4(65, udp(), src=LM4, ihl=15))
    add4(66, ip4(66, udp(), src=LM4, tot=0))
    add4(67, ip4(67, udp(), src=LM4, tot=65535))
    add4(68, ip4(68, udp()[:3], src=LM4))
    add4(69, ip4(69, udp(gtp(0x63, inner4(69)), 2152, 2152, length=0),
                 src=LM4))
    add4(70, ip4(70, udp(gtp(0x63, inner4(70), length=3), 2152, 2152),
                 src=LM4))
    add4(71, ip4(71, udp(), src=LM4, frag=0x2000 | 100))
    add6(80, ip6(80, 17, udp(), src=LM6, plen=0))
    add6(81, ip6(81, 17, udp(), src=LM6, plen=65535))
    add6(82, ip6(82, 60, ext6(60) * 3 + bytes([17, 250]), src=LM6))
    add6(83, ip6(83, 44, frag6(83, 17, 3, 1, udp()), src=LM6))
    add6(84, ip6(84, 17, udp(gtp(0x63, inner4(84, trunc=8)), 2152, 2152),
                 src=LM6))
    return c


def main():
    global PHASE
    mode = sys.argv[1]
    PHASE = int(sys.argv[-1])
    sent = 0
    if mode == 'l2':
        iface, smac, dmac = sys.argv[2:5]
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((iface, 0))
        eth = lambda t: bytes.fromhex(dmac.replace(':', '')) + \
            bytes.fromhex(smac.replace(':', '')) + struct.pack('!H', t)
        for case, etype, pkt in l2_cases():
            s.send(eth(etype) + pkt)
            sent += 1
    else:
        s4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW,
                           socket.IPPROTO_RAW)
        for case, fam, pkt in raw_cases():
            try:
                if fam == 4:
                    s4.sendto(pkt, ('10.0.2.2', 0))
                else:
                    s6.sendto(pkt, ('fd02::2', 0))
                sent += 1
            except OSError as e:
                print('# case %d refused by the kernel: %s' % (case, e))
        s4.sendto(ip4(999, udp(b'END', 4000, 9), src=LM4), ('10.0.2.2', 0))
    print('# %s phase %d: %d packets sent' % (mode, PHASE, sent))


main()
